print("lodestone-mainchain")
