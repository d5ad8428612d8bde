"""Batched equilibrium kernels: known games, agreement with ``solve`` game by game,
the nondegeneracy certificate, scale invariance, budgets and bad input.

Nothing here asserts how long anything took; the speeds are measured by hand
(see the module's report) on shared machines.
"""

from __future__ import annotations

import sys
from fractions import Fraction as F

import numpy as np
import pytest
from clock import JumpingClock
from games import KNOWN_GAMES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.solvers.batched import (
    KERNELS,
    BatchEquilibria,
    batch_equilibria,
    canonical_equilibria,
    canonical_order,
    certified_nondegenerate,
    enumeration_work,
)
from tradegame.solvers.pure import pure_nash_mask

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KNOWN = {k.name: k for k in KNOWN_GAMES}
TWO, ENUM, PER_GAME, PURE = (
    KERNELS.index(k) for k in ("2x2", "support-enumeration", "per-game", "pure")
)


def stacked(*games: tg.Game) -> np.ndarray:
    return np.stack([g.payoff_tensor for g in games])


def as_game(tensor: np.ndarray) -> tg.Game:
    return tg.Game.from_arrays(list(tensor))


def assert_same_as(found: BatchEquilibria, tensors: np.ndarray, reference) -> None:
    """Game by game, the batch lists what ``reference(game)`` lists, in canonical order."""
    n_players = tensors.shape[1]
    for k, tensor in enumerate(tensors):
        game = as_game(tensor)
        result = reference(game)
        expected = canonical_equilibria(result)
        rows = found.rows(k)
        assert found.count[k] == len(expected), (k, KERNELS[found.kernel[k]])
        assert bool(found.complete[k]) == result.complete, k
        span = np.ptp(tensor.reshape(n_players, -1), axis=1)
        for row, eq in zip(range(rows.start, rows.stop), expected, strict=True):
            for p in range(n_players):
                np.testing.assert_allclose(found.strategies[p][row], eq.strategies[p], atol=1e-9)
            assert (np.abs(found.payoffs[row] - eq.payoffs) <= 1e-9 * span).all(), (k, row)


def regret_of(tensor: np.ndarray, strategies: list[np.ndarray]) -> float:
    """Largest regret over each player's payoff range, computed here from scratch."""
    worst = 0.0
    for p in range(tensor.shape[0]):
        values = tensor[p]
        for q in reversed(range(len(strategies))):  # contract the others' mixtures, last axis first
            if q != p:
                values = np.tensordot(values, strategies[q], axes=([q], [0]))
        span = np.ptp(tensor[p])
        gain = values.max() - values @ strategies[p]
        worst = max(worst, gain / span if span > 0 else 0.0)
    return worst


# --------------------------------------------------------------------- known games
PD = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # Axelrod (1984): T=5 R=3 P=1 S=0


@pytest.mark.parametrize(
    ("game", "source", "expected"),
    [
        (
            KNOWN["matching pennies"].game,
            KNOWN["matching pennies"].source,
            [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))],
        ),
        (
            KNOWN["tariff chicken"].game,
            KNOWN["tariff chicken"].source,
            [((1, 0), (0, 1)), ((0, 1), (1, 0)), ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))],
        ),
        (
            KNOWN["battle of the sexes"].game,
            KNOWN["battle of the sexes"].source,
            [((1, 0), (1, 0)), ((0, 1), (0, 1)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))],
        ),
        (
            PD,
            "Axelrod (1984), The Evolution of Cooperation, ch. 1: the prisoners' dilemma "
            "T=5, R=3, P=1, S=0 has the unique equilibrium (defect, defect)",
            [((0, 1), (0, 1))],
        ),
        (
            KNOWN["tariff prisoners' dilemma"].game,
            KNOWN["tariff prisoners' dilemma"].source,
            [((0, 1), (0, 1))],
        ),
    ],
    ids=["pennies", "chicken", "battle", "axelrod-pd", "tariff-pd"],
)
def test_known_2x2_games_by_the_closed_form(game, source, expected) -> None:
    found = batch_equilibria(game.payoff_tensor[None])
    assert found.kernel.tolist() == [TWO] and found.complete.tolist() == [True]
    assert found.count.tolist() == [len(expected)], source
    for row, (x, y) in enumerate(expected):
        np.testing.assert_allclose(found.strategies[0][row], [float(v) for v in x], atol=1e-15)
        np.testing.assert_allclose(found.strategies[1][row], [float(v) for v in y], atol=1e-15)
    assert (found.regret <= 1e-15).all()


