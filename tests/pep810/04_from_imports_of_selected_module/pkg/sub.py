print("  [body of pkg.sub runs]")
X = "x"
