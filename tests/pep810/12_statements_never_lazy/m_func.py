print("  [body of m_func runs]")
X = 'm_func'
