"""Best-response diagrams of two-player games with a two-strategy player.

For a 2x2 game, the classic picture: each player's best-response
correspondence in the unit square of mixed profiles, ``p`` the probability
that the row player plays its first strategy and ``q`` that the column player
does; the Nash equilibria are exactly the points where the two
correspondences meet (Nash 1951, "Non-cooperative games", Annals of
Mathematics 54(2), 286-295; drawn as in Osborne 2004, *An Introduction to
Game Theory*, section 4.3, Figure 116.1). For a 2xn game, the other player's
payoff lines against the two-strategy player's mixing probability, their
upper envelope (the best-reply payoff) and the points where the best reply
switches (von Stengel 2007, "Equilibrium computation for two-player games in
strategic and extensive form", in *Algorithmic Game Theory*, ch. 3, section
3.3, the upper-envelope method).

Players with a single strategy are fixed at it and left out, so a scenario
whose third parties do not choose still gets its diagram.
"""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..game import Game
from ..solvers import DEFAULT_TOL, solve
from ._style import axes_for, check_frame, colour, style_axes
from ._style import caption as put_caption
from .payoffs import caption_for, caption_width, game_of, number_text, possessive, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = [
    "CORRESPONDENCE_COLUMNS",
    "LINES_COLUMNS",
    "MAX_POINTS",
    "best_response_data",
    "plot_best_response",
]

CORRESPONDENCE_COLUMNS = ("kind", "player", "p", "q", "label")
"""Columns of the 2x2 best-response correspondence frame, in order."""
LINES_COLUMNS = ("kind", "player", "strategy", "p", "payoff")
"""Columns of the 2xn payoff-lines frame, in order."""
MAX_POINTS = 100_001
"""Most grid points :func:`best_response_data` samples."""

_FUNCTION = "best_response_data"


def _two_player(game: Game) -> tuple[Game, list[int]]:
    """``game`` restricted to its players with a choice (others fixed at their one strategy)."""
    movers = [i for i, n in enumerate(game.shape) if n > 1]
    if len(movers) != 2:
        raise ParameterError(
            f"{_FUNCTION}: a best-response diagram needs exactly two players with a choice; "
            f"this {'x'.join(map(str, game.shape))} game has {len(movers)}"
        )
    if len(movers) == game.n_players:
        return game, movers
    index: list[Any] = [slice(None) if i in movers else 0 for i in range(game.n_players)]
    reduced = Game.from_arrays(
        [game.payoff_tensor[(i, *index)] for i in movers],
        players=[game.players[i] for i in movers],
        strategies=[game.strategies[i] for i in movers],
        name=game.name,
        source=game.source,
    )
    return reduced, movers


def _check_points(points: object) -> int:
    if (
        isinstance(points, bool)
        or not isinstance(points, (int, np.integer))
        or not 2 <= points <= MAX_POINTS
    ):
        raise ParameterError(
            f"{_FUNCTION}: points must be a whole number from 2 to {MAX_POINTS:,}; got {points!r}"
        )
    return int(points)


def _advantage(payoffs: np.ndarray, axis: int) -> tuple[np.ndarray, float]:
    """A player's payoff advantage of its first strategy over its second (``axis`` is its
    own), against each strategy of the other, and the tie tolerance: ``DEFAULT_TOL`` times the
    player's payoff range, so that ties are judged alike in any units."""
    first, second = np.moveaxis(payoffs, axis, 0)
    return first - second, DEFAULT_TOL * float(np.ptp(payoffs))


def _switch(diff: np.ndarray, tol: float) -> float | None:
    """Where ``t * diff[0] + (1 - t) * diff[1]`` crosses zero in [0, 1], if at a single point.

    The point is computed from the payoffs as given (exact for small integers),
    not from a rescaled copy.
    """
    a, b = float(diff[0]), float(diff[1])  # the advantage at t = 1 and at t = 0
    if abs(a - b) <= tol:
        return None
    t = b / (b - a)
    return min(max(t, 0.0), 1.0) if -1e-12 <= t <= 1 + 1e-12 else None


