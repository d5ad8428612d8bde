"""Game.to_nashpy and Game.from_nashpy: round trips, labels, equilibria, errors.

nashpy (Knight and Campbell 2018, JOSS 3(30), 904) is in the test extra; the
tests are skipped without it.
"""

from __future__ import annotations

import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest
from games import KNOWN_GAMES
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import bimatrix_games, generic_bimatrix_games

import tradegame as tg
from tradegame.errors import GameError

nashpy = pytest.importorskip("nashpy")

TWO_PLAYER_KNOWN = [k for k in KNOWN_GAMES if k.game.n_players == 2 and max(k.game.shape) <= 4]

# von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
# form", Algorithmic Game Theory ch. 3: the 3x2 example, eq. (3.3), and its degenerate variant
# of section 3.6 (eq. (3.7)), where the top row has two best responses.
STENGEL_A = [[3, 3], [2, 5], [0, 6]]
STENGEL_B = [[3, 2], [2, 6], [3, 1]]
DEGENERATE_B = [[3, 3], [2, 6], [3, 1]]


@st.composite
def float_bimatrices(draw, max_strategies: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Two matrices of any finite floats (huge, tiny, negative zero), one shape."""
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
    a = draw(hnp.arrays(np.float64, (m, n), elements=floats))
    b = draw(hnp.arrays(np.float64, (m, n), elements=floats))
    return a, b


def _support_enumeration(nashpy_game) -> tuple[list, list[str]]:
    """nashpy's equilibria by support enumeration, and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = list(nashpy_game.support_enumeration())
    return found, [str(w.message) for w in caught]


def _strategies(result: tg.SolverResult) -> list[tuple[list[float], ...]]:
    return [tuple(s.tolist() for s in e.strategies) for e in result]


# ---------------------------------------------------------------- round trips


@settings(max_examples=60, deadline=None)
@given(float_bimatrices())
def test_bimatrices_survive_both_ways_exactly(matrices):
    a, b = matrices
    game = tg.Game.from_bimatrix(a, b)
    ng = game.to_nashpy()
    assert isinstance(ng, nashpy.Game)
    assert np.array_equal(ng.payoff_matrices[0], a)
    assert np.array_equal(ng.payoff_matrices[1], b)
    back = tg.Game.from_nashpy(ng)
    assert back == game  # same payoffs bit for bit, same default labels
    again = tg.Game.from_nashpy(nashpy.Game(a, b)).to_nashpy()
    assert np.array_equal(again.payoff_matrices[0], a)
    assert np.array_equal(again.payoff_matrices[1], b)


@settings(max_examples=40, deadline=None)
@given(float_bimatrices(), st.data())
def test_labels_name_and_source_come_back_when_passed_again(matrices, data):
    a, b = matrices
    m, n = a.shape
    game = tg.Game.from_bimatrix(
        a,
        b,
        players=("US", "China"),
        strategies=([f"u{k}" for k in range(m)], [f"c{k}" for k in range(n)]),
        name=data.draw(st.sampled_from(["", "tariff game"])),
        source="made up for the test",
    )
    back = tg.Game.from_nashpy(
        game.to_nashpy(),
        players=game.players,
        strategies=game.strategies,
        name=game.name,
        source=game.source,
    )
    assert back == game


def test_labels_default_as_from_bimatrix():
    g = tg.Game.from_nashpy(nashpy.Game([[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [1, 1, 1]]))
    assert g.players == ("Row", "Column")
    assert g.strategies == (("s1", "s2"), ("s1", "s2", "s3"))
    assert g.name == ""
    assert g.source == ""
    assert repr(g) == "<2x3 Game (Row, Column)>"


def test_given_labels_are_used_and_checked():
    ng = nashpy.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    g = tg.Game.from_nashpy(
        ng,
        players=("US", "China"),
        strategies=(("FT", "OT"), ("FT", "OT")),
        name="tariff PD",
        source="Suranovic (2010)",
    )
    assert repr(g) == "<2x2 Game 'tariff PD' (US, China)>"
    assert g.source == "Suranovic (2010)"
    assert g.profile_payoffs(["OT", "FT"]) == {"US": 5.0, "China": 0.0}


def test_zero_sum_games_both_ways():
    a = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    from_one_matrix = tg.Game.from_nashpy(nashpy.Game(a))
    assert from_one_matrix.is_zero_sum()
    assert np.array_equal(from_one_matrix.payoff("Column"), -a)
    ng = tg.Game.zero_sum(a).to_nashpy()
    assert ng.zero_sum
    assert np.array_equal(ng.payoff_matrices[0], a)
    assert np.array_equal(ng.payoff_matrices[1], -a)
    assert tg.Game.from_nashpy(ng) == tg.Game.zero_sum(a)


def test_nashpy_game_is_an_independent_float_copy():
    game = tg.Game.from_bimatrix([[1, 2], [3, 4]], [[4, 3], [2, 1]])
    ng = game.to_nashpy()
    for matrix in ng.payoff_matrices:
        assert matrix.dtype == np.float64
        assert matrix.flags.writeable
    ng.payoff_matrices[0][0, 0] = 99.0
    assert game.payoff("Row")[0, 0] == 1.0
    assert not game.payoff_tensor.flags.writeable


def test_fractions_stay_exact_from_nashpy_and_become_floats_to_nashpy():
    third = Fraction(1, 3)
    ng = nashpy.Game([[third, 0], [0, 1]], [[1, 0], [0, third]])
    g = tg.Game.from_nashpy(ng)
    assert g.exact_payoffs[0].tolist() == [[third, 0], [0, 1]]
    assert g.exact_payoffs[1].tolist() == [[1, 0], [0, third]]
    assert g.to_nashpy().payoff_matrices[0].tolist() == [[1 / 3, 0.0], [0.0, 1.0]]


def test_integer_nashpy_game_gives_the_same_game_as_from_bimatrix():
    ng = nashpy.Game(np.array(STENGEL_A, dtype=np.int64), np.array(STENGEL_B, dtype=np.int8))
    assert tg.Game.from_nashpy(ng) == tg.Game.from_bimatrix(STENGEL_A, STENGEL_B)


# ---------------------------------------------------------------- equilibria


@pytest.mark.parametrize("known", TWO_PLAYER_KNOWN, ids=lambda k: k.name)
def test_known_equilibria_survive_the_round_trip(known):
    game = known.game
    back = tg.Game.from_nashpy(
        game.to_nashpy(), players=game.players, strategies=game.strategies, name=game.name
    )
    direct, round_tripped = tg.solve(game), tg.solve(back)
    assert round_tripped == direct
    exact = sorted(e.exact for e in round_tripped)
    assert exact == sorted(known.equilibria)


@settings(max_examples=40, deadline=None)
@given(bimatrix_games(max_strategies=3))
def test_round_tripped_games_have_the_same_equilibria(game):
    back = tg.Game.from_nashpy(game.to_nashpy())
    assert back == game
    first, second = tg.solve(game), tg.solve(back)
    assert _strategies(second) == _strategies(first)
    assert second.complete == first.complete
    assert second.notes == first.notes


@settings(max_examples=30, deadline=None)
@given(generic_bimatrix_games(max_strategies=4))
def test_each_nashpy_equilibrium_is_among_tradegames(game):
    """In a nondegenerate game every equilibrium nashpy finds is one tradegame lists."""
    found, _ = _support_enumeration(game.to_nashpy())
    ours = tg.solve(game)
    assert ours.complete
    for x, y in found:
        assert any(
            np.allclose(x, e.strategies[0], atol=1e-9)
            and np.allclose(y, e.strategies[1], atol=1e-9)
            for e in ours
        ), (x, y)


def test_degenerate_game_nashpy_misses_an_extreme_equilibrium():
    """von Stengel (2007), section 3.6: the top row is an equilibrium against every column mixture
    with y1 >= 2/3; the end (top, (2/3, 1/3)) has supports of sizes 1 and 2."""
    game = tg.Game.from_bimatrix(STENGEL_A, DEGENERATE_B)
    found, messages = _support_enumeration(game.to_nashpy())
    assert len(found) == 2
    assert len(messages) == 1 and "degenerate" in messages[0]
    ours = tg.solve(game)
    assert ours.complete
    assert any("degenerate" in note for note in ours.notes)
    assert [e.exact for e in ours] == [
        ((1, 0, 0), (1, 0)),
        ((1, 0, 0), (Fraction(2, 3), Fraction(1, 3))),
        ((0, Fraction(1, 3), Fraction(2, 3)), (Fraction(1, 3), Fraction(2, 3))),
    ]
    assert all(e.max_regret <= 1e-12 for e in ours)


@pytest.mark.parametrize("factor", [1.0, 1e9, 1e-9, 1.1])
def test_tradegame_equilibria_do_not_depend_on_the_units(factor):
    """Rescaling the nondegenerate 3x2 example of von Stengel (2007), eq. (3.3), changes neither
    the equilibria tradegame lists nor how it lists them, whatever nashpy does with it."""
    base = tg.solve(tg.Game.from_bimatrix(STENGEL_A, STENGEL_B))
    ng = nashpy.Game(np.array(STENGEL_A) * factor, np.array(STENGEL_B) * factor + 1e3 * factor)
    scaled = tg.solve(tg.Game.from_nashpy(ng))
    assert len(scaled) == len(base) == 3 and scaled.complete
    for ours, reference in zip(scaled, base, strict=True):
        for x, y in zip(ours.strategies, reference.strategies, strict=True):
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)
        assert ours.relative_regret <= 1e-12
    assert scaled.notes == base.notes
    if factor == 1e9:  # integers times 1e9 are exact floats: the same fractions
        assert [e.exact for e in scaled] == [e.exact for e in base]


# ---------------------------------------------------------------- bad input


def test_to_nashpy_refuses_other_player_counts():
    three = tg.Game.from_arrays([np.zeros((2, 2, 2))] * 3)
    with pytest.raises(GameError) as info:
        three.to_nashpy()
    assert str(info.value) == (
        "Game.to_nashpy needs a two-player game; this game has 3 players "
        "(nashpy solves bimatrix games)"
    )


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ([[1, 2], [3, 4]], "list"),
        (None, "NoneType"),
        (tg.Game.from_bimatrix([[1]], [[1]]), "Game"),
        (np.zeros((2, 2, 2)), "ndarray"),
    ],
)
def test_from_nashpy_refuses_other_objects(value, kind):
    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy(value)
    assert str(info.value) == (
        f"Game.from_nashpy needs a nashpy.Game, got {kind}; "
        "for plain payoff matrices use Game.from_bimatrix(A, B)"
    )


