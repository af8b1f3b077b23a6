print("  [body of alpha runs]")
VALUE = 'alpha'
