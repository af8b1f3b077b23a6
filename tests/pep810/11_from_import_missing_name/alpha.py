print("  [body of alpha runs]")
VALUE = 1
