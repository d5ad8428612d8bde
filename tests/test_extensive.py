"""Game trees, backward induction, subgame perfection, credibility and reduced normal forms."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from games import entry_game
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import tradegame as tg
from tradegame.errors import GameError, ParameterError, SolverError
from tradegame.extensive import (
    GameTree,
    chance,
    credibility,
    decision,
    reduced_normal_form,
    subgame_perfect,
    terminal,
)


def centipede() -> GameTree:
    """Six-stage centipede game (Rosenthal 1981), payoffs of Osborne (2004), Figure 227.1."""
    stops = [(2, 0), (1, 3), (4, 2), (3, 5), (6, 4), (5, 7)]
    node = terminal([8, 6])
    for stage in range(5, -1, -1):
        node = decision(("1", "2")[stage % 2], {"S": terminal(list(stops[stage])), "C": node})
    return GameTree(node, ("1", "2"), name="centipede")


def test_entry_game_one_subgame_perfect_equilibrium_of_two_nash() -> None:
    # Osborne (2004), Example 155.2: NE (in, acquiesce) and (out, fight); only the first is SPE
    tree = entry_game()
    result = subgame_perfect(tree)
    assert len(result) == 1 and result.complete and result.count == 1
    eq = result[0]
    assert eq.path == ("in", "acquiesce")
    assert_allclose([eq.payoffs["Challenger"], eq.payoffs["Incumbent"]], [2, 1])
    game = reduced_normal_form(tree)
    nash = tg.solve(game)
    pure = [e for e in nash if e.pure]
    assert len(pure) == 2
    profiles = {tuple(int(np.argmax(s)) for s in e.strategies) for e in pure}
    assert profiles == {(0, 0), (1, 1)}  # (in, acquiesce) and (out, fight)
    table = credibility(tree, {("in",): "fight"})
    row = table.iloc[0]
    assert (
        row["node"] == "in" and row["player"] == "Incumbent" and row["best_action"] == "acquiesce"
    )
    assert_allclose([row["value"], row["best_value"], row["cost"]], [0, 1, 1])
    assert not row["credible"]
    assert credibility(tree, {("in",): "acquiesce"}).iloc[0]["credible"]


def test_to_dict_shape() -> None:
    data = subgame_perfect(entry_game()).to_dict()
    assert data["game"] == {
        "name": "entry",
        "players": ["Challenger", "Incumbent"],
        "decision_nodes": 2,
        "outcomes": 3,
        "perfect_information": True,
    }
    assert data["analysis"] == "sequential" and data["complete"] is True
    assert data["equilibria"] == [
        {
            "payoffs": {"Challenger": 2.0, "Incumbent": 1.0},
            "path": ["in", "acquiesce"],
            "strategy": {"(root)": "in", "in": "acquiesce"},
            "offpath": [],
        }
    ]
    frame = subgame_perfect(entry_game()).to_frame()
    assert list(frame.columns) == ["equilibrium", "player", "payoff", "path", "pure"]


def test_centipede_stops_at_once() -> None:
    # Rosenthal (1981); Osborne (2004), Section 7.? / Figure 227.1: unique SPE, player 1 stops
    result = subgame_perfect(centipede())
    assert len(result) == 1 and result.count == 1
    assert result[0].path == ("S",)
    assert_allclose(list(result[0].payoffs.values()), [2, 0])
    assert all(v == "S" for v in result[0].strategy.values())


def test_second_mover_indifferent_gives_two_equilibria() -> None:
    # B is indifferent after L; each tie-break gives A a different best first move
    tree = GameTree(
        decision(
            "A",
            {
                "L": decision("B", {"x": terminal([1, 1]), "y": terminal([0, 1])}),
                "R": terminal([0.5, 0]),
            },
        ),
        ("A", "B"),
    )
    result = subgame_perfect(tree)
    assert len(result) == 2 and result.count == 2 and result.complete
    assert {eq.path for eq in result} == {("L", "x"), ("R",)}
    assert any("indifferent" in n for n in result.notes)
    # the off-path choice y after L is a threat to A (it gives A less than x would)
    (off,) = next(eq for eq in result if eq.path == ("R",)).offpath
    assert off["node"] == "L" and off["action"] == "y" and off["kind"] == "threat"
    assert off["threatens"] == ["A"]


def _bos(second_moves_after_first: bool) -> GameTree:
    """Battle of the sexes (Osborne 2004, Figure 19.1): payoffs (2,1), (0,0), (0,0), (1,2)."""
    pay = {("B", "B"): [2, 1], ("B", "S"): [0, 0], ("S", "B"): [0, 0], ("S", "S"): [1, 2]}
    infoset = None if second_moves_after_first else "column"
    return GameTree(
        decision(
            "Row",
            {
                a: decision("Column", {b: terminal(pay[a, b]) for b in "BS"}, infoset=infoset)
                for a in "BS"
            },
        ),
        ("Row", "Column"),
    )


def test_moving_first_helps_in_battle_of_the_sexes() -> None:
    # sequential: the leader gets its preferred outcome; simultaneous: three NE, leader 2, 1, 2/3
    sequential = subgame_perfect(_bos(True))
    assert len(sequential) == 1 and sequential[0].path == ("B", "B")
    simultaneous = subgame_perfect(_bos(False))
    assert not _bos(False).is_perfect_information
    assert sorted(eq.payoffs["Row"] for eq in simultaneous) == pytest.approx([2 / 3, 1, 2])
    assert sequential[0].payoffs["Row"] >= max(eq.payoffs["Row"] for eq in simultaneous)
    mixed = next(eq for eq in simultaneous if not eq.pure)
    assert mixed.strategy[()] == pytest.approx({"B": 2 / 3, "S": 1 / 3})
    assert mixed.strategy["column"] == pytest.approx({"B": 1 / 3, "S": 2 / 3})
    assert mixed.path == () and len(mixed.outcomes) == 4


def test_outside_option_before_a_simultaneous_subgame() -> None:
    # BoS subgame after "in" (three equilibria: A gets 2, 1, 2/3); "out" gives A 3/2, so A
    # enters only after the (B, B) equilibrium: three SPE (an outside option before BoS)
    subgame = _bos(False).root
    tree = GameTree(
        decision("Row", {"out": terminal([Fraction(3, 2), 0]), "in": subgame}), ("Row", "Column")
    )
    result = subgame_perfect(tree)
    assert len(result) == 3 and result.complete
    assert sorted(eq.path for eq in result) == [("in", "B", "B"), ("out",), ("out",)]
    assert sorted(eq.payoffs["Row"] for eq in result) == pytest.approx([1.5, 1.5, 2])


def test_chance_node_expected_payoffs() -> None:
    tree = GameTree(
        chance(
            {
                "boom": (
                    Fraction(1, 3),
                    decision("A", {"l": terminal([3, 0]), "r": terminal([0, 1])}),
                ),
                "bust": (Fraction(2, 3), terminal([0, 3])),
            }
        ),
        ("A", "B"),
    )
    (eq,) = subgame_perfect(tree)
    assert_allclose([eq.payoffs["A"], eq.payoffs["B"]], [1, 2])
    assert eq.path == ()
    assert [(round(p, 6), path) for p, path, _ in eq.outcomes] == [
        (0.333333, ("boom", "l")),
        (0.666667, ("bust",)),
    ]
    game = reduced_normal_form(tree)
    assert game.exact_payoff_tensor is not None  # 1/3 of 3 and 2/3 of 3 stay exact
    assert_allclose(game.payoff("B"), [[2], [7 / 3]])


def test_three_players_imperfect_subgame_has_its_mixed_equilibrium() -> None:
    """B wants to match C, C to mismatch B: matching pennies, solved in mixed strategies."""
    stage = decision(
        "B",
        {
            b: decision(
                "C", {c: terminal([1, int(b == c), 1 - int(b == c)]) for c in "xy"}, infoset="c"
            )
            for b in "xy"
        },
    )
    result = subgame_perfect(
        GameTree(decision("A", {"go": stage, "stop": terminal([0, 0, 0])}), ("A", "B", "C"))
    )
    assert result.complete
    (eq,) = result
    assert_allclose([eq.payoffs["A"], eq.payoffs["B"], eq.payoffs["C"]], [1, 0.5, 0.5])
    assert sorted((round(p, 9), path) for p, path, _ in eq.outcomes) == [
        (0.25, ("go", "x", "x")),
        (0.25, ("go", "x", "y")),
        (0.25, ("go", "y", "x")),
        (0.25, ("go", "y", "y")),
    ]


def test_reduced_normal_form_labels_and_plans() -> None:
    # the Challenger decides twice: a plan names the second move only after "in"
    tree = GameTree(
        decision(
            "A",
            {
                "in": decision(
                    "B",
                    {
                        "f": terminal([0, 0]),
                        "a": decision("A", {"x": terminal([3, 1]), "y": terminal([1, 1])}),
                    },
                ),
                "out": terminal([1, 2]),
            },
        ),
        ("A", "B"),
    )
    game = reduced_normal_form(tree)
    assert game.strategies == (("in|x", "in|y", "out"), ("f", "a"))
    assert_allclose(game.payoff("A"), [[0, 3], [0, 1], [1, 1]])


def test_repr_frame_nodes_and_information_sets() -> None:
    tree = _bos(False)
    assert repr(tree) == "<GameTree (Row, Column): 3 decision nodes, 4 outcomes>"
    assert [path for path, _ in tree.nodes()][:3] == [(), ("B",), ("B", "B")]
    assert tree.node_at(("S",)).player == "Column"
    sets = tree.information_sets()
    assert [s.name for s in sets] == [None, "column"]
    assert sets[1].paths == (("B",), ("S",))
    frame = tree.to_frame()
    assert list(frame.columns) == ["path", "label", "Row payoff", "Column payoff", "probability"]


def test_mapping_payoffs_resolve_and_equal_sequences() -> None:
    a = GameTree(decision("A", {"x": terminal({"B": 2, "A": 1})}), ("A", "B"))
    b = GameTree(decision("A", {"x": terminal([1, 2])}), ("A", "B"))
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda: GameTree(decision("C", {"x": terminal([1, 2])}), ("A", "B")),
            "unknown player 'C'",
        ),
        (
            lambda: decision("A", [("x", terminal([1])), ("x", terminal([2]))]),
            "actions of 'A': duplicate action label 'x'",
        ),
        (lambda: GameTree(decision("A", {"x": terminal([1, 2, 3])}), ("A", "B")), "has 3 payoffs"),
        (lambda: terminal([1, float("nan")]), "finite"),
        (
            lambda: chance({"h": (0.5, terminal([1, 1])), "t": (0.4, terminal([0, 0]))}),
            "sum to 0.9",
        ),
        (
            lambda: chance({"h": (-1, terminal([1, 1])), "t": (2, terminal([0, 0]))}),
            r"probability of .h. must be in \[0, 1\]; got -1",
        ),
        (
            lambda: GameTree(
                decision(
                    "A",
                    {
                        "l": decision("B", {"x": terminal([0, 0])}, infoset="i"),
                        "r": decision("B", {"y": terminal([0, 0])}, infoset="i"),
                    },
                ),
                ("A", "B"),
            ),
            "same actions",
        ),
        (
            lambda: GameTree(
                decision(
                    "A",
                    {
                        "l": decision("A", {"x": terminal([0, 0])}, infoset="i"),
                        "r": decision("A", {"x": terminal([0, 0])}, infoset="i"),
                    },
                ),
                ("A", "B"),
            ),
            "perfect recall",
        ),
    ],
)
def test_malformed_trees(build, match) -> None:
    with pytest.raises(GameError, match=match):
        build()


def test_bad_arguments() -> None:
    tree = entry_game()
    with pytest.raises(SolverError, match=r"tol must be a number in \[0, 1\) .*; got 1.2"):
        subgame_perfect(tree, tol=1.2)
    with pytest.raises(SolverError, match=r"tol must be a number in \[0, 1\)"):
        subgame_perfect(tree, tol=10**400)  # compared without converting to a float
    with pytest.raises(ParameterError, match="max_equilibria must be a positive whole number"):
        subgame_perfect(tree, max_equilibria=0)
    with pytest.raises(SolverError, match="time_limit must be a positive number"):
        subgame_perfect(tree, time_limit=-1)
    assert subgame_perfect(tree, time_limit=10**400).complete  # beyond floats: no limit
    with pytest.raises(GameError, match="needs a GameTree"):
        subgame_perfect("entry")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="'stay' is not an action at in"):
        credibility(tree, {("in",): "stay"})
    with pytest.raises(ParameterError, match="no action 'up'"):
        credibility(tree, {("up",): "fight"})


def test_deep_and_large_trees_need_no_recursion() -> None:
    node = terminal([0, 0])
    for k in range(3000):
        node = decision("AB"[k % 2], {"s": terminal([1 + k % 3, 1 + k % 2]), "c": node})
    tree = GameTree(node, ("A", "B"))
    assert tree == GameTree(node, ("A", "B"))
    result = subgame_perfect(tree, max_equilibria=5)
    assert len(result) == 5 and not result.complete
    rng = np.random.default_rng(1)
    level = [terminal(list(rng.random(2))) for _ in range(1 << 13)]
    depth = 0
    while len(level) > 1:
        level = [
            decision("AB"[depth % 2], {"l": level[i], "r": level[i + 1]})
            for i in range(0, len(level), 2)
        ]
        depth += 1
    (eq,) = subgame_perfect(GameTree(level[0], ("A", "B")))
    assert len(eq.path) == 13


# ---------------------------------------------------------------- properties
@st.composite
def perfect_information_trees(draw):
    n = draw(st.integers(2, 3))
    players = tuple("ABC"[:n])

    def build(depth: int):
        if depth == 0 or draw(st.integers(0, 3)) == 0:
            return terminal([draw(st.integers(0, 2)) for _ in players])
        k = draw(st.integers(1, 3))
        return decision(
            draw(st.sampled_from(players)), {f"a{j}": build(depth - 1) for j in range(k)}
        )

    return GameTree(build(draw(st.integers(1, 4))), players)


def _spe_values(node, n):
    """All SPE payoff vectors of a subtree by the recursive definition (brute force)."""
    if not hasattr(node, "player"):
        return [tuple(float(v) for v in node.payoffs)]
    p = ("A", "B", "C").index(node.player)
    lists = [_spe_values(child, n) for _, child in node.children]
    out = []
    for combo in itertools.product(*lists):
        best = max(v[p] for v in combo)
        out.extend(v for v in combo if v[p] == best)
    return out


def _values(tree: GameTree, strategy: dict) -> dict:
    values = {}
    for path, node in reversed(list(tree.nodes())):
        if hasattr(node, "player"):
            values[path] = values[(*path, strategy[path])]
        else:
            values[path] = np.array(node.payoffs, dtype=float)
    return values


@settings(max_examples=60, deadline=None)
@given(perfect_information_trees())
def test_every_spe_is_optimal_everywhere_and_nash_in_the_reduced_form(tree: GameTree) -> None:
    result = subgame_perfect(tree)
    expected = _spe_values(tree.root, tree.n_players)
    assert result.count == len(expected) == len(result)
    assert sorted(tuple(eq.payoffs.values()) for eq in result) == sorted(expected)
    game = reduced_normal_form(tree)
    from tradegame.extensive.normal_form import _form

    form = _form(tree._flat, tree.players)
    for eq in result:
        values = _values(tree, eq.strategy)
        for path, node in tree.nodes():
            if hasattr(node, "player"):  # no profitable one-shot deviation
                p = tree.players.index(node.player)
                best = max(values[(*path, a)][p] for a in node.actions)
                assert values[path][p] == best
        choice = eq._choice
        profile = tuple(
            next(j for j, plan in enumerate(form.plans[i]) if all(choice[h] == a for h, a in plan))
            for i in range(tree.n_players)
        )
        for i in range(tree.n_players):
            payoff = game.payoff_tensor[i]
            here = payoff[profile]
            others = list(profile)
            deviations = []
            for s in range(game.shape[i]):
                others[i] = s
                deviations.append(payoff[tuple(others)])
            assert max(deviations) <= here + 1e-12
        assert_allclose(game.payoff_tensor[(slice(None), *profile)], list(eq.payoffs.values()))


@settings(max_examples=40, deadline=None)
@given(perfect_information_trees())
def test_scaling_payoffs_by_1e9_keeps_the_spe_set(tree: GameTree) -> None:
    def scaled(node):
        stack = [node]
        order = []
        while stack:
            x = stack.pop()
            order.append(x)
            if hasattr(x, "player"):
                stack.extend(c for _, c in x.children)
        built = {}
        for x in reversed(order):
            if hasattr(x, "player"):
                built[id(x)] = decision(x.player, {a: built[id(c)] for a, c in x.children})
            else:
                built[id(x)] = terminal([v * 10**9 for v in x.payoffs])
        return built[id(node)]

    big = GameTree(scaled(tree.root), tree.players)
    key = lambda r: sorted(tuple(sorted(eq.strategy.items())) for eq in r)  # noqa: E731
    assert key(subgame_perfect(tree)) == key(subgame_perfect(big))


# ---------------------------------------------------------------- hostile input
def test_constructors_refuse_duplicates_and_payoffs_beyond_the_float_safe_range() -> None:
    from tradegame.extensive.tree import Decision, Terminal

    with pytest.raises(GameError, match=r"chance outcomes: duplicate outcome label 'h'"):
        chance([("h", (0.5, terminal([1, 1]))), ("h", (0.5, terminal([0, 0])))])
    # nodes built without the constructors are checked by GameTree
    twice = Decision("A", (("x", terminal([1, 2])), ("x", terminal([2, 1]))))
    with pytest.raises(GameError, match=r"the decision node at \(root\): duplicate action label"):
        GameTree(twice, ("A", "B"))
    with pytest.raises(GameError, match=r"payoff 1 is 1e\+308; payoffs must be at most 1e300"):
        terminal([1e308, 0])
    with pytest.raises(GameError, match=r"payoff for 'A' is a 400-digit integer; payoffs must"):
        terminal({"A": 10**399, "B": 0})
    raw = decision("A", {"x": Terminal((Fraction(10**400, 7), 0))})
    with pytest.raises(GameError, match=r"payoff 1 of the terminal at x is a number beyond 1e308"):
        GameTree(raw, ("A", "B"))
    with pytest.raises(GameError, match=r"probability of 'h' must be in \[0, 1\]; got 1e\+308"):
        chance({"h": (1e308, terminal([1, 1])), "t": (1e308, terminal([0, 0]))})
    assert terminal([1e300, -1e300]).payoffs == (1e300, -1e300)


# The game of the probe files blow<k>.efg: chance picks one of k states (1/k each), A sees
# it and picks x or y, B picks l or r without seeing anything. Payoffs (A, B) after
# (state i, x/y, l/r) cycle through this list.
_BLOW = [(0, 0), (1, 2), (3, 1), (4, 3), (2, 3), (3, 1), (0, 0), (1, 2), (4, 2), (0, 0)]
_BLOW += [(2, 3), (3, 1), (1, 1), (2, 3), (4, 2), (0, 0), (3, 0), (4, 2), (1, 1), (2, 3)]
_BLOW += [(0, 3), (1, 1), (3, 0), (4, 2), (2, 2), (3, 0), (0, 3), (1, 1), (4, 1), (0, 3)]
_BLOW += [(2, 2), (3, 0)]


def blow(states: int, scale: object = 1) -> GameTree:
    pay = iter(itertools.cycle(_BLOW))

    def leaf():
        a, b = next(pay)
        return terminal([a * scale, b * scale])  # type: ignore[operator]

    return GameTree(
        chance(
            {
                f"c{i}": (
                    Fraction(1, states),
                    decision(
                        "A",
                        {s: decision("B", {b: leaf() for b in "lr"}, infoset="b") for s in "xy"},
                    ),
                )
                for i in range(states)
            }
        ),
        ("A", "B"),
    )


def _payoff_set(result, scale: float = 1.0) -> list[tuple[float, ...]]:
    return sorted(tuple(round(v / scale, 9) for v in eq.payoffs.values()) for eq in result)


def test_spe_of_an_imperfect_subgame_do_not_change_with_the_payoff_unit() -> None:
    # blow6: the root is the only subgame, so its SPE are the extreme equilibria of the 64 x 2
    # reduced form; Gambit 16.7 enummixed (rational) lists five, with these payoffs. Before,
    # scaling by 7, 5 or 13 lost one (float tensors broke the ties the degenerate game has)
    expected = [(2.9, 4 / 3), (2.9, 1.5), (44 / 15, 1.5), (19 / 6, 4 / 3), (10 / 3, 2.0)]
    expected = [tuple(round(v, 9) for v in e) for e in expected]
    for scale in (1, 5, 7, 13, 1e-9, 1e9, 0.1):
        result = subgame_perfect(blow(6, scale))
        assert result.complete and result.count == 5
        assert _payoff_set(result, scale) == expected, scale


def test_a_256_by_2_subgame_by_the_two_strategy_envelope() -> None:
    # blow8: a 256 x 2 reduced form; vertex enumeration walked the 256-dimensional polytope
    # for 12-16 s, Gambit 16.7 enummixed takes 168 s; both list these five equilibria (the
    # envelope method takes well under a second: timings are measured outside the tests)
    result = subgame_perfect(blow(8))
    assert result.complete and result.count == 5
    expected = [(111 / 40, 11 / 8), (111 / 40, 1.5), (57 / 20, 1.5), (25 / 8, 11 / 8), (3.25, 1.5)]
    assert _payoff_set(result) == [tuple(round(v, 9) for v in e) for e in expected]
    mixed = next(eq for eq in result if not eq.pure)
    data = mixed.to_dict()
    assert data["path"] == []  # chance moves first
    assert all(isinstance(v, dict) for k, v in data["strategy"].items() if k == "b")


def test_too_large_reduced_normal_forms_are_refused_before_they_are_built() -> None:
    # blow20: A has 2^20 plans; a 1,048,576 x 2 tableau is beyond MAX_TABLEAU_CELLS
    with pytest.raises(
        GameError,
        match=r"^the subgame at \(root\) cannot be solved: the reduced normal form is too large: "
        r"a tableau of this 1048576x2 game would hold 1,099,514,773,504 entries",
    ):
        subgame_perfect(blow(20))
    with pytest.raises(GameError, match=r"a 1073741824x2 game has 2,147,483,648 pure profiles"):
        subgame_perfect(blow(30))


def _ties(width: int) -> GameTree:
    """A picks one of ``width`` actions, then B one of ``width``: every payoff is zero."""
    actions = [f"a{k}" for k in range(width)]
    return GameTree(
        decision("A", {a: decision("B", {b: terminal([0, 0]) for b in actions}) for a in actions}),
        ("A", "B"),
    )


def test_tied_equilibria_are_counted_not_listed_and_the_time_limit_holds(monkeypatch) -> None:
    import inspect
    import itertools
    from types import SimpleNamespace

    import tradegame.solvers._budget as budget_module

    # every profile is subgame perfect: width choices at the root, width at each B node
    result = subgame_perfect(_ties(30))
    assert result.count == 30**31 and not result.complete
    assert len(result) == 2_000_000 // (1 + 30 + 900)  # the listing budget: equilibria x nodes
    assert any("about 10^46 subgame-perfect equilibria in all" in n for n in result.notes)
    tree = _ties(120)
    # a clock that moves a second at every reading: the run must stop at its first check,
    # whatever the machine's speed (no timing is asserted)
    ticks = itertools.count()
    monkeypatch.setattr(
        budget_module, "time", SimpleNamespace(monotonic=lambda: float(next(ticks)))
    )
    cut = subgame_perfect(tree, time_limit=0.05)
    assert not cut.complete and cut.count is None
    assert cut.stopped == "stopped at the time limit of 0.05 s"
    assert any(n.startswith("stopped at the time limit of 0.05 s") for n in cut.notes)
    default = inspect.signature(subgame_perfect).parameters["time_limit"].default
    assert default == tg.limits.DEFAULT_TIME_LIMIT == 30


def test_mixed_equilibria_show_the_mixture_in_the_path() -> None:
    # matching pennies played in turn without seeing the first move (Osborne 2004, Example
    # 17.1 for the strategic form): the only equilibrium mixes half and half
    pennies = GameTree(
        decision(
            "A",
            {
                a: decision(
                    "B", {b: terminal([1, -1] if a == b else [-1, 1]) for b in "HT"}, infoset="b"
                )
                for a in "HT"
            },
        ),
        ("A", "B"),
    )
    (eq,) = subgame_perfect(pennies)
    data = eq.to_dict()
    assert data["path"] == ["mix(H 0.5, T 0.5)"]
    assert data["strategy"] == {"(root)": {"H": 0.5, "T": 0.5}, "b": {"H": 0.5, "T": 0.5}}
    # battle of the sexes after an outside option: the mixture comes after "in"
    outside = GameTree(
        decision("Row", {"out": terminal([Fraction(1, 2), 0]), "in": _bos(False).root}),
        ("Row", "Column"),
    )
    paths = sorted(eq.to_dict()["path"] for eq in subgame_perfect(outside))
    assert paths == [["in", "B", "B"], ["in", "S", "S"], ["in", "mix(B 0.6667, S 0.3333)"]]


@st.composite
def imperfect_trees(draw):
    """Chance, then A (seeing the state or not), then B without seeing A: small integers."""
    states = draw(st.sampled_from([1, 2, 3, 6]))
    a_sees = draw(st.booleans())
    n_a, n_b = draw(st.integers(2, 3)), draw(st.integers(2, 3 if states < 6 else 2))
    size = 2 * states * n_a * n_b
    pays = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
    return states, a_sees, n_a, n_b, pays


def _imperfect(states, a_sees, n_a, n_b, pays, scale) -> GameTree:
    it = iter(pays)

    def stage():
        return decision(
            "A",
            {
                f"a{i}": decision(
                    "B",
                    {f"b{j}": terminal([next(it) * scale, next(it) * scale]) for j in range(n_b)},
                    infoset="b",
                )
                for i in range(n_a)
            },
            infoset=None if a_sees else "a",
        )

    root = chance({f"s{k}": (Fraction(1, states), stage()) for k in range(states)})
    return GameTree(root, ("A", "B"))


@settings(max_examples=25, deadline=None)
@given(imperfect_trees())
def test_rescaling_payoffs_keeps_the_spe_of_imperfect_information_trees(shape) -> None:
    base = subgame_perfect(_imperfect(*shape, 1))
    expected = _payoff_set(base)
    assert base.complete
    for scale in (7, 1e-9, 1e9):
        result = subgame_perfect(_imperfect(*shape, scale))
        assert result.complete and result.count == base.count
        assert _payoff_set(result, scale) == expected, scale


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 7),
    st.booleans(),
    st.lists(st.integers(0, 3), min_size=28, max_size=28),
)
def test_two_strategy_envelope_matches_exact_vertex_enumeration(m, transpose, pays) -> None:
    # the extreme equilibria of an m x 2 game, read off the upper envelope, are those of exact
    # vertex enumeration (von Stengel 2007, Theorem 3.4), degenerate games included
    from tradegame.extensive._narrow import two_strategy_equilibria
    from tradegame.solvers._budget import Budget

    a = np.array(pays[: 2 * m]).reshape(m, 2)
    b = np.array(pays[14 : 14 + 2 * m]).reshape(m, 2)
    game = tg.Game.from_bimatrix(a.T, b.T) if transpose else tg.Game.from_bimatrix(a, b)
    ours = two_strategy_equilibria(game, tol=1e-9, budget=Budget("test", None))
    theirs = tg.vertex_enumeration(game, time_limit=None)
    assert ours.complete and theirs.complete
    assert sorted(e.exact for e in ours) == sorted(e.exact for e in theirs)