def _replies(diff: np.ndarray, tol: float, t: float) -> tuple[float, ...]:
    """Probabilities of the first strategy that are best replies when the other mixes ``t``:
    (1,), (0,) or (0, 1) (indifferent: every mixture)."""
    d = float(t * diff[0] + (1 - t) * diff[1])
    if d > tol:
        return (1.0,)
    if d < -tol:
        return (0.0,)
    return (0.0, 1.0)


def _correspondence_path(
    diff: np.ndarray, tol: float, grid: np.ndarray
) -> list[tuple[float, float]]:
    """The best-response correspondence as a polyline of ``(t, reply)`` vertices.

    ``diff`` holds the player's payoff advantage of its first strategy over its
    second when the other plays its first (``diff[0]``) or its second
    (``diff[1]``) strategy; ``t`` is the other's probability of its first.
    """
    switch = _switch(diff, tol)
    ts = np.unique(np.concatenate([grid, [] if switch is None else [switch]]))
    out: list[tuple[float, float]] = []
    for k, t in enumerate(ts):
        replies = _replies(diff, tol, float(t))
        if len(replies) == 1:
            out.append((float(t), replies[0]))
            continue
        before = out[-1][1] if out else None
        if before is None:  # start of the path: end the vertical segment where the path goes on
            after = next(
                (r[0] for s in ts[k + 1 :] if len(r := _replies(diff, tol, float(s))) == 1), 1.0
            )
            before = 1.0 - after
        out.append((float(t), before))
        out.append((float(t), 1.0 - before))
    return out


def _intersections(
    row: tuple[np.ndarray, float], col: tuple[np.ndarray, float]
) -> list[tuple[float, float]]:
    """Every ``(p, q)`` at a vertex of both correspondences: the extreme Nash equilibria."""
    ps = {0.0, 1.0}
    qs = {0.0, 1.0}
    if (s := _switch(*col)) is not None:
        ps.add(s)
    if (s := _switch(*row)) is not None:
        qs.add(s)
    found = []
    for p, q in itertools.product(sorted(ps, reverse=True), sorted(qs, reverse=True)):
        row_replies = _replies(*row, q)
        col_replies = _replies(*col, p)
        if (p in row_replies or len(row_replies) == 2) and (
            q in col_replies or len(col_replies) == 2
        ):
            found.append((p, q))
    return found


def _correspondence(game: Game, points: int) -> pd.DataFrame:
    row = _advantage(game.payoff_tensor[0], 0)  # against the column player's first / second
    col = _advantage(game.payoff_tensor[1], 1)  # against the row player's first / second
    grid = np.linspace(0.0, 1.0, points)
    rows: list[tuple[str, str, float, float, str]] = []
    for player, (diff, tol), swap in ((game.players[0], row, True), (game.players[1], col, False)):
        if np.all(np.abs(diff) <= tol):  # indifferent whatever the other does
            for p, q in ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)):
                rows.append(("indifference", player, p, q, "every mixture is a best reply"))
            continue
        for t, reply in _correspondence_path(diff, tol, grid):
            p, q = (reply, t) if swap else (t, reply)
            rows.append(("best_response", player, p, q, ""))
    s_row, s_col = game.strategies
    for p, q in _intersections(row, col):
        if p in (0.0, 1.0) and q in (0.0, 1.0):
            label = f"{s_row[0 if p == 1.0 else 1]}, {s_col[0 if q == 1.0 else 1]}"
        else:
            label = f"mixed: p = {number_text(p)}, q = {number_text(q)}"
        rows.append(("equilibrium", "", p, q, label))
    return pd.DataFrame(rows, columns=list(CORRESPONDENCE_COLUMNS))


