storage = 1024
