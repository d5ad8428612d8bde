"""All equilibria of small N-player games: support profiles and certified root boxes."""

from __future__ import annotations

import importlib
import itertools

import numpy as np
import pytest
from clock import JumpingClock
from games import nau_2x2x2
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.solvers.all_equilibria import all_equilibria

module = importlib.import_module("tradegame.solvers.all_equilibria")


def mckelvey_mclennan_2x2x2() -> tg.Game:
    """McKelvey and McLennan's 2x2x2 game with 9 equilibria, 2 totally mixed.

    The most totally mixed equilibria a generic 2x2x2 game can have is two
    (McKelvey and McLennan 1997, "The maximal number of regular totally mixed
    Nash equilibria", JET 72, 411-425); payoffs as in Gambit's
    ``contrib/games/2x2x2.nfg``.
    """
    tensor = np.zeros((3, 2, 2, 2))
    # Gambit lists outcomes with the first player's strategy changing fastest
    outcomes = [
        (9, 8, 12), (0, 0, 0), (0, 0, 0), (9, 8, 2), (0, 0, 0), (3, 4, 6), (3, 4, 6), (0, 0, 0),
    ]  # fmt: skip
    for k, payoff in enumerate(outcomes):
        a, b, c = k % 2, (k // 2) % 2, k // 4
        tensor[:, a, b, c] = payoff
    return tg.Game.from_arrays(list(tensor))


def jordan_game() -> tg.Game:
    """Jordan's (1993) three-player matching pennies: a unique equilibrium, fully mixed.

    Player 1 wants to match player 2, player 2 to match player 3, player 3 to
    mismatch player 1 (Jordan, J. S. 1993, "Three problems in learning
    mixed-strategy Nash equilibria", GEB 5, 368-386). The unique equilibrium
    has every player mixing 1/2-1/2.
    """
    same = np.eye(2)
    u1 = np.broadcast_to(same[:, :, None], (2, 2, 2))
    u2 = np.broadcast_to(same[None, :, :], (2, 2, 2))
    u3 = 1 - np.broadcast_to(same[:, None, :], (2, 2, 2))
    return tg.Game.from_arrays([u1, u2, u3])


def _profiles(result) -> list[tuple[tuple[float, ...], ...]]:
    return sorted(tuple(tuple(np.round(s, 9)) for s in e.strategies) for e in result)


def test_mckelvey_mclennan_game_has_nine_equilibria_two_totally_mixed() -> None:
    result = all_equilibria(mckelvey_mclennan_2x2x2())
    assert result.complete and len(result) == 9
    mixed = [e for e in result if all(len(s) == 2 for s in e.supports)]
    expected = [
        ((0.5, 0.5), (0.4, 0.6), (0.25, 0.75)),
        ((0.4, 0.6), (0.5, 0.5), (1 / 3, 2 / 3)),
    ]
    got = sorted(tuple(tuple(s) for s in e.strategies) for e in mixed)
    assert len(got) == 2
    for profile, want in zip(got, sorted(expected), strict=True):
        np.testing.assert_allclose(np.concatenate(profile), np.concatenate(want), atol=1e-12)
    assert result.notes[-1].startswith("9 equilibria: each certified; an odd number")


def test_jordan_game_has_one_fully_mixed_equilibrium() -> None:
    result = tg.solve(jordan_game(), method="all")
    assert result.method == "all" and result.complete
    assert len(result) == 1
    np.testing.assert_allclose(np.concatenate(result[0].strategies), 0.5, atol=1e-12)


def test_scale_invariance_usd_versus_usd_bn() -> None:
    game = mckelvey_mclennan_2x2x2()
    tensor = game.payoff_tensor * np.array([1e9, 3.0, 1e-6])[:, None, None, None]
    shifted = tg.Game.from_arrays(list(tensor + np.array([5e12, -7.0, 0.25])[:, None, None, None]))
    assert _profiles(all_equilibria(shifted)) == _profiles(all_equilibria(game))


def test_degenerate_game_lists_its_pure_equilibria_and_says_it_may_be_incomplete() -> None:
    """Nau's 2x2x2 game (Gambit contrib/games/2x2x2-nau.nfg): three pure equilibria and
    continua of mixed ones."""
    game = nau_2x2x2()
    result = all_equilibria(game)
    pure = {tuple(tuple(s) for s in e.strategies) for e in tg.pure_nash(game)}
    found = {tuple(tuple(s) for s in e.strategies) for e in result if e.pure}
    assert pure == found and len(pure) == 3
    assert not result.complete
    assert any("degenerate" in note for note in result.notes)
    assert all(e.relative_regret <= result.tolerance for e in result)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2)])
def test_a_game_of_all_ties_finishes_with_verified_points(shape) -> None:
    game = tg.Game.from_arrays(list(np.zeros((len(shape), *shape))))
    result = all_equilibria(game, time_limit=60)
    assert result.stopped is None and not result.complete
    assert len(result) > 0 and all(e.max_regret == 0 for e in result)


def test_players_with_one_strategy_take_no_part() -> None:
    base = jordan_game().payoff_tensor
    tensor = np.zeros((4, 2, 2, 2, 1))
    tensor[:3, ..., 0] = base
    tensor[3] = 7.0
    result = all_equilibria(tg.Game.from_arrays(list(tensor)))
    assert len(result) == 1 and result.complete
    np.testing.assert_allclose(np.concatenate(result[0].strategies[:3]), 0.5, atol=1e-12)


