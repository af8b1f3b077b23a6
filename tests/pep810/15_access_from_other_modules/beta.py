print("  [body of beta runs]")
X = 'beta'
