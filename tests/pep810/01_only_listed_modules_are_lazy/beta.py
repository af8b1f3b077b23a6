print("  [body of beta runs]")
VALUE = "b"
