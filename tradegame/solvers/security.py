"""Security (maximin) levels: what each player can guarantee whatever the others do.

A player's mixed security level is ``max_sigma min_t sigma @ U[:, t]`` over the
other players' pure profiles ``t``, a linear program (von Neumann 1928; for
N players the others are allowed to coordinate, which is the guarantee a
cautious player can count on). The pure level restricts ``sigma`` to pure
strategies.

References
----------
von Neumann, J. (1928). Zur Theorie der Gesellschaftsspiele.
*Mathematische Annalen* 100, 295-320.
Maschler, M., Solan, E., Zamir, S. (2013). *Game Theory*, section 5.2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..game import Game, require_game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._lp import _own_rows, maximin_mixture
from ._scale import normalized

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["security_levels"]


def security_levels(game: Game, *, time_limit: float | None = DEFAULT_TIME_LIMIT) -> pd.DataFrame:
    """Each player's pure and mixed security level and the strategies that secure them.

    Parameters
    ----------
    game : Game
    time_limit : float or None, optional
        Seconds allowed for the linear programs together (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`). A player whose program
        the limit cuts short gets a NaN mixed level and no mixed strategy;
        ``frame.attrs["stopped"]`` says why, with an
        :class:`~tradegame.errors.EquilibriumWarning`.

    Returns
    -------
    pandas.DataFrame
        One row per player with columns ``player``, ``pure_level``,
        ``pure_strategy``, ``mixed_level`` and ``mixed_strategy`` (a dict
        ``{strategy: probability}`` over its support).

    Examples
    --------
    >>> import tradegame as tg
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
    >>> tg.security_levels(pennies)[["player", "pure_level", "mixed_level"]]
       player  pure_level  mixed_level
    0     Row        -1.0          0.0
    1  Column        -1.0          0.0
    """
    import pandas as pd

    require_game(game, "security_levels")
    budget = Budget("security_levels", time_limit)
    records = []
    # the linear program runs on each player's payoffs mapped onto [0, 1], where HiGHS's
    # absolute tolerances are relative ones; the level is what its mixture guarantees
    scaled = normalized(game.payoff_tensor[None])[0]
    for i, player in enumerate(game.players):
        rows = _own_rows(game.payoff_tensor[i], i)
        worst = rows.min(axis=1)
        best_pure = int(worst.argmax())
        solved = (
            None
            if budget.expired()
            else maximin_mixture(_own_rows(scaled[i], i), budget.remaining())
        )
        if solved is None:
            budget.stop(f"stopped at the time limit of {budget.time_limit:g} s")
            level, sigma = float("nan"), np.zeros(len(worst))
        else:
            sigma = solved[1]
            level = max(float((sigma @ rows).min()), float(worst[best_pure])) + 0.0
        labels = game.strategies[i]
        records.append(
            {
                "player": player,
                "pure_level": float(worst[best_pure]),
                "pure_strategy": labels[best_pure],
                "mixed_level": level,
                "mixed_strategy": {labels[k]: float(p) for k, p in enumerate(sigma) if p > 1e-12},
            }
        )
    frame = pd.DataFrame.from_records(records)
    return budget.flag(frame, "some mixed levels are missing (NaN)")
