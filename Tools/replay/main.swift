print("lodestone-replay")
