print("  [body of m_with runs]")
X = 'm_with'
