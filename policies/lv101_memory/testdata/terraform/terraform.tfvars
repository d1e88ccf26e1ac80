memory = 2048
