"""Learning dynamics against cited known behaviour, invariants, properties and bad input.

Known answers:
- Shapley (1964), 'Some topics in two-person games', Advances in Game Theory (Annals of
  Mathematics Studies 52), 1-28: in the 3x3 game with row payoffs I and column payoffs the
  cyclic shift, fictitious play cycles through six profiles with geometrically growing
  runs and never settles at the unique equilibrium (uniform, uniform).
- Robinson (1951), Annals of Mathematics 54(2): fictitious play converges in zero-sum games.
- Monderer and Shapley (1996), GEB 14: potential games have the finite improvement
  property, so best-response dynamics reaches a pure equilibrium.
- Akin and Losert (1984), J. Math. Biol. 20: replicator orbits of zero-sum games with an
  interior equilibrium x* are closed; sum x*_ik log x_ik is constant.
- McKelvey and Palfrey (1995), GEB 10: logit equilibria; closed forms below.
- Hart and Mas-Colell (2000), Econometrica 68(5): regret matching's empirical joint play
  approaches the correlated equilibria.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from games import nau_2x2x2
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import nplayer_games

import tradegame as tg
from tradegame import learning
from tradegame.errors import EquilibriumWarning, SolverError
from tradegame.learning import (
    best_response_dynamics,
    empirical_play,
    fictitious_play,
    logit_dynamics,
    regret_matching,
    replicator_dynamics,
)

PROPERTY = settings(max_examples=25, deadline=None)


# ------------------------------------------------------------------ games
def shapley() -> tg.Game:
    """Shapley (1964): row payoffs the identity, column payoffs the cyclic shift."""
    return tg.Game.from_bimatrix(np.eye(3), [[0, 1, 0], [0, 0, 1], [1, 0, 0]], name="Shapley 1964")


def pennies() -> tg.Game:
    return tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))


def coordination() -> tg.Game:
    return tg.Game.from_bimatrix(
        [[2, 0], [0, 1]], [[2, 0], [0, 1]], strategies=(("A", "B"), ("A", "B"))
    )


def chicken() -> tg.Game:
    """Aumann (1974), J. Math. Econ. 1, 67-96: (6,6), (2,7), (7,2), (0,0)."""
    return tg.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])


def coordination3() -> tg.Game:
    """Three players who each get 1 when all three choose the same strategy."""
    same = np.zeros((2, 2, 2))
    same[0, 0, 0] = same[1, 1, 1] = 1.0
    return tg.Game.from_arrays([same] * 3)


OFFSETS = np.array([3.7e9, -12.0, 5e11])


def rescaled(game: tg.Game) -> tg.Game:
    """The game in other units: each player's payoffs x 1e9 plus a different offset."""
    offsets = OFFSETS[: game.n_players].reshape(-1, *([1] * game.n_players))
    return tg.Game(game.payoff_tensor * 1e9 + offsets, game.players, game.strategies)


def states(frame: pd.DataFrame) -> np.ndarray:
    """The probability column as (steps, strategies), in the game's strategy order."""
    steps = frame["step"].nunique()
    return frame["probability"].to_numpy().reshape(steps, -1)


