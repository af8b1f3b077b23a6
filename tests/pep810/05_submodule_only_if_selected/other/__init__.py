print("  [body of other runs]")

