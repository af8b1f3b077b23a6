print("  [body of pkg.m_sub runs]")
X = 1