def test_chicken_mixed_equilibrium_payoffs_make_each_player_indifferent() -> None:
    # tariff chicken (Rapoport and Guyer 1966, game 66): at (1/2, 1/2) each player gets
    # (3 + 2) / 2 = (4 + 1) / 2 = 5/2
    found = batch_equilibria(KNOWN["tariff chicken"].game.payoff_tensor[None])
    mixed = np.flatnonzero(~found.pure)
    assert mixed.tolist() == [2]
    np.testing.assert_allclose(found.payoffs[2], [2.5, 2.5], rtol=1e-15)
    np.testing.assert_allclose(found.payoffs[:2], [[2, 4], [4, 2]], rtol=0)


@pytest.mark.parametrize(
    ("name", "kernel"),
    [
        ("von Stengel 3x2", ENUM),  # nondegenerate: certified
        ("rock-paper-scissors", ENUM),
        ("degenerate 3x2", PER_GAME),  # degenerate: vertex enumeration per game
        ("3x3 coordination", PER_GAME),  # nondegenerate, but ties the certificate refuses
        ("von Stengel 6x6", PER_GAME),
    ],
)
def test_known_larger_games_list_their_cited_equilibria(name, kernel) -> None:
    known = KNOWN[name]
    found = batch_equilibria(known.game.payoff_tensor[None])
    assert found.kernel.tolist() == [kernel] and found.complete.tolist() == [True]
    if name == "von Stengel 6x6":
        assert found.count.tolist() == [75], known.source
        return
    expected = known.equilibria
    assert found.count.tolist() == [len(expected)], known.source
    listed = {
        tuple(tuple(round(float(v), 12) for v in found.strategies[p][row]) for p in range(2))
        for row in range(len(found))
    }
    assert listed == {tuple(tuple(round(float(v), 12) for v in s) for s in e) for e in expected}


def test_a_mixed_batch_uses_each_kernel_and_keeps_the_games_in_order() -> None:
    games = [
        KNOWN["battle of the sexes"].game,
        tg.Game.from_bimatrix([[1, 0], [1, 2]], [[1, 0], [0, 2]]),  # a tie: degenerate
        KNOWN["matching pennies"].game,
    ]
    found = batch_equilibria(stacked(*games))
    assert [KERNELS[k] for k in found.kernel] == ["2x2", "per-game", "2x2"]
    assert np.all(np.diff(found.point) >= 0)
    assert found.offsets.tolist() == [0, *np.cumsum(found.count).tolist()]
    assert_same_as(found, stacked(*games), tg.solve)


def test_three_player_games_are_solved_per_game_as_solve_does() -> None:
    nau = KNOWN["3-player Nau game"].game
    rng = np.random.default_rng(5)
    tensors = np.stack([nau.payoff_tensor, rng.random((3, 2, 2, 2))])
    found = batch_equilibria(tensors)
    assert found.kernel.tolist() == [PER_GAME, PER_GAME]
    assert_same_as(found, tensors, tg.solve)
    # the three pure equilibria Gambit lists for Nau's game come first, in profile order
    assert found.pure[:3].all() and not found.pure[3 : found.count[0]].any()
    first = [tuple(int(np.argmax(found.strategies[p][r])) for p in range(3)) for r in range(3)]
    assert first == [(0, 1, 0), (1, 0, 0), (1, 1, 1)]


# --------------------------------------------------------------------- agreement with solve
@st.composite
def continuous_batches(draw, shapes=((2, 2), (2, 3), (3, 2), (3, 3), (3, 4))) -> np.ndarray:
    """A few dozen games with continuous random payoffs: nondegenerate with probability one."""
    shape = draw(st.sampled_from(shapes))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale = draw(st.sampled_from([1.0, 1e-6, 1e6]))
    return scale * rng.standard_normal((draw(st.integers(1, 30)), 2, *shape))


