print("  [body of pkg runs]")
def func():
    return "func"
