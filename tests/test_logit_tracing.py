"""logit_tracing: one verified equilibrium of any finite game, within its time budget.

Known games: the two-player games of ``tests/games.py`` (the equilibrium found must be
one of the cited ones), Jordan's (1993) three-player cyclic matching-pennies game and an
asymmetric variant (a unique, fully mixed equilibrium), and 2x2 coordination games,
where the branch's limit is the risk-dominant equilibrium (Turocy 2005).
Properties: random and degenerate 3- and 4-player games always get an equilibrium;
payoff units do not change it; a time-out gives a flagged result, not a hang.
"""

from __future__ import annotations

import importlib
import itertools
from types import SimpleNamespace

import numpy as np
import pytest
from games import KNOWN_GAMES
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import tradegame as tg
import tradegame.solvers._budget as budget_module
from tradegame.errors import SolverError
from tradegame.solvers.logit_tracing import logit_tracing
from tradegame.solvers.quantal_response import logit_branch
from tradegame.solvers.regret import regrets

# the module, not the function of the same name that tradegame.solvers exports
tracing = importlib.import_module("tradegame.solvers.logit_tracing")

TOL = tg.DEFAULT_TOL


def assert_verified(result) -> None:
    """One equilibrium, with every player's regret within tol of its payoff range."""
    assert result.method == "logit-tracing"
    assert len(result) == 1 and result.stopped is None and not result.complete
    eq = result[0]
    assert eq.relative_regret <= result.tolerance
    scaled = tg.solvers._scale.normalized(result.game.payoff_tensor[None])[0]
    assert regrets(scaled, [s[None] for s in eq.strategies]).max() <= result.tolerance


def as_float(profile) -> list[np.ndarray]:
    return [np.array([float(p) for p in player]) for player in profile]


# ---------------------------------------------------------------------- known games
COMPLETE_LISTS = [
    k for k in KNOWN_GAMES if k.game.n_players == 2 and k.equilibria and k.name != "degenerate 3x2"
]


@pytest.mark.parametrize("known", COMPLETE_LISTS, ids=lambda k: k.name)
def test_two_player_known_games_give_one_of_their_cited_equilibria(known) -> None:
    result = logit_tracing(known.game)
    assert_verified(result)
    found = result[0].strategies
    assert any(
        all(np.allclose(a, b, atol=1e-9) for a, b in zip(found, as_float(eq), strict=True))
        for eq in known.equilibria
    ), f"{known.name}: {found} is not among the equilibria cited ({known.source})"


@pytest.mark.parametrize(
    "known",
    [k for k in KNOWN_GAMES if k not in COMPLETE_LISTS],
    ids=lambda k: k.name,
)
def test_games_with_many_or_unlisted_equilibria_give_a_verified_one(known) -> None:
    # von Stengel's 6x6 (75 equilibria), a degenerate game with a segment of equilibria and
    # Nau's 3-player game (whose listed pure equilibria are not all of them)
    assert_verified(logit_tracing(known.game))


def cyclic_pennies(a, b, c, d, e, f) -> tg.Game:
    """Three players, each with strategies 0/1, each paid by its own and the next one's choice.

    Player 1 wants to match player 2 (a for both 0, b for both 1), player 2 to match
    player 3 (c, d) and player 3 to mismatch player 1 (e when 3 plays 0 and 1 plays 1, f
    when 3 plays 1 and 1 plays 0). With a = ... = f = 1 this is Jordan's (1993) game,
    "Three problems in learning mixed-strategy Nash equilibria", GEB 5, 368-386, whose
    unique equilibrium mixes 1/2-1/2. No pure profile is an equilibrium (the cycle of
    best responses has an odd number of mismatches), so in any equilibrium player 1 is
    indifferent, which fixes player 2's mix (P(0) = b / (a + b)); then player 2 mixes and is
    indifferent, fixing player 3's (d / (c + d)), and player 3's fixes player 1's
    (e / (e + f)): the equilibrium is unique.
    """
    tensor = np.zeros((3, 2, 2, 2))
    for x, y, z in itertools.product(range(2), repeat=3):
        tensor[0, x, y, z] = (a if x == 0 else b) * (x == y)
        tensor[1, x, y, z] = (c if y == 0 else d) * (y == z)
        tensor[2, x, y, z] = (e if z == 0 else f) * (z != x)
    return tg.Game.from_arrays(list(tensor))


@pytest.mark.parametrize(
    "payoffs",
    [(1, 1, 1, 1, 1, 1), (3, 1, 1, 4, 2, 5), (1, 7, 2, 1, 6, 1)],
    ids=["Jordan 1993", "asymmetric", "asymmetric-2"],
)
def test_three_player_game_with_a_unique_fully_mixed_equilibrium(payoffs) -> None:
    a, b, c, d, e, f = payoffs
    result = logit_tracing(cyclic_pennies(*payoffs))
    assert_verified(result)
    expected = [e / (e + f), b / (a + b), d / (c + d)]  # each player's P(strategy 0)
    for mix, p in zip(result[0].strategies, expected, strict=True):
        assert_allclose(mix, [p, 1 - p], atol=1e-9)


