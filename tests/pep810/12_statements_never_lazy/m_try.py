print("  [body of m_try runs]")
X = 'm_try'
