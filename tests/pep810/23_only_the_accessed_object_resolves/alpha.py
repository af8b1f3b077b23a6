print("  [body of alpha runs]")
NAME = "alpha"
X = "x"
