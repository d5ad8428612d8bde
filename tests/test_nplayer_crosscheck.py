"""Cross-checks of the N-player solvers against Gambit (skipped without pygambit).

Run with ``make crosscheck``. Gambit's ``enumpoly_solve`` lists the equilibria
of a game support by support, solving each support's polynomial system
(McKelvey and McLennan 1996, section 5), as :func:`all_equilibria` does with
certified subdivision; ``logit_solve`` follows the principal branch of the
logit QRE correspondence (Turocy 2005), as :func:`logit_tracing` does.

What is checked, and why not more:

* Our list is complete with an odd count (Wilson 1971; Harsanyi 1973) and
  contains every profile Gambit lists; every profile we list that Gambit does
  not is confirmed an equilibrium by Gambit's own regret computation.
  Gambit 16.7's ``enumpoly`` is not complete: besides even counts it can
  return an odd count that misses two equilibria (:data:`GAMBIT_MISSES`), so
  "Gambit's count is odd" implies "equal lists" only on the games where
  Gambit finds them all; those are asserted equal.
* ``logit_tracing`` traces the branch of the *normalized* game (each player's
  payoffs mapped onto [0, 1]), which makes it scale invariant; the logit QRE
  is not invariant to rescaling one player's payoffs (the player's precision
  becomes ``lam / range``), so Gambit is given the normalized game. On raw
  payoffs the two branches can end at different equilibria
  (:func:`test_gambit_logit_on_raw_payoffs_follows_another_branch`). Two games
  of the benchmark set (131, 148) are included: ``logit_tracing`` once ended
  off the principal branch on them.

Gambit's methods have no time limit, so they run in a worker process with a
timeout; a game on which ``enumpoly`` times out is skipped, naming the game.

References
----------
Harsanyi, J. C. (1973). Oddness of the number of equilibrium points.
*International Journal of Game Theory* 2, 235-250.
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite
games. *Handbook of Computational Economics* 1, ch. 2.
McKelvey, R. D. and McLennan, A. (1997). The maximal number of regular
totally mixed Nash equilibria. *Journal of Economic Theory* 72(2), 411-425.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51(2), 243-263.
Wilson, R. (1971). Computing equilibria of N-person games. *SIAM Journal on
Applied Mathematics* 21, 80-87.
"""

from __future__ import annotations

import functools
import multiprocessing

import numpy as np
import pytest

import tradegame as tg
from tradegame.solvers._scale import normalized
from tradegame.solvers.all_equilibria import all_equilibria
from tradegame.solvers.logit_tracing import logit_tracing

gbt = pytest.importorskip("pygambit")
pytestmark = pytest.mark.gambit

SAME = 1e-6  # profiles closer than this in every probability are one
LOGIT_CLOSE = 1e-4  # the two logit end points agree to this in every probability
TIMEOUT = 30.0  # seconds a Gambit call may take before its game is skipped

# (shape, seed): payoffs np.random.default_rng(seed).standard_normal((n_players, *shape))
GAMES = [
    (shape, seed) for shape in ((2, 2, 2), (2, 2, 2, 2), (3, 3, 2), (3, 3, 3)) for seed in (0, 1, 2)
]
# games where Gambit 16.7's enumpoly returns an odd number of equilibria but misses a pair
# (ours 3 and Gambit 1 on the first two, ours 5 and Gambit 3 on the third); its subdivision
# is known to miss roots (Gambit issue #474); the pairs it misses are equilibria by its own
# regret computation (checked below)
GAMBIT_MISSES = [((3, 3, 2), 5), ((2, 2, 2, 2), 9), ((3, 3, 3), 6)]
# games on which all_equilibria once raised (an empty batch of boxes reached the range test)
EMPTY_BATCH = [((3, 3, 3), 8), ((3, 3, 3), 11)]  # and ((3, 3, 3), 6) above
CASES = [*GAMES, *GAMBIT_MISSES, *EMPTY_BATCH, "mckelvey-mclennan"]

