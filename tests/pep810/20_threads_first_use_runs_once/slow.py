import builtins
import time

builtins.SLOW_RUNS = getattr(builtins, "SLOW_RUNS", 0) + 1
time.sleep(0.2)
VALUE = 42
