print("  [body of beta runs]")
VALUE = 'beta'
