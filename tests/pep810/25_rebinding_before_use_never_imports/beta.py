print("  [body of beta runs]")
X = 2
