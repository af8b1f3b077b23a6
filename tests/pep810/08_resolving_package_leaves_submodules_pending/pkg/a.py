print("  [body of pkg.a runs]")
X = "a"
