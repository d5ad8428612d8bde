"""Frozen records that solvers return, and the verification every equilibrium passes.

Each solver hands its candidate profiles to :func:`verified_result`, which
computes every candidate's max regret in one batched call, drops (with an
:class:`~tradegame.errors.EquilibriumWarning`) any whose regret exceeds the
tolerance, removes duplicates, and records how the result was made.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from ..errors import EquilibriumWarning, SolverError
from ..game import Game
from .regret import expected_payoffs, regrets

__all__ = [
    "DEFAULT_TOL",
    "Equilibrium",
    "SolverResult",
    "check_game",
    "regret_tolerance",
    "verified_result",
]

DEFAULT_TOL = 1e-9
"""Relative regret tolerance: an equilibrium's max regret must not exceed
``DEFAULT_TOL * max(1, largest absolute payoff)``."""


def check_game(game: object, method: str, *, two_players: bool = False) -> None:
    """Raise a one-line :class:`SolverError` unless ``game`` is a Game the method can solve."""
    if not isinstance(game, Game):
        raise SolverError(
            f"method {method!r} needs a tradegame.Game, got {type(game).__name__}; "
            "build one with Game.from_bimatrix, Game.from_arrays or load_scenario(...).game()"
        )
    if two_players and game.n_players != 2:
        raise SolverError(
            f"method {method!r} solves two-player games; this game has {game.n_players} players "
            "(use method='pure' for N-player games)"
        )


def regret_tolerance(game: Game, tol: float = DEFAULT_TOL) -> float:
    """The absolute regret tolerance used for ``game``: ``tol * max(1, max |payoff|)``."""
    return float(tol * max(1.0, float(np.abs(game.payoff_tensor).max())))


@dataclass(frozen=True)
class Equilibrium:
    """One verified equilibrium.

    Attributes
    ----------
    strategies : tuple of ndarray
        Each player's mixed strategy (read-only probability vectors).
    payoffs : ndarray
        Each player's expected payoff.
    max_regret : float
        Largest gain from a unilateral deviation (zero up to rounding).
    exact : tuple of tuple of Fraction, optional
        The probabilities as exact fractions, when the solver computed them.
    """

    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    max_regret: float
    exact: tuple[tuple[Fraction, ...], ...] | None = None

    @property
    def pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(np.count_nonzero(s) == 1 for s in self.strategies)

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        return tuple(tuple(int(k) for k in np.flatnonzero(s)) for s in self.strategies)


@dataclass(frozen=True)
class SolverResult:
    """What a solver found and how.

    Attributes
    ----------
    game : Game
        The game solved.
    method : str
        Name of the solver.
    parameters : mapping
        Parameters the solver ran with.
    equilibria : tuple of Equilibrium
        Verified equilibria, each with max regret at most ``tolerance``.
    tolerance : float
        Absolute regret tolerance used in verification.
    complete : bool
        True when the method guarantees that every equilibrium of its kind
        (all pure ones, or all extreme ones) is listed.
    notes : tuple of str
        Caveats, e.g. that the game is degenerate.
    """

    game: Game
    method: str
    parameters: Mapping[str, Any]
    equilibria: tuple[Equilibrium, ...]
    tolerance: float
    complete: bool
    notes: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    def __getitem__(self, k: int) -> Equilibrium:
        return self.equilibria[k]

    def __repr__(self) -> str:
        count = len(self.equilibria)
        noun = "equilibrium" if count == 1 else "equilibria"
        caveat = "" if self.complete else " (may be incomplete)"
        return f"<SolverResult {self.method!r} on {self.game!r}: {count} {noun}{caveat}>"

    def profile(self, k: int, *, exact: bool = False) -> dict[str, dict[str, Any]]:
        """Equilibrium ``k`` as ``{player: {strategy: probability}}`` over its support."""
        eq = self.equilibria[k]
        out: dict[str, dict[str, Any]] = {}
        for i, player in enumerate(self.game.players):
            labels = self.game.strategies[i]
            probs = eq.exact[i] if (exact and eq.exact is not None) else eq.strategies[i]
            out[player] = {
                labels[s]: (probs[s] if exact and eq.exact is not None else float(probs[s]))
                for s in range(len(labels))
                if eq.strategies[i][s] > 0
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form documented in ``docs/reference/json-output.md``.

        Each equilibrium's ``profile`` lists, per player, the strategies played
        with positive probability. When the solver computed exact fractions,
        ``profile_exact`` gives the same probabilities as strings (``"1/3"``).
        """
        game = self.game
        equilibria = []
        for k, eq in enumerate(self.equilibria):
            entry: dict[str, Any] = {
                "profile": self.profile(k),
                "payoffs": {p: float(v) for p, v in zip(game.players, eq.payoffs, strict=True)},
                "max_regret": float(eq.max_regret),
                "pure": eq.pure,
            }
            if eq.exact is not None:
                entry["profile_exact"] = {
                    p: {s: str(v) for s, v in d.items()}
                    for p, d in self.profile(k, exact=True).items()
                }
            equilibria.append(entry)
        return {
            "game": {
                "name": game.name,
                "players": list(game.players),
                "strategies": {
                    p: list(s) for p, s in zip(game.players, game.strategies, strict=True)
                },
            },
            "method": self.method,
            "parameters": {k: _jsonable(v) for k, v in self.parameters.items()},
            "complete": self.complete,
            "tolerance": self.tolerance,
            "notes": list(self.notes),
            "equilibria": equilibria,
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per equilibrium, player and strategy.

        Columns: ``equilibrium``, ``player``, ``strategy``, ``probability``,
        ``payoff`` (the player's expected payoff), ``max_regret``, ``pure``.
        """
        rows = []
        for k, eq in enumerate(self.equilibria):
            for i, player in enumerate(self.game.players):
                for s, label in enumerate(self.game.strategies[i]):
                    rows.append(
                        (
                            k,
                            player,
                            label,
                            float(eq.strategies[i][s]),
                            float(eq.payoffs[i]),
                            float(eq.max_regret),
                            eq.pure,
                        )
                    )
        return pd.DataFrame(
            rows,
            columns=[
                "equilibrium",
                "player",
                "strategy",
                "probability",
                "payoff",
                "max_regret",
                "pure",
            ],
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def verified_result(
    game: Game,
    method: str,
    parameters: Mapping[str, Any],
    candidates: Sequence[np.ndarray],
    *,
    tol: float = DEFAULT_TOL,
    complete: bool,
    notes: Sequence[str] = (),
    exact: Sequence[tuple[tuple[Fraction, ...], ...] | None] | None = None,
) -> SolverResult:
    """Verify candidate profiles and package them as a :class:`SolverResult`.

    Parameters
    ----------
    game : Game
    method : str
    parameters : mapping
    candidates : sequence of ndarray
        One array per player of shape ``(K, n_i)``: row ``k`` of each is
        candidate ``k``'s mixed strategy for that player.
    tol : float
        Relative tolerance, see :func:`regret_tolerance`.
    complete : bool
        Whether the method guarantees completeness; set to False if any
        candidate fails verification.
    notes : sequence of str
    exact : sequence, optional
        Exact fractions for each candidate, or None.
    """
    abs_tol = regret_tolerance(game, tol)
    notes = list(notes)
    equilibria: list[Equilibrium] = []
    n_candidates = len(candidates[0])
    if n_candidates:
        # clean tiny negative rounding and renormalize
        stacked = [np.clip(np.asarray(s, dtype=float), 0.0, None) for s in candidates]
        stacked = [s / s.sum(axis=1, keepdims=True) for s in stacked]
        reg = regrets(game.payoff_tensor, stacked).max(axis=1)
        pay = expected_payoffs(game.payoff_tensor, stacked)
        ok = reg <= abs_tol
        dropped = int((~ok).sum())
        if exact is not None:  # exact duplicates only
            first = list({key: k for k, key in reversed(list(enumerate(exact)))}.values())
        else:
            flat = np.round(np.concatenate(stacked, axis=1), 10)
            _, first = np.unique(flat, axis=0, return_index=True)
        keep = np.zeros(n_candidates, dtype=bool)
        keep[first] = True
        for k in np.flatnonzero(keep & ok):
            strategies = []
            for s in stacked:
                vec = s[k].copy()
                vec.setflags(write=False)
                strategies.append(vec)
            payoffs = pay[k].copy()
            payoffs.setflags(write=False)
            equilibria.append(
                Equilibrium(
                    tuple(strategies),
                    payoffs,
                    float(max(reg[k], 0.0)),
                    exact[k] if exact is not None else None,
                )
            )
        if dropped:
            msg = (
                f"{method}: dropped {dropped} candidate profile(s) whose max regret exceeded "
                f"the tolerance {abs_tol:.3g}"
            )
            warnings.warn(msg, EquilibriumWarning, stacklevel=3)
            notes.append(msg)
            complete = False
    return SolverResult(
        game=game,
        method=method,
        parameters=MappingProxyType(dict(parameters)),
        equilibria=tuple(equilibria),
        tolerance=abs_tol,
        complete=complete,
        notes=tuple(notes),
    )
