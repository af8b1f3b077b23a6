import builtins

builtins.FLAKY_RUNS = getattr(builtins, "FLAKY_RUNS", 0) + 1
print(f"  [body of flaky runs, attempt {builtins.FLAKY_RUNS}]")
if builtins.FLAKY_RUNS == 1:
    raise ValueError("first attempt fails")
X = "ok"