def _envelope_breaks(lines: np.ndarray, span: float) -> list[float]:
    """Interior ``p`` where the upper envelope of the lines ``u_j(p) = p*lines[0, j] +
    (1-p)*lines[1, j]`` changes its best line."""
    tol = DEFAULT_TOL * (span or 1.0)
    out = []
    n = lines.shape[1]
    for j, k in itertools.combinations(range(n), 2):
        a = lines[0, j] - lines[0, k]
        b = lines[1, j] - lines[1, k]
        if abs(a - b) <= tol:
            continue
        t = b / (b - a)
        if not 0.0 < t < 1.0:
            continue
        values = t * lines[0] + (1 - t) * lines[1]
        if values[j] >= values.max() - tol:
            out.append(float(t))
    out.sort()
    merged: list[float] = []
    for t in out:
        if not merged or t - merged[-1] > 1e-12:
            merged.append(t)
    return merged


def _lines(game: Game, liner: int, points: int) -> pd.DataFrame:
    """The payoff lines of player ``liner`` against the other player's mixing probability."""
    mixer = 1 - liner
    u = np.moveaxis(game.payoff_tensor[liner], mixer, 0)  # (2, n): mixer's strategy first
    labels = game.strategies[liner]
    player = game.players[liner]
    span = float(np.ptp(u))
    tol = DEFAULT_TOL * (span or 1.0)
    breaks = _envelope_breaks(u, span)
    grid = np.unique(np.concatenate([np.linspace(0.0, 1.0, points), breaks]))
    values = grid[:, None] * u[0] + (1 - grid[:, None]) * u[1]  # (G, n)
    rows: list[tuple[str, str, str, float, float]] = []
    for j, label in enumerate(labels):
        rows.extend(
            ("line", player, label, float(t), float(v))
            for t, v in zip(grid, values[:, j], strict=True)
        )
    top = values.max(axis=1)
    for t, row, v in zip(grid, values, top, strict=True):
        best = " = ".join(labels[j] for j in np.flatnonzero(row >= v - tol))
        rows.append(("envelope", player, best, float(t), float(v)))
    for t in breaks:
        left = t - 1e-6
        right = t + 1e-6
        before = labels[int(np.argmax(left * u[0] + (1 - left) * u[1]))]
        after = labels[int(np.argmax(right * u[0] + (1 - right) * u[1]))]
        value = float(np.max(t * u[0] + (1 - t) * u[1]))
        rows.append(("switch", player, f"{before} -> {after}", float(t), value))
    result = solve(game)
    for k, eq in enumerate(result.equilibria):
        p = float(eq.strategies[mixer][0])
        mix = result.profile(k)[player]
        text = " + ".join(s if len(mix) == 1 else f"{number_text(w)} {s}" for s, w in mix.items())
        rows.append(("equilibrium", player, text, p, float(eq.payoffs[liner])))
    return pd.DataFrame(rows, columns=list(LINES_COLUMNS))


