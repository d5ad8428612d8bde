"""Known games with cited equilibria, shared by the test modules.

Each entry: a factory, the source of the game and its equilibria, and the
expected equilibria as exact fractions (extreme equilibria for 2-player
games; pure equilibria for N-player games).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np

import tradegame as tg


@dataclass(frozen=True)
class KnownGame:
    name: str
    source: str
    game: tg.Game
    equilibria: tuple  # each: tuple of per-player probability tuples
    pure_only: bool = False  # expected lists pure equilibria only (N-player)


def _profile(*players):
    return tuple(tuple(F(p) for p in probs) for probs in players)


# von Stengel (1999), "New maximal numbers of equilibria in bimatrix games",
# Discrete & Computational Geometry 21, 557-568: a 6x6 game with 75 equilibria
# (payoffs as distributed with Gambit, contrib/games/stengel.nfg).
STENGEL_6X6 = [
    9504,
    72336,
    -111771,
    -461736,
    397584,
    1227336,
    171204,
    -1718376,
    1303104,
    1303104,
    737154,
    -453420,
    -660,
    48081,
    31680,
    -300036,
    -113850,
    774576,
    -45936,
    -1039236,
    -453420,
    737154,
    -227040,
    -227040,
    19976,
    29216,
    -130944,
    -178761,
    451176,
    451176,
    208626,
    -586476,
    1227336,
    397584,
    774576,
    -113850,
    -20526,
    14124,
    168124,
    -84436,
    -586476,
    208626,
    -263076,
    -263076,
    -1718376,
    171204,
    -1039236,
    -45936,
    1776,
    1776,
    -8514,
    -8976,
    29216,
    19976,
    14124,
    -20526,
    72336,
    9504,
    48081,
    -660,
    -8976,
    -8514,
    52764,
    52764,
    -178761,
    -130944,
    -84436,
    168124,
    -461736,
    -111771,
    -300036,
    31680,
]


def stengel_6x6() -> tg.Game:
    flat = np.array(STENGEL_6X6, dtype=float).reshape(6, 6, 2)  # [col, row, player]
    return tg.Game.from_bimatrix(flat[:, :, 0].T, flat[:, :, 1].T, name="von Stengel 6x6")


def nau_2x2x2() -> tg.Game:
    """Bob Nau's 2x2x2 game (Gambit contrib/games/2x2x2-nau.nfg): three pure equilibria."""
    outcomes = [
        (0, 0, 2),
        (3, 0, 0),
        (0, 3, 0),
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 0),
        (0, 0, 0),
        (0, 0, 3),
    ]
    tensor = np.zeros((3, 2, 2, 2))
    for k, payoff in enumerate(outcomes):  # first player's strategy varies fastest
        a, b, c = k % 2, (k // 2) % 2, k // 4
        tensor[:, a, b, c] = payoff
    return tg.Game(tensor, ("P1", "P2", "P3"), (("1", "2"),) * 3, name="Nau 2x2x2")


KNOWN_GAMES = [
    KnownGame(
        "von Stengel 6x6",
        "von Stengel (1999), Discrete & Computational Geometry 21, 557-568: 75 equilibria",
        stengel_6x6(),
        (),  # checked by count, see test_known_games
    ),
    KnownGame(
        "tariff prisoners' dilemma",
        "Suranovic (2010), International Trade: Theory and Policy, ch. 110: unique equilibrium "
        "(optimal tariff, optimal tariff) with welfare 90/90",
        tg.Game.from_bimatrix([[100, 70], [120, 90]], [[100, 120], [70, 90]]),
        (_profile((0, 1), (0, 1)),),
    ),
    KnownGame(
        "tariff chicken",
        "Rapoport and Guyer (1966), game 66: two pure equilibria and the mixed one (1/2, 1/2)",
        tg.Game.from_bimatrix([[3, 2], [4, 1]], [[3, 4], [2, 1]]),
        (
            _profile((0, 1), (1, 0)),
            _profile((1, 0), (0, 1)),
            _profile((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),
        ),
    ),
    KnownGame(
        "matching pennies",
        "von Neumann and Morgenstern (1944); Osborne (2004), An Introduction to Game Theory, "
        "ch. 4: unique equilibrium, both mix 1/2-1/2",
        tg.Game.zero_sum([[1, -1], [-1, 1]]),
        (_profile((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),),
    ),
    KnownGame(
        "battle of the sexes",
        "Luce and Raiffa (1957), Games and Decisions, ch. 5: two pure equilibria and the mixed "
        "((2/3, 1/3), (1/3, 2/3))",
        tg.Game.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        (
            _profile((1, 0), (1, 0)),
            _profile((0, 1), (0, 1)),
            _profile((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
        ),
    ),
    KnownGame(
        "von Stengel 3x2",
        "von Stengel (2007), Algorithmic Game Theory ch. 3, eq. (3.3): three equilibria",
        tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        (
            _profile((1, 0, 0), (1, 0)),
            _profile((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
            _profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        ),
    ),
    KnownGame(
        "3x3 coordination",
        "Quint and Shubik (1997), 'A theorem on the number of Nash equilibria in a bimatrix game', "
        "IJGT 26: the n x n identity coordination game has 2^n - 1 equilibria, "
        "uniform on each support",
        tg.Game.from_bimatrix(np.eye(3), np.eye(3)),
        tuple(
            _profile(
                tuple(F(int(k in s), len(s)) for k in range(3)),
                tuple(F(int(k in s), len(s)) for k in range(3)),
            )
            for s in [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]
        ),
    ),
    KnownGame(
        "rock-paper-scissors",
        "Osborne (2004), An Introduction to Game Theory, ch. 4: unique equilibrium, uniform mixing",
        tg.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]),
        (_profile((F(1, 3),) * 3, (F(1, 3),) * 3),),
    ),
    KnownGame(
        "degenerate 3x2",
        "von Stengel (2007), Algorithmic Game Theory ch. 3, eq. (3.7) / Avis et al. (2010): "
        "a degenerate game; the top row is an equilibrium against every y with y1 >= 2/3, "
        "so the extreme equilibria are the segment's two ends plus the mixed one",
        tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        (
            _profile((1, 0, 0), (1, 0)),
            _profile((1, 0, 0), (F(2, 3), F(1, 3))),
            _profile((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        ),
    ),
    KnownGame(
        "3-player Nau game",
        "Gambit sample game 2x2x2-nau.nfg (Bob Nau): three pure-strategy equilibria",
        nau_2x2x2(),
        (
            _profile((1, 0), (0, 1), (1, 0)),
            _profile((0, 1), (1, 0), (1, 0)),
            _profile((0, 1), (0, 1), (0, 1)),
        ),
        pure_only=True,
    ),
]


def entry_game():
    """Osborne (2004), An Introduction to Game Theory, Figure 154.1 (Selten 1975's entry game):
    out pays (1, 2); in, then the incumbent acquiesces (2, 1) or fights (0, 0)."""
    from tradegame.extensive import GameTree, decision, terminal

    return GameTree(
        decision(
            "Challenger",
            {
                "in": decision(
                    "Incumbent", {"acquiesce": terminal([2, 1]), "fight": terminal([0, 0])}
                ),
                "out": terminal([1, 2]),
            },
        ),
        ("Challenger", "Incumbent"),
        name="entry",
    )