@st.composite
def tied_batches(draw, shapes=((2, 2), (2, 3), (3, 3), (1, 3))) -> np.ndarray:
    """Games with small integer payoffs: ties, so many are degenerate."""
    shape = draw(st.sampled_from(shapes))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    top = draw(st.sampled_from([1, 2, 50]))
    return rng.integers(-top, top + 1, (draw(st.integers(1, 20)), 2, *shape)).astype(float)


@SETTINGS
@given(continuous_batches())
def test_generic_games_agree_with_solve_game_by_game(tensors) -> None:
    found = batch_equilibria(tensors)
    assert set(found.kernel.tolist()) <= {TWO, ENUM}  # certified: no game needs solve
    assert found.complete.all()
    assert (found.count % 2 == 1).all()  # a nondegenerate game has an odd number
    assert_same_as(found, tensors, tg.solve)


@SETTINGS
@given(tied_batches())
def test_games_with_ties_agree_with_solve_through_the_fallback(tensors) -> None:
    found = batch_equilibria(tensors)
    assert_same_as(found, tensors, tg.solve)


@SETTINGS
@given(st.one_of(continuous_batches(), tied_batches()))
def test_every_equilibrium_listed_has_no_regret_recomputed_from_scratch(tensors) -> None:
    found = batch_equilibria(tensors)
    assert (found.regret <= found.tolerance).all()
    for row, k in enumerate(found.point.tolist()):
        profile = [found.strategies[p][row] for p in range(2)]
        assert all(np.isclose(s.sum(), 1.0, rtol=0, atol=1e-12) and (s >= 0).all() for s in profile)
        assert regret_of(tensors[k], profile) <= found.tolerance


@SETTINGS
@given(continuous_batches(), st.integers(0, 2**32 - 1))
def test_units_change_nothing(tensors, seed) -> None:
    rng = np.random.default_rng(seed)
    size = np.abs(tensors).max()
    offsets = rng.uniform(-5, 5, (1, 2) + (1,) * (tensors.ndim - 2)) * 1e9 * size
    dollars = tensors * 1e9 + offsets
    before, after = batch_equilibria(tensors), batch_equilibria(dollars)
    assert np.array_equal(before.kernel, after.kernel)
    assert np.array_equal(before.count, after.count)
    assert np.array_equal(before.complete, after.complete)
    assert np.array_equal(before.point, after.point)
    for p in range(2):
        np.testing.assert_allclose(after.strategies[p], before.strategies[p], atol=1e-9)
    expected = before.payoffs * 1e9 + offsets.reshape(1, 2)
    np.testing.assert_allclose(after.payoffs, expected, rtol=0, atol=1e-9 * 1e9 * size)


def test_degenerate_games_give_the_same_kernels_in_any_units() -> None:
    rng = np.random.default_rng(11)
    tensors = rng.integers(-2, 3, (60, 2, 3, 3)).astype(float)
    tensors[:20] = rng.random((20, 2, 3, 3))  # some certified, most not
    before = batch_equilibria(tensors)
    after = batch_equilibria(tensors * 1e9 + np.array([3e9, -7e8]).reshape(1, 2, 1, 1))
    assert set(before.kernel.tolist()) == {ENUM, PER_GAME}
    assert np.array_equal(before.kernel, after.kernel)
    assert np.array_equal(before.count, after.count)


# --------------------------------------------------------------------- pure equilibria
@st.composite
def nplayer_batches(draw) -> np.ndarray:
    n = draw(st.integers(2, 4))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.integers(-1, 2, (draw(st.integers(0, 12)), n, *shape)).astype(float)


@SETTINGS
@given(nplayer_batches())
def test_pure_concept_lists_what_pure_nash_lists(tensors) -> None:
    found = batch_equilibria(tensors, concept="pure")
    assert (found.kernel == PURE).all() and found.complete.all()
    assert found.pure.all() and (found.regret == 0).all()
    assert_same_as(found, tensors, tg.pure_nash)


def test_the_2x2_kernel_makes_the_comparisons_pure_nash_mask_makes() -> None:
    rng = np.random.default_rng(2)
    tensors = rng.integers(-3, 4, (1500, 2, 2, 2)).astype(float)
    found = batch_equilibria(tensors)
    by_2x2 = found.kernel[found.point] == TWO
    assert by_2x2.sum() > 300
    pure = found.pure & by_2x2
    listed = np.zeros((len(tensors), 2, 2), dtype=bool)
    rows, cols = (np.argmax(found.strategies[p][pure], axis=1) for p in range(2))
    listed[found.point[pure], rows, cols] = True
    mask = pure_nash_mask(tensors)
    solved = found.kernel == TWO
    assert np.array_equal(listed[solved], mask[solved])


