print("  [body of gamma runs]")
VALUE = 'gamma'
