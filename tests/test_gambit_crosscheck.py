"""Cross-checks against Gambit, the field's reference tool (skipped without pygambit).

Run with ``make crosscheck`` (installs the ``gambit`` extra). Gambit's
``enummixed_solve`` enumerates extreme equilibria with lrs-style exact
arithmetic (Avis et al. 2010); ``enumpure_solve`` lists pure equilibria.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from games import KNOWN_GAMES

import tradegame as tg

gbt = pytest.importorskip("pygambit")
pytestmark = pytest.mark.gambit


def gambit_game(game: tg.Game):
    return gbt.Game.from_arrays(*[np.asarray(p).astype(object) for p in game.payoffs])


def gambit_game_int(game: tg.Game):
    return gbt.Game.from_arrays(*[np.asarray(p).astype(int) for p in game.payoffs])


def gambit_profiles(result, ggame) -> set:
    return {
        tuple(tuple(Fraction(eq[s]) for s in player.strategies) for player in ggame.players)
        for eq in result.equilibria
    }


def ours_exact(game: tg.Game) -> set:
    return {eq.exact for eq in tg.vertex_enumeration(game)}


def _integer_games(seed: int, count: int, sizes, low: int, high: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m, n = (int(s) for s in rng.choice(sizes, size=2))
        yield tg.Game.from_bimatrix(
            rng.integers(low, high, (m, n)), rng.integers(low, high, (m, n))
        )


@pytest.mark.parametrize("seed", range(4))
def test_random_integer_games_up_to_10x10_match_enummixed(seed: int) -> None:
    for game in _integer_games(seed, 8, [2, 3, 5, 7, 10], -50, 50):
        ggame = gambit_game_int(game)
        expected = gambit_profiles(gbt.nash.enummixed_solve(ggame, rational=True), ggame)
        assert ours_exact(game) == expected, game.shape


@pytest.mark.parametrize("seed", range(4))
def test_degenerate_integer_games_match_enummixed(seed: int) -> None:
    # payoffs in {-1, 0, 1}: ties everywhere, most of these games are degenerate
    degenerate_seen = 0
    for game in _integer_games(100 + seed, 15, [2, 3, 4, 5, 6], -1, 2):
        ggame = gambit_game_int(game)
        expected = gambit_profiles(gbt.nash.enummixed_solve(ggame, rational=True), ggame)
        result = tg.vertex_enumeration(game)
        degenerate_seen += any("degenerate" in n for n in result.notes)
        assert {eq.exact for eq in result} == expected, game.payoff_tensor.tolist()
    assert degenerate_seen >= 5


def test_larger_degenerate_games_match_enummixed_as_sets() -> None:
    # Gambit may list an extreme equilibrium more than once here; the sets must agree
    rng = np.random.default_rng(5)
    for n in (7, 8):
        game = tg.Game.from_bimatrix(rng.integers(-1, 2, (n, n)), rng.integers(-1, 2, (n, n)))
        ggame = gambit_game_int(game)
        expected = gambit_profiles(gbt.nash.enummixed_solve(ggame, rational=True), ggame)
        assert ours_exact(game) == expected, n


@pytest.mark.parametrize("seed", range(3))
def test_random_float_games_up_to_10x10_match_enummixed(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    for n in (3, 6, 8, 10):
        game = tg.Game.from_bimatrix(rng.random((n, n)), rng.random((n, n)))
        ggame = gambit_game(game)
        expected = [
            np.concatenate([[float(eq[s]) for s in p.strategies] for p in ggame.players])
            for eq in gbt.nash.enummixed_solve(ggame, rational=False).equilibria
        ]
        found = [np.concatenate(e.strategies) for e in tg.vertex_enumeration(game)]
        assert len(found) == len(expected), n
        for e in expected:
            assert any(np.allclose(f, e, atol=1e-8) for f in found)


def test_known_two_player_games_match_enummixed() -> None:
    for known in KNOWN_GAMES:
        if known.game.n_players != 2:
            continue
        ggame = gambit_game_int(known.game)
        expected = gambit_profiles(gbt.nash.enummixed_solve(ggame, rational=True), ggame)
        assert ours_exact(known.game) == expected, known.name


@pytest.mark.parametrize("seed", range(4))
def test_pure_equilibria_of_n_player_games_match_enumpure(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    for n_players in (2, 3, 4, 5):
        shape = tuple(int(s) for s in rng.integers(1, 4, n_players))
        tensor = rng.integers(0, 3, (n_players, *shape))  # small range: many ties
        game = tg.Game.from_arrays(list(tensor))
        ggame = gambit_game_int(game)
        expected = gambit_profiles(gbt.nash.enumpure_solve(ggame), ggame)
        found = {
            tuple(tuple(Fraction(int(x)) for x in s) for s in e.strategies)
            for e in tg.pure_nash(game)
        }
        assert found == expected, shape