def best_response_data(
    game: Game | Scenario | str | os.PathLike[str],
    *,
    player: str | None = None,
    points: int = 201,
) -> pd.DataFrame:
    """What a best-response diagram draws, for a 2x2 or 2xn game.

    Parameters
    ----------
    game : Game, Scenario, str or path
        A game or scenario (a built-in name is loaded) in which exactly two
        players have a choice and one of them has two strategies; players
        with a single strategy are fixed at it.
    player : str, optional
        Draw this player's payoff lines against the other's mixing
        probability (the other must have two strategies). Default: for a
        2x2 game both best-response correspondences; for a 2xn game the
        payoff lines of the player with n strategies.
    points : int, optional
        Grid points on [0, 1] (the exact switch points are added).

    Returns
    -------
    pandas.DataFrame
        ``attrs["diagram"]`` says which picture. ``"correspondence"`` (2x2):
        columns :data:`CORRESPONDENCE_COLUMNS`: ``kind`` (``"best_response"``:
        a vertex of ``player``'s correspondence polyline, in order;
        ``"indifference"``: the outline of the whole square when a player is
        always indifferent; ``"equilibrium"``: a point where the two
        correspondences meet), ``player``, ``p`` (the row player's
        probability of its first strategy), ``q`` (the column player's),
        ``label`` (the equilibrium's strategies, or ``mixed: p = ..., q =
        ...``). ``"payoff_lines"`` (2xn): columns :data:`LINES_COLUMNS`:
        ``kind`` (``"line"``: the payoff of one of ``player``'s strategies;
        ``"envelope"``: the best of them, ``strategy`` naming the best reply,
        ties joined by ``" = "``; ``"switch"``: a point where the best reply
        changes, ``strategy`` ``"below -> above"``, the best reply on either
        side; ``"equilibrium"``: an equilibrium from :func:`tradegame.solve`,
        ``strategy`` the player's equilibrium strategy), ``player`` (whose payoffs), ``strategy``,
        ``p`` (the other player's probability of its first strategy),
        ``payoff``. ``attrs`` also holds ``title``, ``units``, ``players``,
        ``strategies``, ``mixer`` (payoff lines) and ``caption``.

    Raises
    ------
    ParameterError
        A game that is not 2x2 or 2xn (after fixing single-strategy
        players), an unknown player, or a bad ``points``.

    Examples
    --------
    Chicken (Rapoport and Guyer 1966, game 66) has three equilibria, where
    the two correspondences meet:

    >>> frame = best_response_data("tariff_chicken")
    >>> frame[frame.kind == "equilibrium"][["p", "q"]].values.tolist()
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    """
    full, meta = game_of(game, _FUNCTION)
    points = _check_points(points)
    two, _ = _two_player(full)
    shape = two.shape
    if player is not None and player not in two.players:
        raise ParameterError(
            f"{_FUNCTION}: player must be one of {', '.join(map(repr, two.players))} or None; "
            f"got {player!r}"
        )
    attrs: dict[str, Any] = {
        "title": meta["title"],
        "units": meta["units"],
        "players": list(two.players),
        "strategies": [list(s) for s in two.strategies],
        "caption": meta["caption"],
    }
    if player is None and shape == (2, 2):
        frame = _correspondence(two, points)
        attrs["diagram"] = "correspondence"
    else:
        default = 0 if shape[0] > shape[1] else 1
        liner = default if player is None else two.players.index(player)
        if shape[1 - liner] != 2:
            other = two.players[1 - liner]
            raise ParameterError(
                f"{_FUNCTION}: a best-response diagram needs a player with two strategies to "
                f"mix; this is a {shape[0]}x{shape[1]} game"
                + (
                    f" and {other!r} has {shape[1 - liner]}"
                    if player is not None and 2 in shape
                    else ""
                )
            )
        frame = _lines(two, liner, points)
        attrs["diagram"] = "payoff_lines"
        attrs["mixer"] = two.players[1 - liner]
    frame.attrs.update(attrs)
    return frame


