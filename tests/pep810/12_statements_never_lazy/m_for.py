print("  [body of m_for runs]")
X = 'm_for'
