"""Who-is-Spy (``who_is_spy_v0``): describe your word, find who holds a different one."""
