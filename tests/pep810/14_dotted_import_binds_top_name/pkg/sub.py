print("  [body of pkg.sub runs]")
X = "sub"
