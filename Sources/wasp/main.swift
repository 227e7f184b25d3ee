print("wasp")
