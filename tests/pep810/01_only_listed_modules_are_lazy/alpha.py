print("  [body of alpha runs]")
VALUE = "a"