# The 2x2x2 game of McKelvey and McLennan (1997) with 9 equilibria, 2 totally mixed
# (Gambit's contrib/games/2x2x2.nfg); payoffs by outcome, player 1's strategy fastest.
MM_OUTCOMES = [
    (9, 8, 12),
    (0, 0, 0),
    (0, 0, 0),
    (9, 8, 2),
    (0, 0, 0),
    (3, 4, 6),
    (3, 4, 6),
    (0, 0, 0),
]
MM_TOTALLY_MIXED = [
    [[0.5, 0.5], [0.4, 0.6], [0.25, 0.75]],
    [[0.4, 0.6], [0.5, 0.5], [1 / 3, 2 / 3]],
]


def mckelvey_mclennan() -> np.ndarray:
    tensor = np.zeros((3, 2, 2, 2))
    for k, payoffs in enumerate(MM_OUTCOMES):
        tensor[:, k % 2, (k // 2) % 2, k // 4] = payoffs
    return tensor


def random_tensor(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((len(shape), *shape))


def bench_tensor(k: int) -> np.ndarray:
    """Game ``k`` of ``benchmarks/bench_nplayer.py``'s random set (3-4 players, 2-4 strategies)."""
    rng = np.random.default_rng([2026, k])
    shape = tuple(int(s) for s in rng.integers(2, 5, int(rng.integers(3, 5))))
    return rng.standard_normal((len(shape), *shape))


def tensor_of(case) -> np.ndarray:
    if case == "mckelvey-mclennan":
        return mckelvey_mclennan()
    if case[0] == "bench":
        return bench_tensor(case[1])
    return random_tensor(*case)


def case_id(case) -> str:
    if isinstance(case, str):
        return case
    if case[0] == "bench":
        return f"bench-game{case[1]}"
    return f"{'x'.join(map(str, case[0]))}-seed{case[1]}"


# ----------------------------------------------------------------------------- Gambit, in a worker


def _gambit_run(method: str, tensor: np.ndarray) -> list[np.ndarray]:
    """Run Gambit's ``method`` on ``tensor`` (in the worker): flattened profiles."""
    game = gbt.Game.from_arrays(*tensor)
    solve = {"enumpoly": gbt.nash.enumpoly_solve, "logit": gbt.nash.logit_solve}[method]
    return [
        np.array([float(eq[s]) for player in game.players for s in player.strategies])
        for eq in solve(game).equilibria
    ]


@pytest.fixture(scope="module")
def worker():
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    state = {"pool": context.Pool(1), "context": context}
    yield state
    state["pool"].terminate()


_gambit_cache: dict = {}


def gambit(worker, method: str, case, tensor: np.ndarray | None = None) -> list[np.ndarray]:
    """Gambit's profiles for ``case`` (cached), skipping the test if the call times out."""
    tensor = tensor_of(case) if tensor is None else tensor
    key = (method, case_id(case), tensor.tobytes())
    if key not in _gambit_cache:
        pending = worker["pool"].apply_async(_gambit_run, (method, tensor))
        try:
            _gambit_cache[key] = pending.get(timeout=TIMEOUT)
        except multiprocessing.TimeoutError:
            worker["pool"].terminate()
            worker["pool"] = worker["context"].Pool(1)
            _gambit_cache[key] = None
    if _gambit_cache[key] is None:
        pytest.skip(f"Gambit's {method}_solve timed out ({TIMEOUT:g} s) on {case_id(case)}")
    return _gambit_cache[key]


def gambit_max_regret(tensor: np.ndarray, profile: np.ndarray) -> float:
    """Gambit's own largest regret of ``profile``, as a fraction of the game's payoff range."""
    game = gbt.Game.from_arrays(*tensor)
    mixed = game.mixed_strategy_profile(rational=False)
    for strategy, p in zip(game.strategies, profile, strict=True):
        mixed[strategy] = float(p)
    return mixed.max_regret() / float(tensor.max() - tensor.min())


# ----------------------------------------------------------------------------- ours


@functools.cache
def ours_all(case) -> tg.SolverResult:
    """Our ``all_equilibria`` result for ``case`` (computed once per session)."""
    return all_equilibria(tg.Game.from_arrays(list(tensor_of(case))))


def flat(equilibrium) -> np.ndarray:
    return np.concatenate(equilibrium.strategies)


def distinct(profiles: list[np.ndarray]) -> list[np.ndarray]:
    kept: list[np.ndarray] = []
    for p in profiles:
        if not any(np.abs(p - q).max() < SAME for q in kept):
            kept.append(p)
    return kept


def among(profile: np.ndarray, profiles: list[np.ndarray]) -> bool:
    return any(np.abs(profile - q).max() < SAME for q in profiles)


# ----------------------------------------------------------------------------- all equilibria


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_all_equilibria_is_complete_odd_and_contains_enumpoly(worker, case) -> None:
    tensor = tensor_of(case)
    result = ours_all(case)
    ours = [flat(e) for e in result]
    assert result.complete, result.notes
    assert len(ours) % 2 == 1, len(ours)
    word = "equilibrium" if len(ours) == 1 else "equilibria"
    assert result.notes[-1] == (
        f"{len(ours)} {word}: each certified; an odd number, as every game without payoff "
        "ties has (Wilson 1971)"
    )
    theirs = distinct(gambit(worker, "enumpoly", case))
    missing = [p.round(6).tolist() for p in theirs if not among(p, ours)]
    assert not missing, missing
    # what Gambit did not list is an equilibrium by Gambit's own regret computation
    extra = [p for p in ours if not among(p, theirs)]
    assert all(gambit_max_regret(tensor, p) <= 1e-9 for p in extra)
    if len(theirs) % 2 == 0:
        assert len(ours) > len(theirs)
    elif case in GAMBIT_MISSES:
        assert len(ours) == len(theirs) + 2  # an odd list missing a pair
    else:
        assert len(ours) == len(theirs)


def test_mckelvey_mclennan_game_has_nine_equilibria_two_totally_mixed(worker) -> None:
    result = ours_all("mckelvey-mclennan")
    ours = [flat(e) for e in result]
    assert len(ours) == 9 and result.complete
    assert len(distinct(gambit(worker, "enumpoly", "mckelvey-mclennan"))) == 9
    mixed = [p for p in ours if (p > 0).all()]
    assert len(mixed) == 2
    for expected in MM_TOTALLY_MIXED:
        assert among(np.concatenate(expected), mixed), expected


# ----------------------------------------------------------------------------- logit tracing


@pytest.mark.parametrize("case", [*GAMES, "mckelvey-mclennan"], ids=case_id)
def test_logit_tracing_finds_one_of_all_equilibria(case) -> None:
    found = logit_tracing(tg.Game.from_arrays(list(tensor_of(case))))
    assert len(found) == 1
    assert among(flat(found[0]), [flat(e) for e in ours_all(case)])


@pytest.mark.parametrize(
    "case",
    [*GAMES, ("bench", 131), ("bench", 148)],
    ids=case_id,
)
def test_logit_tracing_ends_where_gambit_logit_ends(worker, case) -> None:
    # the same branch: Gambit is given the normalized game that logit_tracing follows
    tensor = tensor_of(case)
    ours = flat(logit_tracing(tg.Game.from_arrays(list(tensor)))[0])
    (theirs,) = gambit(worker, "logit", case, normalized(tensor[None])[0])
    assert np.abs(ours - theirs).max() <= LOGIT_CLOSE, (ours.round(6), theirs.round(6))


def test_gambit_logit_on_raw_payoffs_follows_another_branch(worker) -> None:
    # players' payoff ranges 5.0, 2.9 and 4.5: on the raw game each player's precision is
    # lam * range rather than lam, another homotopy, whose limit is another equilibrium
    case = ((3, 3, 3), 13)
    tensor = tensor_of(case)
    ours = flat(logit_tracing(tg.Game.from_arrays(list(tensor)))[0])
    (on_normalized,) = gambit(worker, "logit", case, normalized(tensor[None])[0])
    (on_raw,) = gambit(worker, "logit", case, tensor)
    assert np.abs(ours - on_normalized).max() <= LOGIT_CLOSE
    assert np.abs(ours - on_raw).max() > 0.5
    every = [flat(e) for e in all_equilibria(tg.Game.from_arrays(list(tensor)))]
    assert among(ours, every)
    assert any(np.abs(on_raw - q).max() < LOGIT_CLOSE for q in every)
