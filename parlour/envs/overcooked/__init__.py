"""Overcooked: the cooperative cooking gridworld of overcooked_ai, as a Parlour env."""
