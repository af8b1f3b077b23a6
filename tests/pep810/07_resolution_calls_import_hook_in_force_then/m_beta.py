print("  [body of m_beta runs]")
VALUE = "b"
