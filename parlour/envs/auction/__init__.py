"""Auctions (``auction_v0``): AucArena-style sequential English auctions and the classic formats."""
