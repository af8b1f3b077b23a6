print("  [body of other.sub runs]")
X = 2
