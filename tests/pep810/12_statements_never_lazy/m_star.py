print("  [body of m_star runs]")
X = 'm_star'
