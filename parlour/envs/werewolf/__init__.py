"""Werewolf (``werewolf_v0``): the village hunts the werewolves who hunt it by night."""
