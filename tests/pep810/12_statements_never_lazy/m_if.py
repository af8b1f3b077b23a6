print("  [body of m_if runs]")
X = 'm_if'
