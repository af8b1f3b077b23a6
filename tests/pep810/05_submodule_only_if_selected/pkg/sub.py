print("  [body of pkg.sub runs]")
X = 1
