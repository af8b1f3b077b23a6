print("  [body of pkg.sub runs]")
thing = "thing"
