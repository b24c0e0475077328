"""The Donor Game (``donor_game_v0``): indirect reciprocity, and its cultural-evolution driver."""
