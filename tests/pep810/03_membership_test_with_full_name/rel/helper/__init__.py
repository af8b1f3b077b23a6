print("  [body of rel.helper runs]")
THING = 1
