print("  [body of other runs]")
import alpha
