print("  [body of rel.sibling runs]")
X = 1
