"""Learning trajectories on the simplex (three strategies) or the unit square (2 x 2 games).

:func:`simplex_data` reads a trajectory frame of :mod:`tradegame.learning`
(:func:`~tradegame.learning.replicator_dynamics`,
:func:`~tradegame.learning.fictitious_play`,
:func:`~tradegame.learning.logit_dynamics`,
:func:`~tradegame.learning.regret_matching`,
:func:`~tradegame.learning.best_response_dynamics`: one row per step, player
and strategy with a ``probability`` column) and places every state in the
plane:

- for a player with three strategies, its mixed strategy ``(p1, p2, p3)`` in
  barycentric coordinates on the 2-simplex, the triangle with the pure
  strategies at ``(0, 0)``, ``(1, 0)`` and ``(1/2, sqrt(3)/2)``:
  ``x = p2 + p3 / 2``, ``y = p3 sqrt(3) / 2`` (the usual picture of
  evolutionary dynamics: Hofbauer and Sigmund 1998, *Evolutionary Games and
  Population Dynamics*, Cambridge University Press, ch. 7);
- for a game of two players with two strategies each, the point ``(p, q)``:
  the probability each player gives its first strategy (Weibull 1995,
  *Evolutionary Game Theory*, MIT Press, ch. 5, for two-population
  dynamics on the square).

Equilibria given (a :class:`~tradegame.solvers.result.SolverResult`, its
equilibria, or mixed profiles) are placed the same way and marked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._style import axes_for, check_frame, colour, style_axes
from ._style import caption as add_caption
from .sensitivity import panels, put_legend, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_simplex", "simplex_data"]

SIMPLEX_COLUMNS = ("kind", "step", "time", "x", "y")
HEIGHT = math.sqrt(3.0) / 2.0
"""Height of the unit triangle the simplex is drawn as."""
METHOD_SOURCES = {
    "replicator": "replicator dynamics (Taylor and Jonker 1978)",
    "fictitious-play": "fictitious play (Brown 1951; Robinson 1951)",
    "logit": "logit dynamics (Fudenberg and Levine 1998, ch. 4; Hofbauer and Sandholm 2002)",
    "regret-matching": "regret matching (Hart and Mas-Colell 2000)",
    "best-response-dynamics": "best-response dynamics (Monderer and Shapley 1996)",
}


def barycentric(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Plane coordinates of mixed strategies ``p`` (shape (K, 3)) on the unit triangle.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.plotting.learning import barycentric
    >>> x, y = barycentric(np.array([[1.0, 0, 0], [0, 1.0, 0], [1 / 3, 1 / 3, 1 / 3]]))
    >>> x.round(4).tolist(), y.round(4).tolist()
    ([0.0, 1.0, 0.5], [0.0, 0.0, 0.2887])
    """
    p = np.asarray(p, dtype=float)
    return p[:, 1] + 0.5 * p[:, 2], HEIGHT * p[:, 2]


def _layout(frame: pd.DataFrame) -> tuple[list[str], dict[str, list[str]]]:
    players = [str(p) for p in dict.fromkeys(frame["player"])]
    menus = {
        p: [str(s) for s in dict.fromkeys(frame.loc[frame["player"] == p, "strategy"])]
        for p in players
    }
    return players, menus


def _equilibrium_profiles(equilibria: Any, players: list[str], menus: dict[str, list[str]]):
    """Each equilibrium as one probability vector per player, checked against the menus."""
    from ..solvers.result import SolverResult

    if isinstance(equilibria, SolverResult):
        equilibria = equilibria.equilibria
    if isinstance(equilibria, (str, bytes)) or not isinstance(equilibria, Sequence):
        raise ParameterError(
            "simplex_data: equilibria must be a SolverResult, its equilibria, or a list of "
            f"mixed profiles (one probability vector per player); got {type(equilibria).__name__}"
        )
    out = []
    for k, e in enumerate(equilibria):
        profile = getattr(e, "strategies", e)
        try:
            vectors = [np.asarray(v, dtype=float).ravel() for v in profile]
        except (TypeError, ValueError):
            vectors = []
        sizes = [len(menus[p]) for p in players]
        if [len(v) for v in vectors] != sizes or not all(np.isfinite(v).all() for v in vectors):
            raise ParameterError(
                f"simplex_data: equilibrium {k} must give a probability vector per player of "
                f"sizes {tuple(sizes)} (the trajectory's strategies)"
            )
        out.append(vectors)
    return out


