print("  [body of alpha runs]")
import beta
X = beta.Y
