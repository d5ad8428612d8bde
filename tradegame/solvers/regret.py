"""Expected payoffs, best responses and regret of mixed profiles, batched.

These kernels take a payoff tensor of shape ``(n_players, *shape)`` and a
profile given as one probability array per player with a leading batch axis,
``strategies[i].shape == (K, shape[i])``, so that the regret of thousands of
candidate profiles is one call.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import GameError
from ..game import Game, require_game
from ._scale import normalized

__all__ = [
    "best_responses",
    "expected_payoffs",
    "max_regret",
    "regrets",
    "strategy_payoffs",
]


def strategy_payoffs(
    tensor: np.ndarray, strategies: Sequence[np.ndarray], player: int
) -> np.ndarray:
    """Payoff of each of ``player``'s pure strategies against the others' mixtures.

    Parameters
    ----------
    tensor : ndarray, shape (n_players, n_1, ..., n_N)
        Payoff tensor.
    strategies : sequence of ndarray, each of shape (K, n_i)
        A batch of K mixed profiles.
    player : int
        Whose pure strategies are evaluated.

    Returns
    -------
    ndarray, shape (K, n_player)
    """
    n = tensor.ndim - 1
    batch = n  # einsum subscript used for the batch axis
    operands: list[Any] = [tensor[player], list(range(n))]
    for j in range(n):
        if j != player:
            operands += [strategies[j], [batch, j]]
    # finding a contraction order costs a fraction of a millisecond: worth it on large batches
    large = n > 3 and tensor.size * strategies[0].shape[0] > 1 << 16
    return np.einsum(*operands, [batch, player], optimize=large)


def regrets(tensor: np.ndarray, strategies: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's regret (best-response payoff minus payoff) for a batch of profiles.

    Returns
    -------
    ndarray, shape (K, n_players)
    """
    n = tensor.ndim - 1
    out = np.empty((strategies[0].shape[0], n))
    for i in range(n):
        values = strategy_payoffs(tensor, strategies, i)
        out[:, i] = values.max(axis=1) - np.einsum("ks,ks->k", values, strategies[i])
    return out


def expected_payoffs(tensor: np.ndarray, strategies: Sequence[np.ndarray]) -> np.ndarray:
    """Each player's expected payoff for a batch of profiles, shape ``(K, n_players)``."""
    n = tensor.ndim - 1
    out = np.empty((strategies[0].shape[0], n))
    for i in range(n):
        values = strategy_payoffs(tensor, strategies, i)
        out[:, i] = np.einsum("ks,ks->k", values, strategies[i])
    return out


def _as_profile(game: Game, profile: Any) -> list[np.ndarray]:
    """Normalize a single mixed profile to one probability vector per player.

    Accepts a sequence with one entry per player (a strategy label, an index,
    or a probability vector) or a mapping ``{player: {strategy: probability}}``
    / ``{player: strategy}``.
    """
    out = []
    if isinstance(profile, np.ndarray):
        profile = list(profile)
    for i, entry in enumerate(game.per_player(profile)):
        size = game.shape[i]
        vec = np.zeros(size)
        if isinstance(entry, (str, int, np.integer)) and not isinstance(entry, bool):
            vec[game.strategy_index(i, entry)] = 1.0
        elif isinstance(entry, Mapping):
            for label, prob in entry.items():
                ok = isinstance(prob, numbers.Real) and not isinstance(prob, bool)
                if not ok:
                    raise GameError(
                        f"probability of {label!r} for {game.players[i]!r} must be a number; "
                        f"got {prob!r}"
                    )
                vec[game.strategy_index(i, label)] = float(prob)
        else:
            try:
                vec = np.asarray(entry, dtype=float)
            except (TypeError, ValueError):
                raise GameError(
                    f"strategy of {game.players[i]!r} must be a label, an index, a mapping "
                    f"{{strategy: probability}} or a probability vector; got {entry!r}"
                ) from None
            if vec.shape != (size,):
                raise GameError(
                    f"mixed strategy of {game.players[i]!r} has shape {vec.shape}; "
                    f"expected ({size},)"
                )
        if not np.all(np.isfinite(vec)) or np.any(vec < -1e-12) or abs(vec.sum() - 1) > 1e-9:
            raise GameError(
                f"mixed strategy of {game.players[i]!r} must be non-negative and sum to 1; "
                f"got {vec.tolist()}"
            )
        out.append(vec)
    return out


def max_regret(game: Game, profile: Any) -> float:
    """The largest gain any player could get by deviating from ``profile``.

    A profile is a Nash equilibrium exactly when its max regret is zero.

    Examples
    --------
    >>> import tradegame as tg
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> tg.max_regret(pennies, [[0.5, 0.5], [0.5, 0.5]])
    0.0
    >>> tg.max_regret(pennies, ["s1", "s1"])
    2.0
    """
    require_game(game, "max_regret")
    vecs = _as_profile(game, profile)
    return float(regrets(game.payoff_tensor, [v[None, :] for v in vecs]).max())


def best_responses(game: Game, profile: Any, *, tol: float = 1e-12) -> dict[str, tuple[str, ...]]:
    """Each player's pure best responses to the other players' part of ``profile``.

    A strategy counts as a best response when it pays within ``tol`` times
    the player's payoff range of the best, so the answer does not depend on
    the payoff units.

    Examples
    --------
    >>> import tradegame as tg
    >>> pd_game = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                 strategies=(("C", "D"), ("C", "D")))
    >>> tg.best_responses(pd_game, ["C", "C"])
    {'Row': ('D',), 'Column': ('D',)}
    """
    require_game(game, "best_responses")
    ok = isinstance(tol, numbers.Real) and not isinstance(tol, bool)
    if not ok or not 0 <= tol < 1:
        raise GameError(
            f"tol must be a number in [0, 1) (a fraction of a payoff range); got {tol!r}"
        )
    vecs = [v[None, :] for v in _as_profile(game, profile)]
    scaled = normalized(game.payoff_tensor[None])[0]
    out = {}
    for i, player in enumerate(game.players):
        values = strategy_payoffs(scaled, vecs, i)[0]
        best = np.flatnonzero(values >= values.max() - tol)
        out[player] = tuple(game.strategies[i][k] for k in best)
    return out