def test_two_player_games_agree_with_vertex_enumeration() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        game = tg.Game.from_bimatrix(rng.standard_normal((3, 4)), rng.standard_normal((3, 4)))
        ours = all_equilibria(game)
        assert ours.complete
        reference = tg.vertex_enumeration(game, exact=False)
        assert len(ours) == len(reference)
        for a, b in zip(_profiles(ours), _profiles(reference), strict=True):
            np.testing.assert_allclose(np.concatenate(a), np.concatenate(b), atol=1e-7)


def _random_games(shapes):
    return st.builds(
        lambda shape, seed: tg.Game.from_arrays(
            list(np.random.default_rng(seed).standard_normal((len(shape), *shape)))
        ),
        st.sampled_from(shapes),
        st.integers(0, 2**32 - 1),
    )


@settings(max_examples=25, deadline=None)
@given(_random_games([(2, 2, 2), (3, 2, 2), (2, 3, 2, 2), (2, 2, 2, 2), (3, 3, 2)]))
def test_generic_games_have_an_odd_verified_set_containing_the_pure_equilibria(game) -> None:
    """A generic game has an odd number of equilibria (Wilson 1971; Harsanyi 1973)."""
    result = all_equilibria(game, time_limit=None)
    assert result.complete, result.notes
    assert len(result) % 2 == 1
    assert all(e.relative_regret <= result.tolerance for e in result)
    pure = {tuple(tuple(s) for s in e.strategies) for e in tg.pure_nash(game)}
    assert pure <= {tuple(tuple(s) for s in e.strategies) for e in result}


def test_dominated_strategies_never_appear() -> None:
    """Prisoner's dilemma for three: defecting strictly dominates; one equilibrium."""
    tensor = np.zeros((3, 2, 2, 2))
    for profile in itertools.product(range(2), repeat=3):
        cooperators = profile.count(0)
        for i in range(3):
            tensor[(i, *profile)] = 2 * cooperators - (3 if profile[i] == 0 else 0)
    result = all_equilibria(tg.Game.from_arrays(list(tensor)))
    assert len(result) == 1 and result[0].pure and result.complete
    assert result[0].supports == ((1,), (1,), (1,))


def test_the_time_limit_stops_the_search_and_says_so(monkeypatch) -> None:
    game = tg.Game.from_arrays(list(np.random.default_rng(3).standard_normal((3, 3, 3, 3))))
    monkeypatch.setattr("tradegame.solvers._budget.time", JumpingClock(calls=5))
    result = all_equilibria(game, time_limit=10)
    assert not result.complete
    assert result.stopped == "stopped at the time limit of 10 s"
    assert all(e.relative_regret <= result.tolerance for e in result)


def test_too_many_support_profiles_are_refused_with_a_reason(monkeypatch) -> None:
    monkeypatch.setattr(module, "MAX_SUPPORT_PROFILES", 10)
    result = all_equilibria(jordan_game())
    assert not result.complete and len(result) == 0
    assert "27 support profiles" in result.stopped and "more than 10" in result.stopped


def test_bad_input_is_refused_in_one_line() -> None:
    with pytest.raises(tg.SolverError, match=r"method=.all. needs a tradegame\.Game"):
        all_equilibria(np.zeros((2, 2)))
    with pytest.raises(tg.SolverError, match="tol must be a number between 0 and 1"):
        all_equilibria(jordan_game(), tol=2)
    with pytest.raises(tg.SolverError, match="time_limit must be a positive number"):
        all_equilibria(jordan_game(), time_limit=-1)


def test_a_round_with_every_box_outside_the_simplex_is_handled() -> None:
    """Regression: such a round reached the box tests with no boxes and crashed."""
    payoffs = np.random.default_rng(49).standard_normal((3, 3, 3, 2))
    result = all_equilibria(tg.Game.from_arrays(list(payoffs)))
    assert result.complete and len(result) % 2 == 1


def test_a_tie_that_opens_a_segment_of_equilibria_lists_a_point_of_it() -> None:
    """Player 1 indifferent against (0, 0): where the others keep playing 0 as P1 mixes, a
    whole segment of profiles are equilibria; one point of it is listed, the set flagged."""
    found = 0
    for seed in range(12):
        payoffs = np.random.default_rng(seed).standard_normal((3, 2, 2, 2))
        payoffs[0, 1, 0, 0] = payoffs[0, 0, 0, 0]
        game = tg.Game.from_arrays(list(payoffs))
        result = all_equilibria(game)
        segment = [e for e in result if e.supports == ((0, 1), (0,), (0,))]
        if not result.complete:
            assert segment and any("degenerate" in n for n in result.notes)
            found += 1
        else:
            assert len(result) % 2 == 1
    assert found > 0


def test_auto_after_the_search_used_the_whole_limit_still_reports(monkeypatch) -> None:
    # the search for all equilibria runs out of time; the pure equilibria and logit tracing
    # that follow get a floor of time, not a time limit of 0 (refused as an argument)
    game = tg.load_scenario("rare_earth_escalation_2025").game()
    monkeypatch.setattr("tradegame.solvers._budget.time", JumpingClock(calls=2))
    result = tg.solve(game, time_limit=10)
    assert not result.complete
    assert result.method in ("all+logit-tracing", "pure+logit-tracing")
    assert all(e.relative_regret <= result.tolerance for e in result)
