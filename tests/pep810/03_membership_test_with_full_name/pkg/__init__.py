print("  [body of pkg runs]")
other = "other"
