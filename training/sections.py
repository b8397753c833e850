def register_sections():
    pass