def simplex_data(
    trajectory_frame: pd.DataFrame,
    *,
    player: str | None = None,
    equilibria: Any = None,
) -> pd.DataFrame:
    """A learning trajectory (and equilibria) as points on the simplex or the unit square.

    Parameters
    ----------
    trajectory_frame : DataFrame
        From a function of :mod:`tradegame.learning` (columns ``step``,
        ``player``, ``strategy``, ``probability``; ``time`` when the dynamics
        are continuous), one run.
    player : str, optional
        Whose mixed strategy to place on the triangle: a player with three
        strategies. Default: the square for a game of two players with two
        strategies each, else the first player with three strategies.
    equilibria : SolverResult or sequence, optional
        Equilibria to mark: a :class:`~tradegame.solvers.result.SolverResult`,
        its ``equilibria``, or mixed profiles (one probability vector per
        player, in the trajectory's strategy order).

    Returns
    -------
    DataFrame
        ``kind`` (``"trajectory"`` or ``"equilibrium"``), ``step`` (the
        trajectory's step, or the equilibrium's index), ``time`` (NaN for
        discrete processes and equilibria), ``x`` and ``y``. ``attrs``:
        ``mode`` (``"simplex"`` or ``"square"``), ``players`` (the player on
        the triangle, or the two on the square's x and y axes),
        ``strategies`` (the triangle's corners, or each axis' strategy),
        ``x_label``, ``y_label``, ``method``.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.learning import replicator_dynamics
    >>> from tradegame.plotting.learning import simplex_data
    >>> chicken = tg.load_scenario("tariff_chicken").game()
    >>> frame = replicator_dynamics(chicken, steps=2, initial=[[0.25, 0.75], [0.5, 0.5]])
    >>> simplex_data(frame)[["kind", "step", "x", "y"]].round(3)
             kind  step     x      y
    0  trajectory     0  0.25  0.500
    1  trajectory     1  0.25  0.502
    2  trajectory     2  0.25  0.504
    """
    frame = check_frame(
        trajectory_frame, ["step", "player", "strategy", "probability"], "simplex_data"
    )
    if frame.duplicated(["step", "player", "strategy"]).any():
        raise ParameterError(
            "simplex_data: a step appears twice for a player and strategy; pass one run's frame"
        )
    players, menus = _layout(frame)
    sizes = [len(menus[p]) for p in players]
    if player is None:
        if sizes == [2, 2]:
            mode, shown = "square", players
        elif 3 in sizes:
            mode, shown = "simplex", [players[sizes.index(3)]]
        else:
            raise ParameterError(
                "simplex_data: draws a player with three strategies on the triangle or a game "
                f"of two players with two strategies each on the square; strategies per player: "
                f"{tuple(sizes)}"
            )
    else:
        if player not in menus:
            raise ParameterError(
                f"simplex_data: unknown player {player!r}; players: {', '.join(players)}"
            )
        if len(menus[player]) != 3:
            raise ParameterError(
                f"simplex_data: {player!r} has {len(menus[player])} strategies; the triangle "
                "shows a player with three"
                + (" (leave player=None for the 2 x 2 square)" if sizes == [2, 2] else "")
            )
        mode, shown = "simplex", [player]
    wide = frame.pivot(index="step", columns=["player", "strategy"], values="probability")
    if wide.isna().to_numpy().any():
        raise ParameterError("simplex_data: some steps lack a player's strategy; pass a whole run")
    steps = wide.index.to_numpy(dtype=np.int64)
    time = (
        frame.drop_duplicates("step")
        .set_index("step")["time"]
        .reindex(wide.index)
        .to_numpy(dtype=float)
        if "time" in frame.columns
        else np.full(len(steps), np.nan)
    )
    profiles = []
    if equilibria is not None:
        profiles = _equilibrium_profiles(equilibria, players, menus)
    if mode == "simplex":
        p = shown[0]
        probs = wide[[(p, s) for s in menus[p]]].to_numpy(dtype=float)
        x, y = barycentric(probs)
        eq = np.array([v[players.index(p)] for v in profiles]).reshape(-1, 3)
        ex, ey = barycentric(eq)
        strategies = menus[p]
        x_label = y_label = ""
    else:
        first = [(q, menus[q][0]) for q in players]
        x = wide[first[0]].to_numpy(dtype=float)
        y = wide[first[1]].to_numpy(dtype=float)
        ex = np.array([v[0][0] for v in profiles], dtype=float)
        ey = np.array([v[1][0] for v in profiles], dtype=float)
        strategies = [menus[q][0] for q in players]
        x_label = f"probability that {players[0]} plays {strategies[0]}"
        y_label = f"probability that {players[1]} plays {strategies[1]}"
    out = pd.concat(
        [
            pd.DataFrame({"kind": "trajectory", "step": steps, "time": time, "x": x, "y": y}),
            pd.DataFrame(
                {
                    "kind": "equilibrium",
                    "step": np.arange(len(ex), dtype=np.int64),
                    "time": np.nan,
                    "x": ex,
                    "y": ey,
                }
            ),
        ],
        ignore_index=True,
    )[list(SIMPLEX_COLUMNS)]
    out["step"] = out["step"].astype(np.int64)
    out.attrs.update(
        {
            "mode": mode,
            "players": list(shown),
            "strategies": strategies,
            "x_label": x_label,
            "y_label": y_label,
            "method": frame.attrs.get("method", ""),
            "stopped": frame.attrs.get("stopped"),
        }
    )
    return out


