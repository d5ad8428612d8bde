"""Dominance, best responses, regret, Pareto efficiency and security levels."""

from __future__ import annotations

import numpy as np
import pytest

import tradegame as tg


def test_pd_free_trade_is_strictly_dominated_by_pure_strategy() -> None:
    game = tg.Game.from_bimatrix(
        [[100, 70], [120, 90]], [[100, 120], [70, 90]], strategies=(("FT", "OT"), ("FT", "OT"))
    )
    result = tg.iterated_dominance(game)
    assert result.reduced.strategies == (("OT",), ("OT",))
    assert {(e.player, e.strategy) for e in result.eliminated} == {("Row", "FT"), ("Column", "FT")}
    assert all(e.dominated_by == {"OT": 1.0} and e.round == 1 for e in result.eliminated)


def test_strategy_dominated_only_by_a_mixture() -> None:
    # M is beaten by 1/2 T + 1/2 B but by neither alone.
    game = tg.Game.from_bimatrix(
        [[3, 0], [1, 1], [0, 3]], [[1, 1], [1, 1], [1, 1]], strategies=(("T", "M", "B"), ("L", "R"))
    )
    pure_only = tg.iterated_dominance(game, mixed=False)
    assert pure_only.reduced.strategies[0] == ("T", "M", "B")
    mixed = tg.iterated_dominance(game)
    assert mixed.reduced.strategies[0] == ("T", "B")
    (elim,) = mixed.eliminated
    assert elim.strategy == "M"
    np.testing.assert_allclose(
        [elim.dominated_by["T"], elim.dominated_by["B"]], [0.5, 0.5], atol=1e-6
    )


def test_iterated_elimination_takes_several_rounds() -> None:
    # Gibbons (1992), A Primer in Game Theory, section 1.1.B: Right falls to Middle,
    # then Down to Up, then Left to Middle, leaving (Up, Middle).
    game = tg.Game.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        strategies=(("Up", "Down"), ("Left", "Middle", "Right")),
    )
    result = tg.iterated_dominance(game)
    assert result.reduced.strategies == (("Up",), ("Middle",))
    assert [e.strategy for e in result.eliminated] == ["Right", "Down", "Left"]
    assert [e.round for e in result.eliminated] == [1, 2, 3]


def test_weak_dominance_removes_ties_strict_keeps_them() -> None:
    game = tg.Game.from_bimatrix(
        [[1, 1], [1, 0]], [[1, 1], [1, 1]], strategies=(("a", "b"), ("x", "y"))
    )
    assert tg.iterated_dominance(game).reduced.strategies[0] == ("a", "b")
    weak = tg.iterated_dominance(game, weak=True)
    assert weak.reduced.strategies[0] == ("a",)
    assert weak.method == "iterated-weak-dominance"


def test_dominance_in_three_player_game() -> None:
    tensor = np.zeros((3, 2, 2, 2))
    tensor[2, :, :, 1] = 1.0  # player 3's second strategy strictly dominates
    game = tg.Game.from_arrays(list(tensor))
    assert tg.iterated_dominance(game).reduced.strategies[2] == ("s2",)


def test_best_responses_and_regret() -> None:
    pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
    assert tg.best_responses(pennies, [[0.5, 0.5], [0.5, 0.5]]) == {
        "Row": ("H", "T"),
        "Column": ("H", "T"),
    }
    assert tg.best_responses(pennies, ["H", "H"]) == {"Row": ("H",), "Column": ("T",)}
    assert tg.max_regret(pennies, {"Row": "H", "Column": {"H": 0.25, "T": 0.75}}) == pytest.approx(
        1.0
    )


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ([[0.5, 0.6], [0.5, 0.5]], "must be non-negative and sum to 1"),
        ([[0.5, 0.5]], "profile has 1 entries; the game has 2 players"),
        (["H", "X"], "unknown strategy 'X' for 'Column'"),
        ({"Row": "H"}, "profile gives no strategy for 'Column'"),
        ({"Row": "H", "Column": "H", "EU": "H"}, "unknown player 'EU'"),
        ([[np.nan, 1.0], [0.5, 0.5]], "must be non-negative and sum to 1"),
    ],
)
def test_bad_profiles(profile, message) -> None:
    pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
    with pytest.raises(tg.GameError, match=message):
        tg.max_regret(pennies, profile)


