"""The Game value object: construction, validation messages, immutability, tables."""

from __future__ import annotations

import numpy as np
import pytest

import tradegame as tg


def pd_game() -> tg.Game:
    return tg.Game.from_bimatrix(
        [[100, 70], [120, 90]],
        [[100, 120], [70, 90]],
        players=("US", "China"),
        strategies=(("FT", "OT"), ("FT", "OT")),
        name="tariff PD",
    )


def test_repr_is_one_line_with_shape_name_and_players() -> None:
    game = tg.Game.from_arrays(
        [np.zeros((3, 3, 2, 2))] * 4,
        players=["China", "US", "Allies", "India"],
        name="rare-earth escalation",
    )
    assert repr(game) == "<3x3x2x2 Game 'rare-earth escalation' (China, US, Allies, India)>"


def test_payoffs_are_read_only_and_game_is_frozen() -> None:
    game = pd_game()
    with pytest.raises(ValueError, match="read-only"):
        game.payoff("US")[0, 0] = 0
    with pytest.raises(AttributeError):
        game.name = "other"  # type: ignore[misc]


def test_constructor_copies_input() -> None:
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    game = tg.Game.from_bimatrix(a, a)
    a[0, 0] = 99
    assert game.payoff(0)[0, 0] == 1.0


def test_replace_validates_and_keeps_original() -> None:
    game = pd_game()
    renamed = game.replace(name="other")
    assert renamed.name == "other" and game.name == "tariff PD"
    with pytest.raises(tg.GameError, match="shape"):
        game.replace(payoff_tensor=np.zeros((2, 3, 2)))


def test_equality_and_hash() -> None:
    assert pd_game() == pd_game()
    assert hash(pd_game()) == hash(pd_game())
    assert pd_game() != pd_game().replace(name="x")


def test_zero_sum() -> None:
    game = tg.Game.zero_sum([[1, -1], [-1, 1]])
    assert game.is_zero_sum()
    assert not pd_game().is_zero_sum()


def test_to_frame_is_a_tidy_payoff_table() -> None:
    frame = pd_game().to_frame()
    assert list(frame.columns) == ["US", "China", "US payoff", "China payoff"]
    row = frame[(frame["US"] == "FT") & (frame["China"] == "OT")]
    assert row["US payoff"].item() == 70 and row["China payoff"].item() == 120
    assert len(frame) == 4


def test_profile_payoffs_by_label_and_mapping() -> None:
    game = pd_game()
    assert game.profile_payoffs(["OT", "OT"]) == {"US": 90.0, "China": 90.0}
    assert game.profile_payoffs({"China": "FT", "US": "OT"}) == {"US": 120.0, "China": 70.0}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: tg.Game.from_bimatrix([[1, 2]], [[1, 2], [3, 4]]),
            r"payoffs for 'Column' have shape \(2, 2\); strategies imply \(1, 2\)",
        ),
        (
            lambda: tg.Game.from_bimatrix([[1, np.nan]], [[1, 2]], strategies=(("a",), ("x", "y"))),
            r"payoff for 'Row' at profile \(a, y\) is nan; payoffs must be finite",
        ),
        (lambda: tg.Game.from_bimatrix([[np.inf]], [[1]]), "must be finite"),
        (
            lambda: tg.Game.from_bimatrix([[1]], [[1]], players=("US", "US")),
            "player names must be unique; 'US' appears twice",
        ),
        (
            lambda: tg.Game.from_bimatrix([[1, 1]], [[1, 1]], strategies=(("a",), ("b", "b"))),
            "strategy labels of 'Column' must be unique; 'b' appears twice",
        ),
        (
            lambda: tg.Game.from_bimatrix([["x"]], [[1]]),
            "payoffs for 'Row' must hold real numbers; found 'x'",
        ),
        # text that looks like a number is still text, not a payoff
        (
            lambda: tg.Game.from_bimatrix([["1"]], [[1]]),
            "payoffs for 'Row' must hold real numbers; found '1'",
        ),
        (lambda: tg.Game.from_arrays(None), "arrays must be a list with one payoff array"),
        (lambda: tg.Game.from_arrays([[[1]], [[1, 2]]]), "have shape"),
        (lambda: tg.Game.from_arrays([[[1]], [None]]), "must hold real numbers; found None"),
        # a string of players is not split into letters
        (lambda: tg.Game.from_bimatrix([[1]], [[1]], players="US"), "must be a list of strings"),
        (
            lambda: tg.Game.from_bimatrix([[1]], [[1]], players=("US", "US ")),
            "must not start or end with white space; got 'US '",
        ),
        (
            lambda: tg.Game.from_bimatrix([[1, 1]], [[1, 1]], strategies=(("a",), ("b", "c\nd"))),
            "must not contain line breaks",
        ),
        (
            lambda: tg.Game.from_arrays([np.zeros((1,) * 33)] * 33),
            "at most 32 players; got 33",
        ),
        (lambda: tg.Game.from_arrays([np.zeros(2)], players=["solo"]), "at least two players"),
        (
            lambda: tg.Game.from_bimatrix([[1, 2]], [[1, 2]], strategies=(("a",), ("b",))),
            r"payoffs for 'Row' have shape \(1, 2\); strategies imply \(1, 1\)",
        ),
        (lambda: tg.Game.from_bimatrix([[1]], [[1]], players=("", "x")), "non-empty strings"),
        (
            lambda: tg.Game.from_bimatrix([[1]], [[1]], strategies=("a", ("b",))),
            "must be a list of strings, not 'a'",
        ),
        (
            lambda: tg.Game.from_arrays([[[1]], [[1]]], players=["a", "b", "c"]),
            "2 payoff arrays given for 3 players",
        ),
    ],
)
def test_bad_input_gets_a_message_naming_the_problem(build, message) -> None:
    with pytest.raises(tg.GameError, match=message):
        build()


def test_unknown_player_and_strategy_messages() -> None:
    game = pd_game()
    with pytest.raises(tg.GameError, match="unknown player 'EU'; players are: US, China"):
        game.payoff("EU")
    with pytest.raises(
        tg.GameError, match="unknown strategy 'ban' for 'US'; strategies are: FT, OT"
    ):
        game.strategy_index("US", "ban")
    with pytest.raises(tg.GameError, match="player index 5 is out of range"):
        game.payoff(5)


def test_six_player_game() -> None:
    rng = np.random.default_rng(6)
    game = tg.Game.from_arrays(list(rng.integers(0, 5, size=(6, 2, 3, 2, 2, 2, 3))))
    assert game.n_players == 6 and game.shape == (2, 3, 2, 2, 2, 3)
    assert len(game.to_frame()) == 2 * 3 * 2 * 2 * 2 * 3