def plot_simplex(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw a trajectory on the triangle or the square, its start and end, and equilibria.

    Parameters
    ----------
    data : DataFrame
        From :func:`simplex_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: the learning process and its source.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = check_frame(data, ["kind", "x", "y"], "plot_simplex")
    mode = data.attrs.get("mode")  # no default: a frame of another helper has kind, x and y too
    if mode not in ("simplex", "square"):
        raise ParameterError(f"plot_simplex: unknown mode {mode!r}; pass simplex_data's frame")
    path = data[data["kind"] == "trajectory"]
    eq = data[data["kind"] == "equilibrium"]
    legend_row = None
    if ax is None:
        fig, (ax,), legend_row = panels([4.0], width=5.6)
    else:
        fig, ax = axes_for(ax)
    players = data.attrs.get("players", [])
    strategies = data.attrs.get("strategies", [])
    if mode == "simplex":
        corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, HEIGHT], [0.0, 0.0]])
        for t in (0.2, 0.4, 0.6, 0.8):  # faint lines of constant probability
            for a, b, c in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
                start = t * corners[a] + (1 - t) * corners[b]
                end = t * corners[a] + (1 - t) * corners[c]
                ax.plot(*zip(start, end, strict=True), color="#e4e4e4", linewidth=0.6, zorder=0)
        ax.plot(corners[:, 0], corners[:, 1], color="#333333", linewidth=1.0)
        offsets = [
            (-0.03, -0.05, "right", "top"),
            (1.03, -0.05, "left", "top"),
            (0.5, HEIGHT + 0.04, "center", "bottom"),
        ]
        for (cx, cy, ha, va), name in zip(offsets, strategies, strict=False):
            ax.text(cx, cy, wrap(name, 22), ha=ha, va=va, fontsize=8.5)
        ax.set_xlim(-0.25, 1.25)
        ax.set_ylim(-0.14, HEIGHT + 0.14)
        ax.set_aspect("equal")
        ax.set_axis_off()
        who = players[0] if players else "the player"
        ax.set_title(wrap(f"{who}'s mixed strategy (corners: pure strategies)", 60), loc="left")
    else:
        ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="#333333", linewidth=1.0)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        ax.set_aspect("equal")
        ax.set_xlabel(wrap(data.attrs.get("x_label", "p"), 60))
        ax.set_ylabel(wrap(data.attrs.get("y_label", "q"), 50))
        style_axes(ax, grid="both")
        ax.set_title("Mixed strategies of both players", loc="left")
    ax.plot(path["x"], path["y"], color=colour(0), linewidth=1.4, label="trajectory")
    if len(path):
        ax.plot(
            path["x"].iloc[0],
            path["y"].iloc[0],
            "o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=colour(0),
            markeredgewidth=1.5,
            linestyle="none",
            label="start",
            zorder=4,
        )
        ax.plot(
            path["x"].iloc[-1],
            path["y"].iloc[-1],
            "o",
            markersize=6,
            color=colour(0),
            linestyle="none",
            label="end",
            zorder=4,
        )
    if len(eq):
        ax.plot(
            eq["x"],
            eq["y"],
            "*",
            markersize=12,
            color=colour(3),
            markeredgecolor="black",
            markeredgewidth=0.5,
            linestyle="none",
            label="Nash equilibrium",
            clip_on=False,
        )
    handles, _ = ax.get_legend_handles_labels()
    put_legend(ax, handles, legend_row, ncols=4)
    method = str(data.attrs.get("method", ""))
    default = (
        f"Trajectory of {METHOD_SOURCES.get(method, method or 'a learning process')}, "
        "from tradegame.learning."
        + (f" The run stopped early: {data.attrs['stopped']}." if data.attrs.get("stopped") else "")
    )
    add_caption(fig, caption if caption is not None else default)
    return fig