def test_more_pure_equilibria_than_can_be_listed_are_cut_as_pure_nash_does(monkeypatch) -> None:
    monkeypatch.setattr(tg.limits, "MAX_EQUILIBRIA", 10)
    tensors = np.zeros((2, 3, 4, 4, 4))  # every profile of a constant game is an equilibrium
    tensors[1] = np.random.default_rng(0).random((3, 4, 4, 4))
    found = batch_equilibria(tensors, concept="pure")
    assert found.count[0] == 10 and not found.complete[0] and found.complete[1]
    assert_same_as(found, tensors, tg.pure_nash)


# --------------------------------------------------------------------- the certificate
def test_the_certificate_refuses_known_degenerate_games() -> None:
    generic = np.random.default_rng(0).random((50, 2, 3, 3))
    # the row mixture (1/2, 1/2, 0) leaves the column player indifferent among all three
    # columns (payoffs 2, 2, 2): three best replies to a support of two
    three_replies = tg.Game.from_bimatrix(
        [[5, 1, 3], [2, 6, 4], [0, 7, 8]], [[1, 2, 3], [3, 2, 1], [0, 1, 2]]
    )
    a_tie = tg.Game.from_bimatrix([[1, 2, 0], [1, 0, 3], [0, 1, 2]], np.eye(3) + 0.1 * np.arange(3))
    certified = certified_nondegenerate(np.concatenate([generic, stacked(three_replies, a_tie)]))
    assert certified[:50].all() and not certified[50:].any()
    assert not certified_nondegenerate(KNOWN["degenerate 3x2"].game.payoff_tensor[None])[0]
    # the same games solved: per game, with what vertex enumeration finds
    tensors = stacked(three_replies, a_tie)
    found = batch_equilibria(tensors)
    assert found.kernel.tolist() == [PER_GAME, PER_GAME]
    assert_same_as(found, tensors, tg.solve)


def test_the_certificate_is_scale_invariant_and_ignores_units() -> None:
    tensors = np.random.default_rng(4).random((60, 2, 4, 3))
    tensors[::3, 0, 0, 1] = tensors[::3, 0, 1, 1]  # a tie in every third game
    certified = certified_nondegenerate(tensors)
    tied = np.arange(60) % 3 == 0
    assert certified[~tied].all() and not certified[tied].all()
    scaled = tensors * np.array([1e12, 1e-12]).reshape(1, 2, 1, 1)
    scaled += np.array([17e12, -3e-12]).reshape(1, 2, 1, 1)
    assert np.array_equal(certified_nondegenerate(scaled), certified)


def test_ties_among_dominated_strategies_do_not_stop_the_kernel() -> None:
    # the row player is indifferent against column 0, which the column player never plays
    tie_2x2 = tg.Game.from_bimatrix([[2, 1], [2, 0]], [[0, 1], [0, 1]])
    # payoffs additive in the two players' strategies, as trade models often make them:
    # every determinant of three columns vanishes, but each player has a dominant strategy
    additive = tg.Game.from_bimatrix(
        np.add.outer([1.0, 0.0], [0.0, 2.5, 1.25]), np.add.outer([0.5, 0.0], [4.0, 0.0, 2.0])
    )
    # rows 0 and 1 tie against column 2, which column 0 strictly dominates
    partial = tg.Game.from_bimatrix(
        [[4, 0, 1], [0, 4, 1], [1, 1, 0]], [[3, 1, 0], [1, 3, 0], [2, 1.5, 1]]
    )
    for game in (tie_2x2, additive, partial):
        assert certified_nondegenerate(game.payoff_tensor[None]).tolist() == [True]
        found = batch_equilibria(game.payoff_tensor[None])
        assert found.kernel.tolist() == [ENUM]
        assert_same_as(found, game.payoff_tensor[None], tg.solve)
    assert batch_equilibria(partial.payoff_tensor[None]).count.tolist() == [3]


