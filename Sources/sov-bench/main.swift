print("sov-bench")
