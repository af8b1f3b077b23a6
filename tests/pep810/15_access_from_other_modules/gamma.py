print("  [body of gamma runs]")
X = 'gamma'