@pytest.mark.parametrize(
    "row, expected",
    [([[4, 0], [3, 3]], 1), ([[6, 0], [3, 2]], 0), ([[9, 0], [8, 7]], 1)],
    ids=["stag-hunt", "stag-risk-dominant", "hare-risk-dominant"],
)
def test_coordination_games_select_the_risk_dominant_equilibrium(row, expected) -> None:
    # Harsanyi and Selten (1988): the risk-dominant equilibrium has the larger product of
    # deviation losses; Turocy (2005) shows the logit branch converges to it in 2x2 games
    game = tg.Game.from_bimatrix(row, np.transpose(row))
    result = logit_tracing(game)
    assert_verified(result)
    pure = np.eye(2)[expected]
    for mix in result[0].strategies:
        assert_allclose(mix, pure, atol=1e-12)


def test_the_equilibrium_is_the_limit_of_the_principal_branch() -> None:
    # this game has several equilibria; its branch bends back in lam twice before it ends
    # at the pure equilibrium (first row, second column), and logit tracing returns that one
    game = tg.Game.from_bimatrix(
        [[2, 5, 1], [8, 4, 1], [1, 4, 0]], [[5, 8, 4], [8, 6, 9], [1, 4, 9]]
    )
    assert len(tg.solve(game)) > 1
    branch = logit_branch(game)
    last = branch[branch.point == branch.point.max()].probability.to_numpy()
    result = logit_tracing(game)
    assert_verified(result)
    assert_allclose(np.concatenate(result[0].strategies), last, atol=1e-8)
    assert_allclose(last, [1, 0, 0, 0, 1, 0], atol=1e-8)


def benchmark_game(k: int) -> tg.Game:
    """Game ``k`` of ``benchmarks/bench_nplayer.py``'s random set (3-4 players, 2-4 strategies)."""
    rng = np.random.default_rng([2026, k])
    shape = tuple(int(s) for s in rng.integers(2, 5, int(rng.integers(3, 5))))
    return tg.Game.from_arrays(list(rng.standard_normal((len(shape), *shape))))


# The principal branch's limits, recorded from pygambit 16.7's logit_solve (Turocy 2005's
# tracer) on each game's normalized payoff tensor (solvers._scale.normalized), with which an
# independent cautious arc-length tracer (tangent turning below 0.05 rad a step) agreed.
# Game 131's branch turns back near lam = 18.3 and passes within 0.02 of another equilibrium
# near lam = 97 before it converges here; on game 148 the tracer once jumped to another branch
# near lam = 10 (ending 0.98 away from this limit).
BRANCH_LIMITS = {
    131: [
        [0.00818461841412221, 0.0, 0.9918153815858777],
        [0.0, 0.5376203119850826, 0.46237968801491736, 0.0],
        [0.5837627474885523, 0.0, 0.4162372525114477, 0.0],
        [0.45602481829177227, 0.40006757134209703, 0.1439076103661307, 0.0],
    ],
    148: [
        [0.25786400139316334, 0.0, 0.7421359986068367],
        [0.0, 0.35106417868358836, 0.6489358213164117, 0.0],
        [0.0, 1.0, 0.0, 0.0],
    ],
}


@pytest.mark.parametrize("k", sorted(BRANCH_LIMITS), ids=lambda k: f"bench-game{k}")
def test_the_tracer_stays_on_the_principal_branch_to_its_limit(k) -> None:
    result = logit_tracing(benchmark_game(k))
    assert_verified(result)
    for mix, expected in zip(result[0].strategies, BRANCH_LIMITS[k], strict=True):
        assert_allclose(mix, expected, atol=1e-6)
    assert len(result.notes) == 1  # neither a perturbed game's limit nor an unconfirmed one


# ---------------------------------------------------------------------- degenerate games
@pytest.mark.parametrize(
    "arrays",
    [
        [np.full((2, 3, 2), 5.0)] * 3,  # all payoffs equal: every profile is an equilibrium
        [np.array([[[1.0]]]), np.array([[[2.0]]]), np.array([[[0.0]]])],  # one strategy each
        # player 1's two strategies are copies; player 2 has one strategy
        [np.array([[1.0], [1.0], [0.0]]), np.array([[3.0], [2.0], [1.0]])],
        # strictly dominated strategies for both, and ties elsewhere
        [
            np.array([[2.0, 2.0, 0.0], [1.0, 1.0, 0.0]]),
            np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0]]),
        ],
        # a 3-player game with many ties (payoffs in {0, 1})
        list(np.indices((2, 2, 2)).sum(axis=0)[None].repeat(3, axis=0) % 2 * 1.0),
    ],
    ids=["constant", "one-strategy", "duplicates", "dominated-ties", "parity"],
)
def test_degenerate_games_get_an_equilibrium(arrays) -> None:
    assert_verified(logit_tracing(tg.Game.from_arrays(arrays)))


