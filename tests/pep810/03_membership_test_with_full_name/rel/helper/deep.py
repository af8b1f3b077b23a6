print("  [body of rel.helper.deep runs]")
X = 1
