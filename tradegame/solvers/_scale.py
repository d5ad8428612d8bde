"""Each player's payoffs mapped onto [0, 1]: what makes the solvers scale invariant.

Nash equilibria do not change when one player's payoffs are multiplied by a
positive number and shifted (a positive affine transformation; von Neumann
and Morgenstern 1944, ch. 3; Myerson 1991, section 2.3). Solvers that work in
floating point therefore solve the normalized game, where every player's
payoffs run from 0 to 1, so that their thresholds mean the same thing whether
payoffs are in USD or in USD bn; verification measures each player's regret
as a fraction of that player's payoff range. A player whose payoffs are all
equal is indifferent everywhere: it gets all-zero payoffs and zero regret.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HUGE", "normalized", "payoff_spans", "tamed"]


def payoff_spans(tensors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each player's lowest payoff and payoff range for a batch of games.

    Parameters
    ----------
    tensors : ndarray, shape (B, n_players, n_1, ..., n_N)

    Returns
    -------
    low, span : ndarray, shape (B, n_players)
    """
    flat = tensors.reshape(*tensors.shape[:2], -1)
    low = flat.min(axis=2)
    with np.errstate(over="ignore"):  # a range beyond the float limit is inf
        return low, flat.max(axis=2) - low


def normalized(tensors: np.ndarray) -> np.ndarray:
    """The batch with each player's payoffs mapped affinely onto [0, 1].

    A player with a zero range (all payoffs equal) gets zeros.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers._scale import normalized
    >>> usd = np.array([[[3e9, 0.0], [5e9, 1e9]], [[7.0, 7.0], [7.0, 7.0]]])
    >>> normalized(usd[None])[0].tolist()
    [[[0.6, 0.0], [1.0, 0.2]], [[0.0, 0.0], [0.0, 0.0]]]
    """
    tensors = np.asarray(tensors, dtype=float)
    extra = (1,) * (tensors.ndim - 2)
    low, span = payoff_spans(tensors)
    if not np.isfinite(span).all():
        # payoffs near the float limit (-1e308 and 1e308): divide each player's payoffs by
        # their largest magnitude first, so that the range does not overflow
        size = np.abs(tensors.reshape(*tensors.shape[:2], -1)).max(axis=2)
        tensors = tensors / np.where(size > 0, size, 1.0).reshape(*size.shape, *extra)
        low, span = payoff_spans(tensors)
    # (u - low) / span is correctly rounded from exact operands when u and low are, so a game
    # scaled by a power of two and shifted by a multiple of it normalizes to the same floats
    safe = np.where(span > 0, span, 1.0).reshape(*span.shape, *extra)
    out = (tensors - low.reshape(*low.shape, *extra)) / safe
    return np.clip(out, 0.0, 1.0, out=out)


HUGE = 1e150
"""Payoffs beyond this magnitude are scaled by a power of two before they are differenced."""


def tamed(tensors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``tensors`` divided, point by point, by a power of two ``2**e`` when so large that sums
    and differences could overflow, and ``e`` (0 where left alone), one per leading index.

    Dividing by a power of two is exact, and thresholds, equilibria and
    bargaining solutions are invariant (or covariant) under a common unit, so a
    caller computes on the result and multiplies payoffs back by ``2**e``.
    """
    tensors = np.asarray(tensors, dtype=float)
    top = np.max(np.abs(tensors.reshape(len(tensors), -1)), axis=1)
    e = np.where(top > HUGE, np.frexp(top)[1], 0)
    if not e.any():
        return tensors, e
    return np.ldexp(tensors, -e.reshape(-1, *([1] * (tensors.ndim - 1)))), e
