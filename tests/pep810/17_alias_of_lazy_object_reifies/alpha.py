print("  [body of alpha runs]")
X = 1
