print("  [body of m_class runs]")
X = 'm_class'
