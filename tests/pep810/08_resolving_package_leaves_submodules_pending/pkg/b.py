print("  [body of pkg.b runs]")
X = "b"