@st.composite
def nplayer_games(draw, integer: bool) -> tg.Game:
    """3- and 4-player games up to 4 strategies each; integer payoffs in {0, 1, 2} make
    degenerate games (ties, duplicates, continua of equilibria) common."""
    n = draw(st.integers(3, 4))
    shape = tuple(draw(st.integers(1 if integer else 2, 4)) for _ in range(n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if integer:
        tensor = rng.integers(0, 3, size=(n, *shape)).astype(float)
    else:
        tensor = rng.normal(size=(n, *shape))
    return tg.Game.from_arrays(list(tensor))


@settings(max_examples=60, deadline=None)
@given(game=nplayer_games(integer=False))
def test_random_games_always_get_a_verified_equilibrium(game) -> None:
    assert_verified(logit_tracing(game))


@settings(max_examples=80, deadline=None)
@given(game=nplayer_games(integer=True))
def test_degenerate_integer_games_always_get_a_verified_equilibrium(game) -> None:
    assert_verified(logit_tracing(game))


# ---------------------------------------------------------------------- units, budget, input
@pytest.mark.parametrize("factor, offset", [(1e9, 3e9), (1e-9, -1e-8), (2.0**40, 0.0)])
def test_the_equilibrium_does_not_depend_on_the_payoff_units(factor, offset) -> None:
    rng = np.random.default_rng(3)
    tensor = rng.normal(size=(3, 3, 2, 3))
    base = logit_tracing(tg.Game.from_arrays(list(tensor)))
    scaled = logit_tracing(tg.Game.from_arrays(list(tensor * factor + offset)))
    assert_verified(scaled)
    for a, b in zip(base[0].strategies, scaled[0].strategies, strict=True):
        assert_allclose(a, b, atol=1e-9)


def test_a_time_out_gives_a_flagged_result_without_equilibria(monkeypatch) -> None:
    # a clock that moves a second at every reading: the run must stop at its first check
    ticks = itertools.count()
    monkeypatch.setattr(
        budget_module, "time", SimpleNamespace(monotonic=lambda: float(next(ticks)))
    )
    result = logit_tracing(cyclic_pennies(3, 1, 1, 4, 2, 5), time_limit=0.5)
    assert len(result) == 0 and not result.complete
    assert result.stopped == "stopped at the time limit of 0.5 s"
    assert any(n.startswith("no verified equilibrium yet") for n in result.notes)


def test_a_branch_that_fails_falls_back_to_a_perturbed_game(monkeypatch) -> None:
    followed = []
    real = tracing._follow

    def failing_on_the_original(search, traced, budget):
        followed.append(traced is search.tensor)
        return False if traced is search.tensor else real(search, traced, budget)

    monkeypatch.setattr(tracing, "_follow", failing_on_the_original)
    result = logit_tracing(cyclic_pennies(3, 1, 1, 4, 2, 5))
    assert followed[:2] == [True, False]
    assert_verified(result)
    assert any("perturbed by 1e-06 of each payoff range" in n for n in result.notes)
    # verified on the original game: still its unique equilibrium
    assert_allclose(result[0].strategies[0], [2 / 7, 5 / 7], atol=1e-9)


def test_the_result_is_reproducible_and_records_its_parameters() -> None:
    game = cyclic_pennies(1, 7, 2, 1, 6, 1)
    first, second = logit_tracing(game, tol=1e-8), logit_tracing(game, tol=1e-8)
    assert first == second
    assert dict(first.parameters) == {"tol": 1e-8, "time_limit": tg.limits.DEFAULT_TIME_LIMIT}
    assert first.tolerance == 1e-8
    assert first[0].exact is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: logit_tracing([[1, 0], [0, 1]]), "method='logit-tracing' needs a tradegame.Game"),
        (lambda: logit_tracing(cyclic_pennies(*[1] * 6), tol=2), "tol must be a number between"),
        (lambda: logit_tracing(cyclic_pennies(*[1] * 6), tol=True), "tol must be a number"),
        (lambda: logit_tracing(cyclic_pennies(*[1] * 6), time_limit=0), "time_limit must be"),
    ],
)
def test_bad_input_gets_a_one_line_error(call, message) -> None:
    with pytest.raises(SolverError) as info:
        call()
    assert str(info.value).startswith(message) and "\n" not in str(info.value)
