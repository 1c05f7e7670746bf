print("keelson")
