print("  [body of pkg runs]")