def actions(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The profile played at each step, in player order."""
    played = frame[frame["played"]]
    return [tuple(group["strategy"]) for _, group in played.groupby("step", sort=True)]


def runs(sequence: list) -> list[tuple[object, int]]:
    out: list[list] = []
    for item in sequence:
        if out and out[-1][0] == item:
            out[-1][1] += 1
        else:
            out.append([item, 1])
    return [(item, length) for item, length in out]


def ce_violation(game: tg.Game, joint: np.ndarray) -> np.ndarray:
    """Each player's largest correlated-equilibrium violation (Aumann 1987), as a fraction
    of its payoff range: max over j, k of sum_{s: s_i = j} z(s) (u_i(k, s_-i) - u_i(s))."""
    out = np.zeros(game.n_players)
    for i in range(game.n_players):
        u = game.payoff_tensor[i]
        span = u.max() - u.min()
        u = (u - u.min()) / span if span > 0 else np.zeros_like(u)
        for j, k in itertools.product(range(game.shape[i]), repeat=2):
            gain = np.take(joint, j, axis=i) * (np.take(u, k, axis=i) - np.take(u, j, axis=i))
            out[i] = max(out[i], gain.sum())
    return out


@st.composite
def potential_games(draw, max_players: int = 3, max_strategies: int = 3) -> tg.Game:
    """Exact potential games (Monderer and Shapley 1996, section 2): each player's
    payoff is a common potential plus a term that does not depend on its own strategy."""
    n = draw(st.integers(2, max_players))
    shape = tuple(draw(st.integers(1, max_strategies)) for _ in range(n))
    potential = draw(hnp.arrays(np.int64, shape, elements=st.integers(-4, 4)))
    arrays = []
    for i in range(n):
        other = tuple(1 if k == i else m for k, m in enumerate(shape))
        dummy = draw(hnp.arrays(np.int64, other, elements=st.integers(-4, 4)))
        arrays.append(potential + dummy)
    return tg.Game.from_arrays(arrays)


# ------------------------------------------------------------------ fictitious play
def test_shapley_game_has_only_the_uniform_equilibrium() -> None:
    result = tg.support_enumeration(shapley())
    assert len(result) == 1
    for probs in result[0].strategies:
        np.testing.assert_allclose(probs, [1 / 3] * 3, atol=1e-12)


def test_fictitious_play_cycles_in_shapley_game_with_growing_runs() -> None:
    frame = fictitious_play(shapley(), 5000)
    played = runs(actions(frame))
    cycle = [("s1", "s1"), ("s1", "s2"), ("s2", "s2"), ("s2", "s3"), ("s3", "s3"), ("s3", "s1")]
    assert [p for p, _ in played] == [cycle[k % 6] for k in range(len(played))]
    lengths = [n for _, n in played[:-1]]  # the last run is cut off by the horizon
    assert len(lengths) >= 15
    assert all(b > a for a, b in itertools.pairwise(lengths))
    # geometric growth: every later run is more than 5 times the one a full cycle earlier
    assert all(lengths[k + 6] > 5 * lengths[k] for k in range(3, len(lengths) - 6))
    # the empirical frequencies keep oscillating: over every tenfold window (one full cycle)
    # every frequency swings by more than 0.4 and the profile stays far from equilibrium
    x = states(frame)
    for start in (50, 100, 500):
        window = x[start - 1 : 10 * start]
        assert np.ptp(window, axis=0).min() > 0.4
        assert np.abs(window - 1 / 3).max(axis=1).min() > 0.15


def test_fictitious_play_converges_in_matching_pennies() -> None:
    frame = fictitious_play(pennies(), 8000)
    heads = states(frame)[:, 0]  # row's empirical frequency of H
    bands = [np.abs(heads[t - 1 : 2 * t] - 0.5).max() for t in (500, 1000, 2000, 4000)]
    assert all(b < a for a, b in itertools.pairwise(bands))
    assert bands[-1] < 0.02


def test_fictitious_play_converges_in_rock_paper_scissors() -> None:
    rps = tg.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    frame = fictitious_play(rps, 6000)
    assert np.abs(states(frame)[-1] - 1 / 3).max() < 0.03


def test_fictitious_play_frame_schema_and_first_steps() -> None:
    frame = fictitious_play(pennies(), 3)
    assert list(frame.columns) == ["step", "player", "strategy", "probability", "played", "payoff"]
    assert frame.dtypes["step"] == np.int64 and frame.dtypes["played"] == np.bool_
    assert len(frame) == 3 * 4
    # step 1: the uniform prior, a tie broken towards the first strategy: (H, H)
    assert frame.head(4)["probability"].tolist() == [0.5, 0.5, 0.5, 0.5]
    # step 2: beliefs (3/4, 1/4) for both; step 3: Row ties at (1/2, 1/2) and keeps H
    assert actions(frame) == [("H", "H"), ("H", "T"), ("H", "T")]
    assert frame[frame.played]["payoff"].tolist() == [1, -1, -1, 1, -1, 1]
    assert frame.attrs["method"] == "fictitious-play"
    assert frame.attrs["parameters"]["tie_break"] == "first"
    assert frame.attrs["stopped"] is None


@PROPERTY
@given(nplayer_games(max_players=3), st.sampled_from(["first", "random"]), st.integers(0, 99))
def test_fictitious_play_best_responds_to_the_recorded_beliefs(game, tie_break, seed) -> None:
    steps = 15
    frame = fictitious_play(game, steps, tie_break=tie_break, rng=seed)
    beliefs = states(frame)
    played = frame["played"].to_numpy().reshape(steps, -1)
    split = np.cumsum(game.shape)[:-1]
    for t in range(steps):
        mixed = [b[None] for b in np.split(beliefs[t], split)]
        chosen = np.split(played[t], split)
        for i in range(game.n_players):
            values = tg.solvers.regret.strategy_payoffs(game.payoff_tensor, mixed, i)[0]
            span = np.ptp(game.payoff_tensor[i])
            assert chosen[i].sum() == 1
            assert values[chosen[i]][0] >= values.max() - 1e-9 * max(span, 1.0)
        # frequencies: the prior counts as one observation
        if t + 1 < steps:
            np.testing.assert_allclose(
                beliefs[t + 1], (beliefs[t] * (t + 1) + played[t]) / (t + 2), atol=1e-12
            )


# ------------------------------------------------------------------ best-response dynamics
def test_best_response_dynamics_reaches_the_equilibrium_of_a_coordination_game() -> None:
    frame = best_response_dynamics(coordination(), 50, initial=["A", "B"])
    assert actions(frame) == [("A", "B"), ("B", "B")]
    assert frame.attrs["converged"] is True
    assert list(frame.columns) == ["step", "player", "strategy", "probability", "played", "payoff"]
    assert frame["probability"].tolist() == frame["played"].astype(float).tolist()


def test_best_response_dynamics_cycles_in_matching_pennies() -> None:
    frame = best_response_dynamics(pennies(), 40, initial=["H", "H"])
    assert frame.attrs["converged"] is False and frame["step"].max() == 40
    cycle = [("H", "H"), ("H", "T"), ("T", "T"), ("T", "H")]
    sequence = actions(frame)
    # round robin: Row keeps H at step 1 (already a best response), Column switches at 2,
    # Row at 3, ...: every step after the first moves one place round the cycle
    assert sequence[1:] == [cycle[(t - 1) % 4] for t in range(1, 41)]


def test_simultaneous_best_responses_can_miscoordinate_forever() -> None:
    frame = best_response_dynamics(coordination(), 6, sequential=False, initial=["A", "B"])
    assert actions(frame) == [("A", "B"), ("B", "A")] * 3 + [("A", "B")]
    assert frame.attrs["converged"] is False


def test_best_response_dynamics_starts_at_an_equilibrium_and_stops() -> None:
    frame = best_response_dynamics(coordination(), 10, initial=["B", "B"])
    assert frame["step"].tolist() == [0] * 4 and frame.attrs["converged"]


def test_best_response_dynamics_reaches_a_pure_equilibrium_of_the_nau_game() -> None:
    game = nau_2x2x2()  # three pure equilibria (Gambit 2x2x2-nau.nfg)
    equilibria = {("1", "2", "1"), ("2", "1", "1"), ("2", "2", "2")}
    for start in itertools.product(range(2), repeat=3):
        frame = best_response_dynamics(game, 30, initial=list(start))
        assert frame.attrs["converged"]
        assert actions(frame)[-1] in equilibria


@PROPERTY
@given(potential_games(), st.integers(0, 2**32 - 1))
def test_best_response_dynamics_reaches_a_pure_equilibrium_of_a_potential_game(game, seed) -> None:
    # every switch raises the potential, and a round without a switch is an equilibrium
    bound = game.n_players * int(np.prod(game.shape))
    frame = best_response_dynamics(game, bound, rng=seed)
    assert frame.attrs["converged"]
    last = actions(frame)[-1]
    assert tg.max_regret(game, list(last)) == 0.0


# ------------------------------------------------------------------ replicator dynamics
def test_replicator_converges_to_the_strict_equilibrium_of_its_basin() -> None:
    # u(A) = 2y > u(B) = 1 - y exactly when y > 1/3: the basins are split at 1/3
    for start, expected in (([0.4, 0.6], [1, 0]), ([0.3, 0.7], [0, 1])):
        frame = replicator_dynamics(coordination(), steps=400, dt=0.1, initial=[start, start])
        np.testing.assert_allclose(states(frame)[-1], expected * 2, atol=1e-4)
    assert list(frame.columns) == ["step", "time", "player", "strategy", "probability", "payoff"]
    np.testing.assert_allclose(frame["time"].iloc[-1], 40.0)
    assert frame.attrs["method"] == "replicator"


def test_replicator_orbits_in_matching_pennies_are_closed() -> None:
    frame = replicator_dynamics(pennies(), steps=4000, dt=0.01, initial=[[0.8, 0.2], [0.3, 0.7]])
    x = states(frame)
    constant = 0.5 * np.log(x).sum(axis=1)  # sum x*_ik log x_ik with x* uniform
    np.testing.assert_allclose(constant, constant[0], atol=1e-9)
    # it neither converges to the centre nor drifts to the boundary
    distance = np.abs(x - 0.5).max(axis=1)
    assert distance.min() > 0.2 and distance.max() < 0.45
    # and it comes round: the row's share of H passes its start again
    heads = x[:, 0]
    crossings = np.flatnonzero((heads[:-1] - 0.8) * (heads[1:] - 0.8) <= 0)
    assert len(crossings) >= 2


def test_replicator_keeps_absent_strategies_absent() -> None:
    rps = tg.Game.zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    frame = replicator_dynamics(rps, steps=50, initial=[[0.5, 0.5, 0], [0, 0.5, 0.5]])
    x = states(frame)
    assert (x[:, 2] == 0).all() and (x[:, 3] == 0).all()


@PROPERTY
@given(nplayer_games(max_players=3), st.integers(0, 2**32 - 1))
def test_replicator_stays_on_the_simplex_and_pure_profiles_rest(game, seed) -> None:
    rng = np.random.default_rng(seed)
    start = [rng.dirichlet(np.ones(m)) for m in game.shape]
    x = states(replicator_dynamics(game, steps=30, dt=0.2, initial=start))
    assert (x >= 0).all()
    split = np.cumsum(game.shape)[:-1]
    for block in np.split(x, split, axis=1):
        np.testing.assert_allclose(block.sum(axis=1), 1.0, atol=1e-12)
    pure = [int(rng.integers(m)) for m in game.shape]
    rest = states(replicator_dynamics(game, steps=5, initial=pure))
    np.testing.assert_array_equal(rest, np.repeat(rest[:1], 6, axis=0))


@PROPERTY
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.integers(2, 4))
def test_replicator_shrinks_a_strictly_dominated_strategy(seed, m, n) -> None:
    # d/dt log(x_0 / x_1) = u(0) - u(1) < 0 when strategy 1 strictly dominates strategy 0
    rng = np.random.default_rng(seed)
    a = rng.random((m, n))
    a[0] = a[1] - 0.1 - rng.random(n)
    game = tg.Game.from_bimatrix(a, rng.random((m, n)))
    x = states(replicator_dynamics(game, steps=40, dt=0.25))
    ratio = x[:, 0] / x[:, 1]
    assert (np.diff(ratio) < 0).all()


# ------------------------------------------------------------------ logit dynamics
def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


@pytest.mark.parametrize("lam", [0.0, 0.5, 3.0, 12.0])
def test_logit_dynamics_rests_at_the_closed_form_logit_equilibrium(lam) -> None:
    # row's payoff does not depend on column (strategy 1 better by the whole range); column
    # wants to match row. Normalized: p = L(1 - 0) = sigmoid(lam); q = sigmoid(lam (2p - 1))
    game = tg.Game.from_bimatrix([[5, 5], [-5, -5]], [[1, 0], [0, 1]])
    frame = logit_dynamics(game, lam, steps=400, dt=0.2)
    p = sigmoid(lam)
    q = sigmoid(lam * (2 * p - 1))
    np.testing.assert_allclose(states(frame)[-1], [p, 1 - p, q, 1 - q], atol=1e-10)
    assert frame.attrs["parameters"]["lam_units"] == "per unit of each player's payoff range"


def test_logit_dynamics_in_three_player_chain() -> None:
    # P1's payoff depends on its own strategy only; P2 wants to match P1, P3 to match P2
    own = np.broadcast_to(np.array([1.0, 0.0])[:, None, None], (2, 2, 2))
    match12 = np.broadcast_to(np.eye(2)[:, :, None], (2, 2, 2))
    match23 = np.broadcast_to(np.eye(2)[None], (2, 2, 2))
    game = tg.Game.from_arrays([own, match12, match23])
    lam = 2.0
    frame = logit_dynamics(game, lam, steps=400, dt=0.2)
    p1 = sigmoid(lam)
    p2 = sigmoid(lam * (2 * p1 - 1))
    p3 = sigmoid(lam * (2 * p2 - 1))
    np.testing.assert_allclose(states(frame)[-1], [p1, 1 - p1, p2, 1 - p2, p3, 1 - p3], atol=1e-10)


def test_logit_equilibrium_of_matching_pennies_is_the_centre() -> None:
    frame = logit_dynamics(pennies(), 8.0, steps=600, dt=0.1, initial=[[0.9, 0.1], [0.2, 0.8]])
    np.testing.assert_allclose(states(frame)[-1], [0.5] * 4, atol=1e-8)


def test_logit_lambda_is_per_unit_of_payoff_range() -> None:
    # the same game with payoffs 10 times larger has the same trajectory for the same lam
    game = tg.Game.from_bimatrix([[3, 0], [1, 2]], [[0, 2], [3, 1]])
    tenfold = tg.Game.from_bimatrix(game.payoffs[0] * 10, game.payoffs[1] * 10)
    a = logit_dynamics(game, 4.0, steps=50)
    b = logit_dynamics(tenfold, 4.0, steps=50)
    np.testing.assert_allclose(states(a), states(b), atol=1e-12)


@PROPERTY
@given(nplayer_games(max_players=3), st.floats(0.0, 1.0))
def test_logit_dynamics_converges_to_a_fixed_point_of_the_logit_map(game, lam) -> None:
    frame = logit_dynamics(game, lam, steps=300, dt=0.5)
    x = states(frame)[-1]
    split = np.cumsum(game.shape)[:-1]
    mixed = [v[None] for v in np.split(x, split)]
    scaled = tg.solvers._scale.normalized(game.payoff_tensor[None])[0]
    for i, v in enumerate(mixed):
        values = tg.solvers.regret.strategy_payoffs(scaled, mixed, i)[0]
        logit = np.exp(lam * (values - values.max()))
        np.testing.assert_allclose(v[0], logit / logit.sum(), atol=1e-9)


# ------------------------------------------------------------------ regret matching
def test_regret_matching_approaches_correlated_equilibria_in_chicken() -> None:
    for seed in range(3):
        frame = regret_matching(chicken(), 5000, rng=seed)
        joint = empirical_play(chicken(), frame)
        assert joint.shape == (2, 2)
        np.testing.assert_allclose(joint.sum(), 1.0)
        assert ce_violation(chicken(), joint).max() < 0.01


def test_regret_matching_regret_shrinks_in_shapley_game() -> None:
    for seed in range(5):
        frame = regret_matching(shapley(), 5000, rng=seed)
        regret = frame.groupby("step")["regret"].max()
        assert regret.loc[5000] < 0.12
        assert regret.loc[5000] < regret.loc[100]


@PROPERTY
@given(nplayer_games(max_players=3), st.integers(0, 2**32 - 1))
def test_regret_column_is_the_ce_violation_of_the_empirical_play(game, seed) -> None:
    steps = 40
    frame = regret_matching(game, steps, rng=seed)
    for t in (1, 7, steps):
        upto = frame[frame.step <= t]
        violation = np.maximum(ce_violation(game, empirical_play(game, upto)), 0.0)
        recorded = upto[upto.step == t].groupby("player", sort=False)["regret"].first()
        np.testing.assert_allclose(recorded.to_numpy(), violation, atol=1e-12)
    mixes = states(frame)
    assert (mixes >= 0).all()
    split = np.cumsum(game.shape)[:-1]
    for block in np.split(mixes, split, axis=1):
        np.testing.assert_allclose(block.sum(axis=1), 1.0, atol=1e-12)
    # a player plays only strategies its mixture allows
    assert (mixes[frame["played"].to_numpy().reshape(steps, -1)] > 0).all()


def test_regret_matching_three_players() -> None:
    game = nau_2x2x2()
    frame = regret_matching(game, 2000, rng=3)
    assert list(frame.columns) == [
        "step",
        "player",
        "strategy",
        "probability",
        "played",
        "payoff",
        "regret",
    ]
    joint = empirical_play(game, frame)
    assert joint.shape == (2, 2, 2)
    assert ce_violation(game, joint).max() < 0.05
    early = ce_violation(game, empirical_play(game, frame[frame.step <= 100])).max()
    assert ce_violation(game, joint).max() < early


# ------------------------------------------------------------------ three players
def test_three_player_coordination() -> None:
    game = coordination3()
    start = [[0.6, 0.4], [0.55, 0.45], [0.7, 0.3]]
    fp = fictitious_play(game, 50, initial=start)
    assert set(actions(fp)[5:]) == {("s1", "s1", "s1")}
    rep = replicator_dynamics(game, steps=300, dt=0.2, initial=start)
    np.testing.assert_allclose(states(rep)[-1], [1, 0] * 3, atol=1e-6)
    brd = best_response_dynamics(game, 10, initial=["s1", "s2", "s2"])
    assert brd.attrs["converged"] and actions(brd)[-1] == ("s2", "s2", "s2")


# ------------------------------------------------------------------ determinism, units
def test_same_seed_same_frame() -> None:
    game = shapley()
    calls = [
        lambda rng: fictitious_play(game, 60, tie_break="random", rng=rng),
        lambda rng: best_response_dynamics(game, 60, rng=rng),
        lambda rng: regret_matching(game, 200, rng=rng),
    ]
    for call in calls:
        pd.testing.assert_frame_equal(call(7), call(7))
        pd.testing.assert_frame_equal(call(np.random.default_rng(7)), call(7))
    a, b = regret_matching(game, 200, rng=1), regret_matching(game, 200, rng=2)
    assert not a["played"].equals(b["played"])


def test_random_tie_breaking_uses_the_seed() -> None:
    flat = tg.Game.from_arrays([np.zeros((3, 3))] * 2)  # every strategy always ties
    a = fictitious_play(flat, 30, tie_break="random", rng=0)
    first = fictitious_play(flat, 30, tie_break="first")
    assert set(actions(first)) == {("s1", "s1")}
    assert len(set(actions(a))) > 1


CALLS = {
    "fictitious-play": lambda g: fictitious_play(g, 300),
    "fictitious-play-random": lambda g: fictitious_play(g, 100, tie_break="random", rng=5),
    "best-response": lambda g: best_response_dynamics(g, 50, rng=3),
    "replicator": lambda g: replicator_dynamics(g, steps=200, dt=0.1),
    "logit": lambda g: logit_dynamics(g, 6.0, steps=200),
    "regret-matching": lambda g: regret_matching(g, 300, rng=4),
}


@pytest.mark.parametrize("name", CALLS)
@pytest.mark.parametrize("game", [shapley(), nau_2x2x2()], ids=["shapley", "nau"])
def test_trajectories_do_not_depend_on_payoff_units(name, game) -> None:
    call = CALLS[name]
    base, scaled = call(game), call(rescaled(game))
    for column in base.columns:
        if column in ("payoff",):
            continue
        if base[column].dtype == float:
            np.testing.assert_allclose(base[column], scaled[column], rtol=1e-9, atol=1e-12)
        else:
            assert base[column].equals(scaled[column]), column
    # payoffs are reported in the game's own units
    index = base["player"].map({p: k for k, p in enumerate(game.players)}).to_numpy()
    np.testing.assert_allclose(scaled["payoff"], base["payoff"] * 1e9 + OFFSETS[index], rtol=1e-9)


# ------------------------------------------------------------------ empirical play
def test_empirical_play_counts_joint_profiles() -> None:
    frame = fictitious_play(pennies(), 4)
    # plays: (H, H), (H, T), (H, T), (T, T)
    np.testing.assert_array_equal(empirical_play(pennies(), frame), [[0.25, 0.5], [0, 0.25]])
    later = frame[frame.step > 2]
    np.testing.assert_array_equal(empirical_play(pennies(), later), [[0, 0.5], [0, 0.5]])


def test_empirical_play_refuses_frames_it_cannot_read() -> None:
    game = pennies()
    with pytest.raises(SolverError, match="needs a trajectory frame with columns step"):
        empirical_play(game, replicator_dynamics(game, steps=2))
    with pytest.raises(SolverError, match="needs a trajectory frame"):
        empirical_play(game, [1, 2])
    frame = fictitious_play(game, 3)
    with pytest.raises(SolverError, match="records no play"):
        empirical_play(game, frame[frame.step > 5])
    with pytest.raises(SolverError, match="player 'Row' played 2 strategies; expected exactly"):
        empirical_play(game, frame.assign(played=True))
    with pytest.raises(SolverError, match="strategy 'H', which are not in the game"):
        empirical_play(tg.Game.zero_sum([[1, -1], [-1, 1]]), frame)


# ------------------------------------------------------------------ bad input
ALL = {
    "fictitious_play": lambda g, **kw: fictitious_play(g, kw.pop("steps", 5), **kw),
    "best_response_dynamics": lambda g, **kw: best_response_dynamics(g, kw.pop("steps", 5), **kw),
    "replicator_dynamics": lambda g, **kw: replicator_dynamics(g, **kw),
    "logit_dynamics": lambda g, **kw: logit_dynamics(g, kw.pop("lam", 1.0), **kw),
    "regret_matching": lambda g, **kw: regret_matching(g, kw.pop("steps", 5), **kw),
}


@pytest.mark.parametrize("name", ALL)
def test_a_non_game_is_refused(name) -> None:
    with pytest.raises(SolverError, match=rf"^{name} needs a tradegame.Game, got list; build"):
        ALL[name]([[1, 0], [0, 1]])


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("steps", [0, -3, 2.5, True, "10", None])
def test_steps_must_be_a_positive_whole_number(name, steps) -> None:
    message = f"steps must be a positive whole number; got {steps!r}"
    with pytest.raises(SolverError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        ALL[name](pennies(), steps=steps)


@pytest.mark.parametrize("name", ALL)
def test_a_huge_number_of_steps_is_refused_before_anything_is_built(name) -> None:
    with pytest.raises(SolverError) as info:
        ALL[name](pennies(), steps=10**12)
    message = str(info.value)
    assert message.startswith("steps=1,000,000,000,000 makes a frame of 4,000,000,00")
    assert "more than tradegame.learning.MAX_TRAJECTORY_ROWS = 5,000,000" in message
    assert "\n" not in message


def test_the_row_limit_is_read_at_call_time(monkeypatch) -> None:
    monkeypatch.setattr(learning, "MAX_TRAJECTORY_ROWS", 40)
    assert len(fictitious_play(pennies(), 10)) == 40
    with pytest.raises(SolverError, match=r"44 rows \(11 states x 4 strategies\)"):
        replicator_dynamics(pennies(), steps=10)


@pytest.mark.parametrize(
    ("initial", "message"),
    [
        ([[0.5, 0.5]], "initial: profile has 1 entries; the game has 2 players"),
        ([[0.5, 0.5], [1.0, 0, 0]], "initial: mixed strategy of 'Column' has shape (3,)"),
        ([[1.5, -0.5], [0.5, 0.5]], "initial: mixed strategy of 'Row' must be non-negative"),
        ([[0.5, 0.4], [0.5, 0.5]], "initial: mixed strategy of 'Row' must be non-negative and"),
        ([[np.nan, 0.5], [0.5, 0.5]], "initial: mixed strategy of 'Row' must be"),
        (["H", "X"], "initial: "),
        ("HT", "initial: a profile is a list with one entry per player"),
    ],
)
@pytest.mark.parametrize("name", ALL)
def test_a_bad_initial_profile_is_refused(name, initial, message) -> None:
    with pytest.raises(SolverError) as info:
        ALL[name](pennies(), initial=initial)
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_initial_accepts_labels_mappings_and_vectors() -> None:
    game = pennies()
    by_label = fictitious_play(game, 5, initial=["T", "H"])
    by_map = fictitious_play(game, 5, initial={"Row": {"T": 1.0}, "Column": "H"})
    by_vector = fictitious_play(game, 5, initial=np.array([[0.0, 1.0], [1.0, 0.0]]))
    pd.testing.assert_frame_equal(by_label, by_map)
    pd.testing.assert_frame_equal(by_label, by_vector)
    assert by_label.head(4)["probability"].tolist() == [0.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize("lam", [-1.0, float("nan"), float("inf"), 10**400, "1", None, True])
def test_lam_must_be_a_finite_non_negative_number(lam) -> None:
    with pytest.raises(SolverError, match=r"^lam must be a finite number >= 0; got "):
        logit_dynamics(pennies(), lam)


@pytest.mark.parametrize("dt", [0, -0.1, float("nan"), float("inf"), "0.1", None])
@pytest.mark.parametrize(
    "function", [replicator_dynamics, lambda g, **kw: logit_dynamics(g, 1, **kw)]
)
def test_dt_must_be_a_positive_finite_number(function, dt) -> None:
    with pytest.raises(SolverError, match=r"^dt must be a finite number > 0; got "):
        function(pennies(), dt=dt)


def test_tie_break_and_sequential_are_checked() -> None:
    with pytest.raises(SolverError, match=r"^tie_break must be 'first' or 'random'; got 'last'$"):
        fictitious_play(pennies(), 5, tie_break="last")
    with pytest.raises(SolverError, match=r"^sequential must be True or False; got 1$"):
        best_response_dynamics(pennies(), 5, sequential=1)


@pytest.mark.parametrize("name", ["fictitious_play", "best_response_dynamics", "regret_matching"])
def test_a_bad_rng_is_refused(name) -> None:
    with pytest.raises(tg.TradegameError, match=r"rng must be a numpy\.random\.Generator"):
        ALL[name](pennies(), rng="seed")


@pytest.mark.parametrize("name", ALL)
def test_a_bad_time_limit_is_refused(name) -> None:
    with pytest.raises(SolverError, match="time_limit must be a positive number of seconds"):
        ALL[name](pennies(), time_limit=0)


# ------------------------------------------------------------------ time budget
@pytest.mark.parametrize("name", ALL)
def test_a_run_cut_short_by_the_time_limit_says_so(name, monkeypatch) -> None:
    import tradegame.solvers._budget as budget_module

    # a clock that moves a second at every reading: the run stops at an early check,
    # whatever the machine's speed (no timing is asserted)
    ticks = itertools.count()
    monkeypatch.setattr(
        budget_module, "time", SimpleNamespace(monotonic=lambda: float(next(ticks)))
    )
    with pytest.warns(EquilibriumWarning, match="stopped at the time limit of 2.5 s"):
        frame = ALL[name](pennies(), steps=100, time_limit=2.5, initial=["H", "T"])
    assert frame.attrs["stopped"] == "stopped at the time limit of 2.5 s"
    assert frame["step"].max() < 100
    assert len(frame) % 4 == 0


def test_a_long_dt_records_the_same_trajectory_more_sparsely() -> None:
    """Steps are subdivided until accurate: a long dt never gives an unstable trajectory
    (with dt=1000 a fixed RK4 step sent chicken's replicator to (C, C), not a rest point)."""
    chicken = tg.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    start = [[0.3, 0.7], [0.6, 0.4]]
    fine = tg.replicator_dynamics(chicken, steps=100, dt=1.0, initial=start)
    coarse = tg.replicator_dynamics(chicken, steps=1, dt=100.0, initial=start)
    np.testing.assert_allclose(
        coarse[coarse.step == 1].probability.to_numpy(),
        fine[fine.step == 100].probability.to_numpy(),
        rtol=1e-6,
        atol=1e-12,
    )
    late = tg.replicator_dynamics(chicken, steps=5, dt=1000.0, initial=start)
    assert late[late.step == 5].probability.round(6).tolist() == [0.0, 1.0, 1.0, 0.0]
    # the logit dynamic's rest point is the logit equilibrium whatever the step; lam is per
    # unit of payoff range here (7), per unit of payoff in quantal_response
    qre = np.concatenate(tg.quantal_response(chicken, 10.0 / 7.0).strategies)
    for dt, steps in ((1.0, 60), (2.0, 30), (20.0, 3)):
        frame = tg.logit_dynamics(chicken, 10.0, steps=steps, dt=dt)
        end = frame[frame.step == steps].probability.to_numpy()
        np.testing.assert_allclose(end, qre, atol=1e-6)


def test_a_step_too_long_to_follow_is_refused_in_one_line() -> None:
    pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    with pytest.raises(tg.SolverError, match=r"could not be followed over dt=1e\+09"):
        tg.replicator_dynamics(pennies, steps=3, dt=1e9, initial=[[0.3, 0.7], [0.6, 0.4]])


def test_empirical_play_refuses_a_frame_with_missing_steps() -> None:
    game = tg.Game.zero_sum([[1, -1], [-1, 1]])
    frame = tg.fictitious_play(game, 10)
    frame.loc[frame.index[-4:], "step"] = np.nan
    with pytest.raises(tg.SolverError, match="step column has missing or non-finite values"):
        tg.empirical_play(game, frame)