def test_pareto_efficient_profiles_of_pd_exclude_the_equilibrium() -> None:
    game = tg.Game.from_bimatrix(
        [[100, 70], [120, 90]], [[100, 120], [70, 90]], strategies=(("FT", "OT"), ("FT", "OT"))
    )
    frame = tg.pareto_efficient(game)
    profiles = set(zip(frame["Row"], frame["Column"], strict=True))
    assert profiles == {("FT", "FT"), ("FT", "OT"), ("OT", "FT")}


def test_pareto_mask_against_brute_force() -> None:
    from tradegame.solvers.pareto import pareto_mask

    rng = np.random.default_rng(3)
    points = rng.integers(0, 4, size=(300, 3)).astype(float)
    expected = [not any((q >= p).all() and (q > p).any() for q in points) for p in points]
    assert pareto_mask(points).tolist() == expected


def test_security_levels() -> None:
    pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
    frame = tg.security_levels(pennies).set_index("player")
    assert frame.loc["Row", "pure_level"] == -1.0
    assert frame.loc["Row", "mixed_level"] == pytest.approx(0.0, abs=1e-9)
    assert frame.loc["Row", "mixed_strategy"] == pytest.approx({"H": 0.5, "T": 0.5})
    chicken = tg.load_scenario("tariff_chicken").game()
    levels = tg.security_levels(chicken).set_index("player")
    assert levels.loc["United States", "pure_strategy"] == "concede"
    assert levels.loc["United States", "pure_level"] == 2.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: tg.solve([[1, 2], [3, 4]]),
        lambda: tg.pure_nash(np.zeros((2, 2, 2))),
        lambda: tg.vertex_enumeration("game"),
        lambda: tg.iterated_dominance(None),
        lambda: tg.pareto_efficient(None),
        lambda: tg.security_levels([[1]]),
        lambda: tg.max_regret(None, [0, 0]),
        lambda: tg.best_responses("game", [0, 0]),
        lambda: tg.dumps_nfg(None),
    ],
)
def test_solvers_reject_non_games_with_a_hint(call) -> None:
    with pytest.raises(tg.TradegameError, match=r"needs a tradegame.Game, got \w+; build one with"):
        call()


def test_unknown_method_and_option() -> None:
    game = tg.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(tg.SolverError, match="unknown method 'magic'; choose one of: auto, pure"):
        tg.solve(game, "magic")
    with pytest.raises(
        tg.SolverError,
        match="exact does not apply to method='pure'; it applies to: 'vertex-enumeration', "
        "'lemke-howson'",
    ):
        tg.solve(game, "pure", exact=True)


def test_pareto_mask_matches_brute_force() -> None:
    from tradegame.solvers.pareto import pareto_mask

    rng = np.random.default_rng(12)
    for shape in [(500, 2), (300, 3), (800, 5), (600, 1)]:
        points = rng.integers(0, 12, shape).astype(float)  # many ties and duplicates
        geq = (points[None] >= points[:, None]).all(axis=2)
        gt = (points[None] > points[:, None]).any(axis=2)
        assert np.array_equal(pareto_mask(points), ~(geq & gt).any(axis=1)), shape


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: tg.max_regret(g, {"Row": {"s1": "x"}, "Column": "s1"}), "must be a number"),
        (lambda g: tg.max_regret(g, 3), "a profile is a list with one entry per player"),
        (lambda g: tg.best_responses(g, [0, 0], tol=None), r"tol must be a number in \[0, 1\)"),
        (lambda g: g.replace(foo=1), "unknown field 'foo'"),
        (lambda g: g.is_zero_sum("x"), "atol must be a number >= 0"),
        (lambda g: tg.solve(g, time_limit=10**400).parameters["time_limit"] is None, None),
        (lambda g: tg.solve(g, time_limit=np.int64(5)), None),
        (lambda g: tg.dumps_nfg(g, outcomes="yes"), "outcomes must be True or False"),
    ],
)
def test_arguments_of_the_wrong_kind_raise_the_package_errors(call, message) -> None:
    game = tg.Game.from_bimatrix([[1, 2], [3, 4]], [[4, 3], [2, 1]])
    if message is None:
        call(game)  # accepted: numpy integers, and a limit beyond the float range (no limit)
        return
    with pytest.raises(tg.TradegameError, match=message):
        call(game)
