"""The games. Each folder is one game: ``rules.py``, ``text.py``, ``env.py``, ``bots.py``, ``data/``."""
