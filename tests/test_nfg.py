"""Gambit .nfg interchange: both variants, round trips, and error messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from games import KNOWN_GAMES
from hypothesis import given, settings
from strategies import nplayer_games

import tradegame as tg

# The sample game of Gambit's format documentation (Selten 1975, Figure 2), both variants.
PAYOFF_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""
OUTCOME_VERSION = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def test_payoff_and_outcome_versions_describe_the_same_game() -> None:
    a = tg.loads_nfg(PAYOFF_VERSION)
    b = tg.loads_nfg(OUTCOME_VERSION)
    assert np.array_equal(a.payoff_tensor, b.payoff_tensor)
    # profile (row 2, column 1) is the second entry: payoffs 0, 2
    assert a.payoff("Player 1")[1, 0] == 0 and a.payoff("Player 2")[1, 0] == 2
    # profile (row 1, column 2) is the fourth entry: payoffs 1, 1
    assert a.payoff("Player 1")[0, 1] == 1 and a.payoff("Player 2")[0, 1] == 1


def test_rationals_decimals_null_outcome_and_escaped_quotes() -> None:
    text = r"""NFG 1 R "say \"hi\"" { "A" "B" } { { "x" "y" } { "z" } } "a comment"
    { { "o1" 1/2, .25 } { "o2" -3e-1 2 } } 1 0"""
    game = tg.loads_nfg(text)
    assert game.name == 'say "hi"' and game.source == "a comment"
    assert game.payoff("A").tolist() == [[0.5], [0.0]]
    assert game.payoff("B").tolist() == [[0.25], [0.0]]


@pytest.mark.parametrize("outcomes", [False, True])
def test_round_trip_of_known_games(outcomes: bool, tmp_path: Path) -> None:
    for known in KNOWN_GAMES:
        path = tg.write_nfg(known.game, tmp_path / "g.nfg", outcomes=outcomes)
        back = tg.read_nfg(path)
        assert np.array_equal(back.payoff_tensor, known.game.payoff_tensor), known.name
        assert back.players == known.game.players and back.strategies == known.game.strategies


@settings(max_examples=40, deadline=None)
@given(nplayer_games(max_players=4))
def test_round_trip_property(game: tg.Game) -> None:
    back = tg.loads_nfg(tg.dumps_nfg(game))
    assert back == game.replace(source="")


def test_non_integer_floats_round_trip_exactly() -> None:
    game = tg.Game.from_bimatrix([[0.1, 1 / 3]], [[2.5e-12, -7.25]])
    assert np.array_equal(tg.loads_nfg(tg.dumps_nfg(game)).payoff_tensor, game.payoff_tensor)


def test_empty_gambit_labels_get_positions() -> None:
    game = tg.loads_nfg('NFG 1 R "" { "" "" } { { "" "" } { "" } } 1 2 3 4')
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("1", "2"), ("1",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("EFG 2 R", "it must start with 'NFG'"),
        ('NFG 2 R "t" { "a" "b" } { 1 1 } 1 2', "unsupported .nfg version '2'"),
        (
            'NFG 1 R "t" { "a" "b" } { 2 1 } 1 2 3',
            r"line 1: file ends early: the header announces 4 payoffs, more than the rest",
        ),
        ('NFG 1 R "t" { "a" "b" }\n{ 1 1 }\n1 x', r"line 3: expected payoff 2 of 2, found 'x'"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 2 3', "unexpected data after the last profile: '3'"),
        ('NFG 1 R "t" { "a" "b" } { 0 1 }', "number of strategies must be a positive integer"),
        ('NFG 1 R "t" { "a" "b" } { 1 }', "strategies are given for 1 players; 2 are named"),
        (
            'NFG 1 R "t" { "a" "b" } { { "x" } { "y" } } { { "" 1 } } 1',
            "outcome 1 has 1 payoffs; expected 2",
        ),
        (
            'NFG 1 R "t" { "a" "b" } { { "x" } { "y" } } { { "" 1 2 } } 2',
            r"outcome number 2 is not in 0..1",
        ),
        ('NFG 1 R "t" { "a" "a" } { 1 1 } 1 2', "player names must be unique"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 1/0', "expected payoff 2 of 2, found '1/0'"),
        ('NFG 1 R "t" { "a" "b" ', "file ends inside the player list"),
    ],
)
def test_malformed_files_get_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(tg.NfgError, match=message) as info:
        tg.loads_nfg(text, origin="game.nfg")
    assert str(info.value).startswith("game.nfg")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 1e309', r"line 1: payoff 2 of 2 is '1e309', outside"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 -1e99999999', "outside the range of floating-point"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 1' + "0" * 400 + "/1", "outside the range"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 1/0', r"found '1/0' \(division by zero\)"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 ' + "9" * 5000 + "/7", "expected payoff 2 of 2"),
        ('NFG 1 R "t" { "a" "b" } { 1e9 1 } 1 2', r"a number of strategies \(a whole number\)"),
        ('NFG 1 R "" { "a" "b" } { 1000000000 2 }', "2,000,000,000 pure profiles, more than"),
        ('NFG 1 R "" { "a" "b" } { 99999999999999999999 2 }', "a whole number"),
        (
            'NFG 1 R "" { "a" "b" } { 100000 100000 }',
            "10,000,000,000 pure profiles",
        ),
        ('NFG 1 R "t" { "a" "b" } { 1 1 } 1 2 "oops', "line 1: an unterminated string"),
        (
            'NFG 1 R "t"\n{ "a" "b" }\n{ 1 1 }\n1 2 @',
            r"line 4: unexpected data after the last profile: '@'",
        ),
        ('NFG 1 R "" { ' + '"p" ' * 33 + "}", "more than 32 players"),
    ],
)
def test_sizes_and_numbers_are_checked_before_anything_is_built(text: str, message: str) -> None:
    with pytest.raises(tg.NfgError, match=message) as info:
        tg.loads_nfg(text, origin="big.nfg")
    assert str(info.value).startswith("big.nfg") and "\n" not in str(info.value)


def test_a_raised_profile_limit_still_refuses_a_header_the_file_cannot_fill() -> None:
    # the header promises 2e9 payoffs; nothing of that size is allocated
    with pytest.raises(tg.NfgError, match="announces 4,000,000,000 payoffs, more than the rest"):
        tg.loads_nfg('NFG 1 R "" { "a" "b" } { 1000000000 2 } 1 2', max_profiles=10**10)


def test_byte_order_mark_bytes_and_label_white_space() -> None:
    text = 'NFG 1 R "t" { " US\n " "China" } { { "a  b" "c" } { "d" } } 1 2 3 4'
    game = tg.loads_nfg(("\ufeff" + text).encode("utf-8"))
    assert game.players == ("US", "China") and game.strategies[0] == ("a b", "c")
    assert tg.loads_nfg("\ufeff" + text) == game
    with pytest.raises(tg.NfgError, match="expected the file's text, got int"):
        tg.loads_nfg(3)  # type: ignore[arg-type]


def test_a_300x300_game_written_by_export_reads_back(tmp_path: Path) -> None:
    rng = np.random.default_rng(300)
    game = tg.Game.from_bimatrix(rng.integers(-999, 999, (300, 300)), rng.random((300, 300)))
    back = tg.read_nfg(tg.write_nfg(game, tmp_path / "big.nfg"))
    assert np.array_equal(back.payoff_tensor, game.payoff_tensor)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(tg.NfgError, match=r"missing\.nfg: file not found"):
        tg.read_nfg(tmp_path / "missing.nfg")


def test_outcome_numbers_are_whole_numbers_on_every_path() -> None:
    head = 'NFG 1 R "t" { "a" "b" } { { "x" "y" } { "z" } } { { "" 1, 2 } { "" 3, 4 } } '
    assert tg.loads_nfg(head + "1 2").payoff("a").tolist() == [[1.0], [3.0]]
    for body in ("1.0 2", "1e0 2", "1 -0", "1 3"):
        with pytest.raises(tg.NfgError, match="outcome number"):
            tg.loads_nfg(head + body)


def test_only_ascii_digits_are_numbers() -> None:
    # Python's float() reads the fullwidth "\uff12" as 2; a Gambit file's numbers are ASCII
    with pytest.raises(tg.NfgError, match="line 2: expected payoff 1 of 2, found '\uff12'"):
        tg.loads_nfg('NFG 1 R "x" { "A" "B" } { 1 1 }\n\uff12 3\n')
