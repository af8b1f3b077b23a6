print("  [body of beta runs]")
Y = "beta"
