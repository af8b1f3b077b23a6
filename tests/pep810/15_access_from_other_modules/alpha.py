print("  [body of alpha runs]")
X = 'alpha'