def test_enumeration_work_counts_pairs_and_determinants() -> None:
    assert enumeration_work(2, 2) == (4 + 1) + 4 + 4  # support pairs, then each player's D
    assert enumeration_work(3, 3) == (9 + 9 + 1) + 15 + 15
    with pytest.raises(tg.SolverError, match="a 8x8 game has 35,749 support pairs"):
        certified_nondegenerate(np.zeros((1, 2, 8, 8)))


# --------------------------------------------------------------------- ordering and record
def test_canonical_order_puts_pure_first_then_by_support_size() -> None:
    game = KNOWN["3x3 coordination"].game
    ordered = canonical_equilibria(tg.solve(game))
    assert [sum(len(s) for s in e.supports) for e in ordered] == [2, 2, 2, 4, 4, 4, 6]
    assert [e.supports[0] for e in ordered[:3]] == [(0,), (1,), (2,)]
    assert [e.supports[0] for e in ordered[3:6]] == [(0, 1), (0, 2), (1, 2)]
    found = batch_equilibria(game.payoff_tensor[None])
    for row, eq in enumerate(ordered):
        np.testing.assert_allclose(found.strategies[0][row], eq.strategies[0], atol=1e-12)
    assert canonical_order([np.zeros((0, 2)), np.zeros((0, 3))]).tolist() == []


def test_the_record_is_immutable_and_says_how_it_was_made() -> None:
    found = batch_equilibria(stacked(KNOWN["battle of the sexes"].game, PD))
    assert len(found) == 4 and found.n_games == 2 and found.shape == (2, 2)
    assert repr(found) == "<BatchEquilibria 2x2 nash: 4 equilibria of 2 games (2x2: 2)>"
    assert found.support_size.tolist() == [2, 2, 4, 2]
    for values in (found.point, found.strategies[0], found.payoffs, found.count, found.kernel):
        with pytest.raises(ValueError, match="read-only"):
            values[0] = 1
    with pytest.raises(AttributeError):
        found.concept = "pure"  # type: ignore[misc]
    again = batch_equilibria(stacked(KNOWN["battle of the sexes"].game, PD))
    assert found == again and hash(found) == hash(again)
    assert found != batch_equilibria(stacked(PD, PD))
    frame = found.to_frame()
    assert list(frame.columns) == [
        "game",
        "equilibrium",
        "player",
        "strategy",
        "probability",
        "payoff",
        "regret",
        "pure",
        "kernel",
    ]
    assert len(frame) == 4 * (2 + 2)
    mixed = frame[(frame.game == 0) & (frame.equilibrium == 2) & (frame.player == 1)]
    np.testing.assert_allclose(mixed.probability, [1 / 3, 2 / 3])
    assert set(frame.kernel) == {"2x2"}


def test_an_empty_batch_is_fine() -> None:
    for shape, concept in [
        ((0, 2, 2, 2), "nash"),
        ((0, 3, 2, 3, 2), "pure"),
        ((0, 2, 4, 5), "nash"),
    ]:
        found = batch_equilibria(np.zeros(shape), concept=concept)
        assert len(found) == 0 and found.n_games == 0 and found.shape == shape[2:]
        assert found.strategies[1].shape == (0, shape[3])


def test_payoffs_near_the_float_limit() -> None:
    pennies = KNOWN["matching pennies"].game.payoff_tensor
    found = batch_equilibria(1e307 * pennies[None])
    assert found.kernel.tolist() == [TWO]
    np.testing.assert_allclose(found.strategies[0], [[0.5, 0.5]])
    np.testing.assert_allclose(found.payoffs, [[0.0, 0.0]], atol=1e292)


# --------------------------------------------------------------------- budgets
def test_a_total_time_limit_stops_the_batch_and_says_so(monkeypatch) -> None:
    tensors = np.random.default_rng(1).integers(-1, 2, (6, 2, 3, 3)).astype(float)
    monkeypatch.setattr("tradegame.solvers._budget.time", JumpingClock(calls=1))
    found = batch_equilibria(tensors, total_time_limit=5)
    assert found.stopped == "stopped at the time limit of 5 s: 6 of 6 games not solved"
    assert (found.kernel == -1).all() and not found.complete.any() and len(found) == 0
    assert "unsolved: 6" in repr(found)