# ----------------------------------------------------------------- drawing
def plot_best_response(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw a best-response diagram from :func:`best_response_data`.

    Parameters
    ----------
    data : pandas.DataFrame
        The frame :func:`best_response_data` returns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    caption : str, optional
        Text under the figure; default the sources in ``data.attrs``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    diagram = data.attrs.get("diagram") if isinstance(data, pd.DataFrame) else None
    if diagram == "payoff_lines" or (
        diagram is None and isinstance(data, pd.DataFrame) and "payoff" in data.columns
    ):
        return _plot_lines(check_frame(data, LINES_COLUMNS, "plot_best_response"), ax, caption)
    data = check_frame(data, CORRESPONDENCE_COLUMNS, "plot_best_response")
    fig, ax = axes_for(ax, figsize=(5.4, 5.6))
    players = list(data.attrs.get("players") or [p for p in dict.fromkeys(data["player"]) if p])
    strategies = data.attrs.get("strategies") or [["first", "second"]] * 2
    styles = [
        {"color": colour(0), "linewidth": 2.6, "linestyle": "-"},
        {"color": colour(1), "linewidth": 2.6, "linestyle": (0, (5, 2))},
    ]
    for k, who in enumerate(players):
        part = data[(data["player"] == who) & data["kind"].isin(["best_response", "indifference"])]
        if part.empty:
            continue
        label = f"{possessive(who)} best reply"
        if (part["kind"] == "indifference").any():
            ax.fill(
                part["p"], part["q"], color=styles[k]["color"], alpha=0.15, label=label + " (any)"
            )
        else:
            ax.plot(part["p"], part["q"], label=label, solid_joinstyle="miter", **styles[k])
    eq = data[data["kind"] == "equilibrium"]
    ax.scatter(
        eq["p"], eq["q"], s=80, color="black", zorder=5, label="Nash equilibrium", clip_on=False
    )
    for p, q, label in zip(eq["p"], eq["q"], eq["label"], strict=True):
        ax.annotate(
            wrap(label, 26),
            (p, q),
            xytext=(-8 if p > 0.5 else 8, -10 if q > 0.5 else 10),
            textcoords="offset points",
            ha="right" if p > 0.5 else "left",
            va="top" if q > 0.5 else "bottom",
            fontsize=7.5,
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": "white",
                "edgecolor": "none",
                "alpha": 0.85,
            },
            zorder=6,
        )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.03, 1.03)
    ax.set_aspect("equal")
    row, col = [*players, "row", "column"][:2]
    ax.set_xlabel(wrap(f"p = probability that {row} plays {strategies[0][0]!r}", 60))
    ax.set_ylabel(wrap(f"q = probability that {col} plays {strategies[1][0]!r}", 60))
    title = data.attrs.get("title") or "Best replies"
    ax.set_title(wrap(title, 55) + "\nbest-response correspondences", loc="left")
    style_axes(ax, grid="both")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, frameon=False, fontsize=7.5)
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig


def _plot_lines(data: pd.DataFrame, ax: Axes | None, caption: str | None) -> Figure:
    fig, ax = axes_for(ax, figsize=(6.4, 4.6))
    attrs = data.attrs
    who = attrs.get("players") or []
    lines = data[data["kind"] == "line"]
    player = str(lines["player"].iloc[0]) if len(lines) else ""
    mixer = attrs.get("mixer") or next((p for p in who if p != player), "the other player")
    strategies = attrs.get("strategies") or []
    mixer_first = (
        strategies[who.index(mixer)][0] if mixer in who and strategies else "its first strategy"
    )
    for k, (label, part) in enumerate(lines.groupby("strategy", sort=False)):
        ax.plot(part["p"], part["payoff"], color=colour(k), linewidth=1.4, label=wrap(label, 40))
    env = data[data["kind"] == "envelope"]
    ax.plot(
        env["p"],
        env["payoff"],
        color="black",
        linewidth=3.2,
        alpha=0.35,
        label="upper envelope (best reply)",
        zorder=1,
    )
    switch = data[data["kind"] == "switch"]
    for p in switch["p"]:
        ax.axvline(p, color="#777777", linewidth=0.8, linestyle=":", zorder=0)
        ax.annotate(
            f"switch at p = {number_text(p)}",
            (p, 0.99),
            xycoords=("data", "axes fraction"),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7.5,
            color="#444444",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )
    eq = data[data["kind"] == "equilibrium"]
    if len(eq):
        ax.scatter(
            eq["p"],
            eq["payoff"],
            s=70,
            color="black",
            marker="o",
            zorder=5,
            label="Nash equilibrium",
            clip_on=False,
        )
    ax.set_xlim(0, 1)
    units = attrs.get("units") or "payoff units not stated"
    ax.set_xlabel(wrap(f"p = probability that {mixer} plays {mixer_first!r}", 70))
    ax.set_ylabel(wrap(f"{possessive(player)} payoff ({units})", 45))
    title = attrs.get("title") or "Best replies"
    ax.set_title(
        wrap(title, 60)
        + "\n"
        + wrap(f"{possessive(player)} payoffs against {possessive(mixer)} mixture", 60),
        loc="left",
    )
    style_axes(ax, grid="both")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig
