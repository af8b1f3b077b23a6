print("  [body of pkg.sub.deep runs]")
X = 1
