print("  [body of m_alpha runs]")
VALUE = "a"
