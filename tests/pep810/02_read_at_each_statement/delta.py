print("  [body of delta runs]")
VALUE = 'delta'