def test_a_batch_cut_short_keeps_the_games_it_solved(monkeypatch) -> None:
    tensors = np.random.default_rng(1).integers(-1, 2, (40, 2, 2, 2)).astype(float)
    monkeypatch.setattr("tradegame.solvers._budget.time", JumpingClock(calls=40))
    found = batch_equilibria(tensors, total_time_limit=5)
    unsolved = found.kernel == -1
    assert found.stopped is not None and found.stopped.startswith("stopped at the time limit")
    assert f"{unsolved.sum()} of 40 games not solved" in found.stopped
    assert unsolved.any() and (found.kernel == TWO).any()
    assert (found.count[unsolved] == 0).all() and not found.complete[unsolved].any()
    assert (found.regret <= found.tolerance).all()


def test_the_per_game_time_limit_is_passed_to_solve(monkeypatch) -> None:
    calls = []

    def fake_solve(game, **options):
        calls.append(options)
        return tg.pure_nash(game)

    monkeypatch.setattr(sys.modules["tradegame.solvers.solve"], "solve", fake_solve)
    tensors = np.zeros((2, 3, 2, 2, 2))
    found = batch_equilibria(tensors, time_limit=7, tol=1e-6)
    assert calls == [{"tol": 1e-6, "time_limit": 7.0}] * 2
    assert found.count.tolist() == [8, 8] and found.complete.all()


# --------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("tensors", "options", "message"),
    [
        ([[[[1, 0], [0, 1]]] * 2], {}, "tensors must be a numpy array of shape"),
        (np.zeros((2, 2)), {}, r"at least 3 axes; got shape \(2, 2\)"),
        (
            np.zeros((4, 3, 2, 2)),
            {},
            r"3 players need 3 strategy axes after the player axis; found 2",
        ),
        (np.zeros((4, 1, 3)), {}, "1-player games; a game needs at least two players"),
        (np.zeros((4, 2, 0, 3)), {}, "every player needs at least one strategy"),
        (np.zeros((2, 2, 2, 2), dtype=bool), {}, "tensors must hold real numbers; got dtype bool"),
        (np.zeros((2, 2, 2, 2), dtype=object), {}, "tensors must hold real numbers"),
        (
            np.zeros((3, 2, 2, 2)),
            {"concept": "mixed"},
            "unknown concept 'mixed'; choose one of: nash, pure",
        ),
        (np.zeros((3, 2, 2, 2)), {"tol": 2}, "tol must be a number between 0 and 1"),
        (np.zeros((3, 2, 2, 2)), {"time_limit": 0}, "time_limit must be a positive number"),
        (np.zeros((3, 2, 2, 2)), {"total_time_limit": "1"}, "total_time_limit must be a positive"),
    ],
)
def test_bad_input_is_refused_in_one_line(tensors, options, message) -> None:
    with pytest.raises(tg.SolverError, match=message) as info:
        batch_equilibria(tensors, **options)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_payoffs_name_the_game(bad) -> None:
    tensors = np.zeros((20, 2, 2, 3))
    tensors[17, 1, 0, 2] = bad
    with pytest.raises(tg.SolverError, match=r"^tensors: payoffs of game 17 are not finite$"):
        batch_equilibria(tensors)


def test_finite_payoffs_whose_sum_overflows_are_accepted() -> None:
    tensors = np.full((2, 2, 2, 2), 1.5e308)
    tensors[:, :, 0, 0] = 0.0
    found = batch_equilibria(tensors, concept="pure")
    assert found.count.tolist() == [3, 3]


def test_helpers_refuse_bad_input() -> None:
    with pytest.raises(tg.SolverError, match=r"strategies must be a sequence of \(K, n_i\) arrays"):
        canonical_order(np.zeros((2, 2)))
    with pytest.raises(tg.SolverError, match="result must be a SolverResult; got list"):
        canonical_equilibria([])
    with pytest.raises(tg.SolverError, match="the certificate is for two-player games"):
        certified_nondegenerate(np.zeros((1, 3, 2, 2, 2)))
    found = batch_equilibria(np.zeros((1, 2, 2, 2)), concept="pure")
    with pytest.raises(tg.SolverError, match=r"game must be an index in \[0, 1\); got 1"):
        found.rows(1)
