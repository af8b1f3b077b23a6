"""If `name in __lazy_modules__` raises, the exception propagates from the
import statement (here: the body of the importing module)."""
for name in ("broken_container", "not_a_container"):
    try:
        __import__(name)
    except Exception as exc:
        print(f"{name}: {type(exc).__name__}")  # the TypeError wording varies by version
import sys

print("target imported:", "alpha" in sys.modules)
