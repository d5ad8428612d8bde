"""Gambit .efg files: reading both payoff styles, round trips, and one-line errors."""

from __future__ import annotations

from fractions import Fraction

import pytest
from numpy.testing import assert_allclose

from tradegame.errors import EfgError
from tradegame.extensive import (
    GameTree,
    chance,
    decision,
    dumps_efg,
    loads_efg,
    read_efg,
    subgame_perfect,
    terminal,
    write_efg,
)

# The sample of Gambit's format documentation (bayes1a.efg, first lines), older style:
# six-decimal numbers, payoffs separated by spaces; information sets given again in full.
OLD_STYLE = """EFG 2 R "General Bayes game, one stage" { "Player 1" "Player 2" }
c "ROOT" 1 "(0,1)" { "1G" 0.500000 "1B" 0.500000 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10.000000 2.000000 }
t "" 2 "Outcome 2" { 0.000000 10.000000 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 3 "Outcome 3" { 2.000000 4.000000 }
t "" 4 "Outcome 4" { 4.000000 0.000000 }
p "" 1 2 "(1,2)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10.000000 2.000000 }
t "" 2
p "" 2 1 0
t "" 3
t "" 4
"""


def sample_tree() -> GameTree:
    sub = {
        a: decision(
            "B",
            {"x": terminal([Fraction(1, 3), 2]), "y": terminal([0.1, -1])},
            infoset="b",
            label=f"after {a}",
        )
        for a in ("l", "r")
    }
    return GameTree(
        chance(
            {
                "good": (Fraction(1, 4), decision("A", sub, label='say "hi"')),
                "bad": (Fraction(3, 4), terminal([7, 0], label="end")),
            }
        ),
        ("A", "B"),
        name="sample",
        source="made for the tests",
    )


def test_old_style_file_with_omitted_repeats() -> None:
    tree = loads_efg(OLD_STYLE)
    assert tree.players == ("Player 1", "Player 2")
    assert repr(tree).startswith("<GameTree 'General Bayes game, one stage'")
    sets = {s.name: s for s in tree.information_sets()}
    assert len(sets["(2,1)"].paths) == 4
    # outcome 2 is given once (line 5) and referenced by number alone under 1B (line 13)
    assert_allclose(tree.node_at(("1B", "H", "l")).payoffs, [0, 10])
    assert_allclose(tree.node_at(("1B", "L", "l")).payoffs, [4, 0])
    assert tree.to_frame()["probability"].tolist() == [0.5] * 8


def test_round_trip_ours(tmp_path) -> None:
    tree = sample_tree()
    text = dumps_efg(tree)
    assert loads_efg(text) == tree
    path = write_efg(tree, tmp_path / "sample.efg")
    assert read_efg(path) == tree
    assert isinstance(loads_efg(text).node_at(("good", "l", "x")).payoffs[0], Fraction)


def test_interior_outcomes_add_up() -> None:
    text = """EFG 2 R "" { "A" "B" } ""
    p "" 1 1 "" { "a" "b" } 1 "bonus" { 1, 1 }
    t "" 2 "o" { 2, 3 }
    t "" 0
    """
    tree = loads_efg(text)
    assert tree.node_at(("a",)).payoffs == (3, 4)
    assert tree.node_at(("b",)).payoffs == (1, 1)
    assert subgame_perfect(tree)[0].path == ("a",)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            'EFG 2 R "" { "A" "B" } ""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1, 2 }\n',
            r"line 3: file ends early",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0\n',
            r"line 2: chance probabilities sum to 5/6",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\nc "" 1 "" { "a" -1 "b" 2 } 0\nt "" 0\nt "" 0\n',
            r"line 2: probability -1 is negative",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\np "" 3 1 "" { "a" } 0\nt "" 0\n',
            r"line 2: player number 3 is not in 1..2",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\np "" 1 1 "" { "a" } 0\nt "" 1 "o" { nan, 2 }\n',
            r"line 3: expected a payoff, found 'nan'",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1, 2 }\n'
            't "" 1 "o" { 1, 3 }\n',
            r"line 4: outcome 1 has payoffs \(1, 3\) here but \(1, 2\) at line 3",
        ),
        (
            'EFG 2 R "" { "A" "B" } ""\np "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1 }\n',
            r"line 3: outcome 1 has 1 payoffs; expected 2",
        ),
        ('NFG 1 R "" { "A" "B" } { 1 1 } 0 0', r"line 1: not an extensive-form file"),
        ('EFG 2 R "" { "A" "B" } ""\nt "" 0\nt "" 0\n', r"line 3: unexpected data"),
    ],
)
def test_malformed_files_give_one_line_errors(text: str, match: str) -> None:
    with pytest.raises(EfgError, match=match) as info:
        loads_efg(text, origin="bad.efg")
    assert str(info.value).startswith("bad.efg: ")
    assert "\n" not in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(EfgError, match="file not found"):
        read_efg("/nonexistent/game.efg")
