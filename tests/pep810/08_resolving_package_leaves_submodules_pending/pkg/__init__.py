print("  [body of pkg runs]")
NAME = "pkg"
