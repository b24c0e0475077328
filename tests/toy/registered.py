"""Importing this module registers the toy game, as a package of games registers its own: so
``parlour.make("tests.toy.registered:toy_v0")`` finds it in any process (Gymnasium's
``module:env_id``), also in a tournament's freshly spawned workers."""

from tests.helpers import register_toy_game

register_toy_game()