def test_from_nashpy_refuses_lookalikes():
    class Lookalike:
        payoff_matrices = (np.eye(2), np.eye(2))

    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy(Lookalike())
    assert str(info.value).startswith("Game.from_nashpy needs a nashpy.Game, got Lookalike;")


def test_from_nashpy_checks_labels_and_payoffs_like_from_bimatrix():
    ng = nashpy.Game([[1.0, 2.0]], [[3.0, 4.0]])
    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy(ng, players=("Row",))
    assert str(info.value) == "2 payoff arrays given for 1 players"
    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy(ng, strategies=(("a",), ("b",)))
    assert str(info.value) == "payoffs for 'Row' have shape (1, 2); strategies imply (1, 1)"
    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy(nashpy.Game([[1.0, np.inf]], [[0.0, 0.0]]))
    assert str(info.value) == (
        "payoff for 'Row' at profile (s1, s2) is inf; payoffs must be finite numbers"
    )


def test_to_nashpy_says_how_to_install_nashpy(monkeypatch):
    monkeypatch.setitem(sys.modules, "nashpy", None)  # makes `import nashpy` fail
    game = tg.Game.from_bimatrix([[1]], [[1]])
    with pytest.raises(ImportError) as info:
        game.to_nashpy()
    assert str(info.value) == (
        "Game.to_nashpy needs nashpy, which is not installed: pip install nashpy"
    )
    assert info.value.name == "nashpy"


def test_from_nashpy_without_nashpy_imported_refuses_by_type(monkeypatch):
    monkeypatch.delitem(sys.modules, "nashpy")
    with pytest.raises(GameError) as info:
        tg.Game.from_nashpy([[1]])
    assert str(info.value).startswith("Game.from_nashpy needs a nashpy.Game, got list;")
