""".nfg payoffs are read exactly: integers, decimals and rationals keep their value.

Before, every payoff became its nearest float and the exact solvers guessed the
fraction back (``limit_denominator(10**6)``, else the shortest decimal), so
1/1000003 came back as the decimal 9.99997000009e-07. Now the game keeps the
Fractions, and writing it gives them back.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
import tradegame.nfg
from tradegame.solvers._tableau import exact_matrix

# A cyclic 2x2 game (no pure equilibrium): Row gets 1/1000003 or 1/10 on the diagonal,
# Column gets 1/10 or 1/1000003 off it. Payoffs profile by profile, Row's strategy fastest.
CYCLE = 'NFG 1 R "cycle" { "Row" "Column" } { 2 2 }\n1/1000003 0 0 1/1000003 0 0.1 0.1 0\n'
ROW = [[Fraction(1, 1000003), 0], [0, Fraction(1, 10)]]
COLUMN = [[0, Fraction(1, 10)], [Fraction(1, 1000003), 0]]
# Column is indifferent when (1 - x1) / 1000003 = x1 / 10; Row when y1 / 1000003 = (1 - y1) / 10.
EQUILIBRIUM = (
    (Fraction(10, 1000013), Fraction(1000003, 1000013)),
    (Fraction(1000003, 1000013), Fraction(10, 1000013)),
)


def test_rationals_and_decimals_are_read_exactly() -> None:
    game = tg.loads_nfg(CYCLE)
    assert game.exact_payoffs is not None
    assert [p.tolist() for p in game.exact_payoffs] == [ROW, COLUMN]
    assert all(type(v) is Fraction for v in game.exact_payoff_tensor.flat)
    # the floats are the nearest ones, as before
    assert game.payoff("Row").tolist() == [[1 / 1000003, 0.0], [0.0, 0.1]]
    labels = (("1", "2"), ("1", "2"))
    assert game == tg.Game.from_bimatrix(ROW, COLUMN, strategies=labels, name="cycle")


@pytest.mark.parametrize("outcomes", [False, True])
def test_exact_payoffs_round_trip(outcomes: bool, tmp_path: Path) -> None:
    game = tg.loads_nfg(CYCLE)
    text = tg.dumps_nfg(game, outcomes=outcomes)
    assert "1/1000003" in text and "0.1" in text
    assert tg.loads_nfg(text) == game
    back = tg.read_nfg(tg.write_nfg(game, tmp_path / "cycle.nfg", outcomes=outcomes))
    assert back == game
    assert [p.tolist() for p in back.exact_payoffs] == [ROW, COLUMN]


def test_the_exact_tableau_gets_the_exact_payoffs() -> None:
    """``exact_matrix`` scales the game's Fractions to integers without guessing."""
    game = tg.loads_nfg(CYCLE)
    ints, scale = exact_matrix(game.exact_payoffs[0])
    assert scale == 10000030  # lcm(1000003, 10)
    shifted = [[Fraction(int(v), scale) for v in row] for row in ints]
    assert shifted == [[v + 1 for v in row] for row in ROW]  # ROW - min(ROW) + 1
    # from the floats, 1/1000003 is guessed back as the decimal 9.99997000009e-07
    guessed, _ = exact_matrix(game.payoffs[0])
    assert guessed.tolist() != ints.tolist()


@pytest.mark.parametrize("method", [tg.vertex_enumeration, tg.lemke_howson])
def test_an_exact_solver_finds_the_exact_rational_equilibrium(method) -> None:
    result = method(tg.loads_nfg(CYCLE), exact=True)
    assert [e.exact for e in result] == [EQUILIBRIUM]


def test_every_way_of_writing_a_tenth_is_a_tenth() -> None:
    text = 'NFG 1 R "" { "A" "B" } { 3 2 } 0.1 0.10 .1 1e-1 +1/10 10E-2 1/3 -2.5e-3 0 0 7 -1/2'
    game = tg.loads_nfg(text)
    assert game.exact_payoff_tensor[:, :, 0].tolist() == [[Fraction(1, 10)] * 3] * 2
    assert game.exact_payoffs[0][:, 1].tolist() == [Fraction(1, 3), 0, 7]
    assert game.exact_payoffs[1][:, 1].tolist() == [Fraction(-1, 400), 0, Fraction(-1, 2)]


def test_integer_files_hold_floats_alone() -> None:
    """A float holds an integer below 2**53 exactly: no Fractions are kept."""
    game = tg.loads_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 3 -4 1e3 2/1')
    assert game.exact_payoff_tensor is None and game.exact_payoffs is None
    labels = (("1", "2"), ("1",))
    assert game == tg.Game.from_bimatrix(
        [[3], [1000]], [[-4], [2]], players=("A", "B"), strategies=labels
    )


def test_integers_beyond_2_to_the_53_are_kept_exact() -> None:
    big = 2**53 + 1  # its float is 2**53
    game = tg.loads_nfg(f'NFG 1 R "" {{ "A" "B" }} {{ 1 1 }} {big} 0')
    assert game.payoff("A")[0, 0] == 2.0**53
    assert game.exact_payoffs[0][0, 0] == big
    assert tg.loads_nfg(tg.dumps_nfg(game)) == game


