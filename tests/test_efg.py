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


# ---------------------------------------------------------------- hostile input
HEADER = 'EFG 2 R "g" { "A" "B" }\n""\n'
ENTRY = HEADER + (
    'p "" 1 1 "" { "in" "out" } 0\n'
    'p "" 2 1 "" { "acc" "fight" } 0\n'
    't "" 1 "o1" { 2, 1 }\n'
    't "" 2 "o2" { 0, 0 }\n'
    't "" 3 "o3" { 1, 2 }\n'
)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        # two actions labelled alike: reading them as a mapping dropped a subtree
        (ENTRY.replace('"acc" "fight"', '"acc" "acc"'), r"line 4: duplicate action label 'acc'$"),
        # an empty label becomes its position, which may repeat a given one
        (ENTRY.replace('"acc" "fight"', '"2" ""'), r"line 4: duplicate action label '2'$"),
        (
            HEADER + 'c "" 1 "" { "h" 1/2 "h" 1/2 } 0\nt "" 1 "" { 1, 0 }\nt "" 2 "" { 0, 1 }\n',
            r"line 3: duplicate action label 'h'$",
        ),
    ],
)
def test_duplicate_action_labels_are_refused(text: str, match: str) -> None:
    with pytest.raises(EfgError, match=match) as info:
        loads_efg(text, origin="dup.efg")
    assert str(info.value).startswith("dup.efg: line ")


_LIMIT = r"more than 1e300 in magnitude \(tradegame.limits.MAX_PAYOFF_MAGNITUDE\)"


@pytest.mark.parametrize(
    ("payoff", "match"),
    [
        ("-1e308", rf"line 5: a payoff is -1e\+308, {_LIMIT}"),
        ("1.0000001e300", rf"line 5: a payoff is 1.0000001e\+300, {_LIMIT}"),
        ("9" * 400, rf"line 5: a payoff is a 400-digit integer, {_LIMIT}"),
        ("9" * 400 + "/7", rf"line 5: a payoff is a number beyond 1e308, {_LIMIT}"),
        ("1e309", r"line 5: a payoff is '1e309', outside the range of floating-point numbers"),
        # Python's int() and float() read other scripts' digits; the format's numbers are ASCII
        ("\uff12", r"line 5: expected a payoff, found '\uff12'"),
        ("\u0663", r"line 5: expected a payoff, found '\u0663'"),
    ],
)
def test_payoffs_beyond_the_float_safe_range_or_not_ascii_are_refused(
    payoff: str, match: str
) -> None:
    # before: 1e308 payoffs overflowed in differences (8 bogus equilibria and a numpy
    # warning); 400-digit numbers crashed with OverflowError
    text = ENTRY.replace("{ 2, 1 }", "{ " + payoff + ", 1 }")
    with pytest.raises(EfgError, match=match) as info:
        loads_efg(text, origin="big.efg")
    assert "\n" not in str(info.value)


def test_probabilities_above_one_and_interior_sums_beyond_the_limit_are_refused() -> None:
    huge = HEADER + 'c "" 1 "" { "h" 1e308 "t" 1e308 } 0\nt "" 1 "" { 1, 0 }\nt "" 2 "" { 0, 1 }\n'
    with pytest.raises(EfgError, match=r"line 3: a probability is 1e\+308, more than 1$"):
        loads_efg(huge)
    # interior outcomes add up along the play: 6e299 + 6e299 is beyond the limit
    summed = HEADER + 'p "" 1 1 "" { "a" } 1 "x" { 6e299, 0 }\nt "" 2 "y" { 6e299, 0 }\n'
    with pytest.raises(EfgError, match=r"line 4: payoff 1 is 1.2e\+300; payoffs must be at most"):
        loads_efg(summed)


def test_payoffs_at_the_limit_keep_their_answer() -> None:
    # a war of nerves with payoffs at the float-safe limit: after either first move B holds
    # (1e300 > 0 and 1 > -1e300), so A holds (1 > -1e300); one equilibrium, no overflow
    text = HEADER + (
        'p "" 1 1 "" { "concede" "hold" } 0\n'
        'p "" 2 1 "" { "concede" "hold" } 0\n'
        't "" 1 "" { 0, 0 }\nt "" 2 "" { -1e300, 1e300 }\n'
        'p "" 2 2 "" { "concede" "hold" } 0\n'
        't "" 3 "" { 1e300, -1e300 }\nt "" 4 "" { 1, 1 }\n'
    )
    (eq,) = subgame_perfect(loads_efg(text))  # warnings are errors: no overflow warning
    assert eq.path == ("hold", "hold")
    assert_allclose(list(eq.payoffs.values()), [1, 1])
    assert eq.offpath[0]["node"] == "concede" and eq.offpath[0]["kind"] == "threat"


def test_line_numbers_are_counted_only_for_errors(monkeypatch) -> None:
    # counting newlines from the file start for every node made reading quadratic
    from tradegame.extensive import efg

    def no_counting(self, at=None):
        raise AssertionError("line counted while reading a valid file")

    monkeypatch.setattr(efg._Tokens, "line", no_counting)
    assert loads_efg(OLD_STYLE).n_outcomes == 8


def _chain(depth: int) -> str:
    lines = [HEADER]
    for k in range(depth):
        lines.append(f'p "" {k % 2 + 1} {k + 1} "" {{ "stop" "go" }} 0\n')
        lines.append(f't "" {k + 1} "" {{ {k}, {depth - k} }}\n')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}\n')
    return "".join(lines)


def _wide(width: int) -> str:
    actions = " ".join(f'"a{k}"' for k in range(width))
    terminals = "".join(f't "" {k + 1} "" {{ {k}, {-k} }}\n' for k in range(width))
    return HEADER + f'p "" 1 1 "" {{ {actions} }} 0\n' + terminals


def test_deep_and_wide_files_are_read_and_solved() -> None:
    # a 10,000-move chain (it took 21-26 s and 944 MB when reading was quadratic) and a
    # 30,000-action node; both now take about a second (measured outside the tests)
    tree = loads_efg(_chain(10_000))
    result = subgame_perfect(tree)
    data = result.to_dict()
    # stopping at move k pays (k, d - k): B (odd k) stops, A (even k) goes on, so A goes and
    # B stops at once
    assert result[0].path == ("go", "stop") and result.complete
    assert_allclose(list(result[0].payoffs.values()), [1, 9_999])
    keys = list(data["equilibria"][0]["strategy"])
    assert keys[:2] == ["(root)", "go"] and keys[-1] == f"node {2 * 10_000 - 2}"
    (eq,) = subgame_perfect(loads_efg(_wide(30_000)))
    assert eq.path == ("a29999",)
