"""The games, one folder each: ``rules.py``, ``text.py``, ``env.py``, ``bots.py``, ``data/``."""