def test_a_float_game_reads_back_as_the_same_floats() -> None:
    """A computed float is written with up to 17 significant digits; a file holding such a
    decimal is read as floats alone, so a float game survives a round trip unchanged."""
    floats = tg.Game.from_bimatrix([[0.1, 1 / 3]], [[2.5e-12, -7.25]])
    back = tg.loads_nfg(tg.dumps_nfg(floats))
    assert back == floats and back.exact_payoff_tensor is None
    # short decimals alone are kept as the numbers written
    short = tg.loads_nfg(tg.dumps_nfg(tg.Game.from_bimatrix([[0.1, 0.25]], [[2.5e-12, -7.25]])))
    assert short.exact_payoffs[0].tolist() == [[Fraction(1, 10), Fraction(1, 4)]]
    assert tg.loads_nfg(tg.dumps_nfg(short)) == short
    # an exact 1/2**60 (42 significant digits as a decimal) is written as a rational
    tiny = tg.Game.from_arrays([np.array([[Fraction(1, 2**60)]], dtype=object)] * 2)
    assert f"1/{2**60}" in tg.dumps_nfg(tiny)
    assert tg.loads_nfg(tg.dumps_nfg(tiny)) == tiny


def test_numbers_too_long_to_hold_exactly_give_a_float_game() -> None:
    game = tg.loads_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1e-5000 0.5')
    assert game.exact_payoff_tensor is None
    assert game.payoff_tensor.ravel().tolist() == [0.0, 0.5]


def test_files_beyond_the_exact_size_limit_give_a_float_game(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tradegame.nfg, "MAX_EXACT_PAYOFFS", 7)
    game = tg.loads_nfg(CYCLE)  # 8 payoffs
    assert game.exact_payoff_tensor is None
    assert game.payoff("Row").tolist() == [[1 / 1000003, 0.0], [0.0, 0.1]]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(1, 8), "0.125"),
        (Fraction(-3, 2), "-1.5"),
        (Fraction(1, 3), "1/3"),
        (Fraction(-7, 30), "-7/30"),
        (Fraction(1, 10**30), "0." + "0" * 29 + "1"),
        (Fraction(1, 10**31), "1/1" + "0" * 31),
    ],
)
def test_exact_payoffs_are_written_as_decimals_or_rationals(value: Fraction, text: str) -> None:
    game = tg.Game.from_bimatrix(np.array([[value]], dtype=object), [[1]])
    body = tg.dumps_nfg(game).split("\n\n")[1].split()
    assert body == [text, "1"]
    assert tg.loads_nfg(tg.dumps_nfg(game)).exact_payoffs[0][0, 0] == value


def test_an_exact_payoff_no_reader_takes_is_refused_on_writing() -> None:
    game = tg.Game.from_bimatrix(np.array([[Fraction(1, 3**9000)]], dtype=object), [[1]])
    with pytest.raises(tg.GameError, match="needs more than 4,000 digits"):
        tg.dumps_nfg(game)
    assert tg.dumps_nfg(game.replace(exact_payoff_tensor=None)).endswith("0 1\n")


small_fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=10**7)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_exact_games_round_trip_property(m: int, n: int, data: st.DataObject) -> None:
    arrays = [
        np.array(data.draw(st.lists(small_fractions, min_size=m * n, max_size=m * n)))
        .astype(object)
        .reshape(m, n)
        for _ in range(2)
    ]
    game = tg.Game.from_arrays(arrays)
    for outcomes in (False, True):
        assert tg.loads_nfg(tg.dumps_nfg(game, outcomes=outcomes)) == game


# ---------------------------------------------------------------------------- Game
def test_fractions_given_to_a_game_are_kept() -> None:
    game = tg.Game.zero_sum(np.array([[Fraction(1, 3), 0], [0, 1]], dtype=object))
    assert game.exact_payoffs[1].tolist() == [[Fraction(-1, 3), 0], [0, -1]]
    assert game.is_zero_sum()
    mixed = tg.Game.from_bimatrix(np.array([[Fraction(1, 3), 0.5]], dtype=object), [[0, 1]])
    assert mixed.exact_payoff_tensor is None  # a float among them: not exact


def test_exact_payoffs_must_match_the_floats() -> None:
    game = tg.loads_nfg(CYCLE)
    with pytest.raises(tg.GameError, match=r"exact payoff for 'Row' at profile \(1, 1\) is 1/3"):
        tg.Game(
            game.payoff_tensor,
            game.players,
            game.strategies,
            exact_payoff_tensor=np.where(
                game.exact_payoff_tensor == Fraction(1, 1000003), Fraction(1, 3), 0
            ),
        )
    with pytest.raises(tg.GameError, match=r"must be ints or fractions\.Fraction; found 0\.5"):
        tg.Game(
            game.payoff_tensor,
            game.players,
            game.strategies,
            exact_payoff_tensor=np.full((2, 2, 2), 0.5, dtype=object),
        )
    with pytest.raises(tg.GameError, match=r"exact payoffs have shape \(8,\)"):
        tg.Game(
            game.payoff_tensor,
            game.players,
            game.strategies,
            exact_payoff_tensor=[Fraction(1)] * 8,
        )


def test_replace_keeps_floats_and_fractions_together() -> None:
    game = tg.loads_nfg(CYCLE)
    assert game.replace(name="x").exact_payoff_tensor is not None
    floats = game.replace(payoff_tensor=game.payoff_tensor * 2)
    assert floats.exact_payoff_tensor is None  # new payoffs: the old Fractions would not match
    doubled = game.replace(exact_payoff_tensor=game.exact_payoff_tensor * 2)
    assert doubled.exact_payoffs[0][0, 0] == Fraction(2, 1000003)
    assert doubled.payoff("Row")[0, 0] == 2 / 1000003
    with pytest.raises(tg.GameError, match=r"must be ints or fractions\.Fraction"):
        game.replace(exact_payoff_tensor=np.full(game.payoff_tensor.shape, "x"))
