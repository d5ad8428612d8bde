"""Cross-checks of .efg files and subgame perfection against Gambit (skipped without pygambit).

Gambit's ``to_efg`` writes the Gambit 16 style; ``enumpure_solve`` on a tree lists the
pure equilibria of its reduced strategic form; ``Game.subgames`` (16.7) lists subgame roots.
"""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from games import entry_game

from tradegame.extensive import (
    GameTree,
    chance,
    decision,
    dumps_efg,
    loads_efg,
    reduced_normal_form,
    subgame_perfect,
    terminal,
)

gbt = pytest.importorskip("pygambit")
pytestmark = pytest.mark.gambit


def trees() -> list[GameTree]:
    entry = entry_game()
    bos = GameTree(
        decision(
            "Row",
            {
                "out": terminal([Fraction(3, 2), 0]),
                "in": decision(
                    "Row",
                    {
                        a: decision(
                            "Column",
                            {
                                b: terminal(
                                    [2, 1] if a == b == "B" else [1, 2] if a == b else [0, 0]
                                )
                                for b in "BS"
                            },
                            infoset="col",
                        )
                        for a in "BS"
                    },
                ),
            },
        ),
        ("Row", "Column"),
        name="bos with outside option",
    )
    lottery = GameTree(
        chance(
            {
                "h": (
                    Fraction(1, 3),
                    decision("A", {"l": terminal([3, 0.5]), "r": terminal([0, 1])}),
                ),
                "t": (
                    Fraction(2, 3),
                    decision("B", {"x": terminal([0, 3]), "y": terminal([1, 1])}),
                ),
            }
        ),
        ("A", "B"),
        name="lottery",
    )
    return [entry, bos, lottery]


def gambit(tree: GameTree):
    return gbt.read_efg(io.StringIO(dumps_efg(tree)))


@pytest.mark.parametrize("tree", trees(), ids=lambda t: t.name)
def test_round_trip_through_gambit(tree: GameTree) -> None:
    game = gambit(tree)
    assert [p.label for p in game.players] == list(tree.players)
    assert loads_efg(game.to_efg()) == tree


@pytest.mark.parametrize("tree", trees(), ids=lambda t: t.name)
def test_pure_equilibria_of_the_reduced_form_match_enumpure(tree: GameTree) -> None:
    game = gambit(tree)
    ours = reduced_normal_form(tree)
    result = gbt.nash.enumpure_solve(game)
    theirs = set()
    for eq in result.equilibria:
        payoffs = tuple(Fraction(eq.payoff(p)) for p in game.players)
        theirs.add(payoffs)
    import tradegame as tg

    mine = {
        tuple(Fraction(float(v)).limit_denominator(1000) for v in eq.payoffs)
        for eq in tg.pure_nash(ours)
    }
    assert mine == theirs


@pytest.mark.parametrize("tree", trees()[:1] + trees()[2:], ids=lambda t: t.name)
def test_subgame_perfect_payoffs_match_gambit_agent_enumeration(tree: GameTree) -> None:
    # perfect-information trees: the pure agent-form equilibria include the SPE; ours must be
    # among them, and Gambit's subgame-perfect play agrees with backward induction
    game = gambit(tree)
    agents = gbt.nash.enumpure_agent_solve(game)
    theirs = {tuple(float(eq.payoff(p)) for p in game.players) for eq in agents.equilibria}
    for eq in subgame_perfect(tree):
        assert tuple(eq.payoffs.values()) in theirs


@pytest.mark.parametrize("scale", [1, 7, Fraction(1, 1000)])
def test_imperfect_subgame_matches_gambit_enummixed_in_any_unit(scale) -> None:
    # chance picks one of four states, A sees it, B does not see A's move: the root is the
    # only subgame, so the SPE are the extreme equilibria of the 16 x 2 reduced form, which
    # Gambit's enummixed lists (exactly, rational=True); scaling the payoffs changes neither
    from test_extensive import blow

    tree = blow(4, scale)
    game = gambit(tree)
    theirs = sorted(
        tuple(Fraction(eq.payoff(p)) / scale for p in game.players)
        for eq in gbt.nash.enummixed_solve(game, rational=True).equilibria
    )
    ours = subgame_perfect(tree)
    assert ours.complete and len(ours) == len(theirs) == 3
    mine = sorted(
        tuple(Fraction(v / float(scale)).limit_denominator(1000) for v in eq.payoffs.values())
        for eq in ours
    )
    assert mine == theirs
