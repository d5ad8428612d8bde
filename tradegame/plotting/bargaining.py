"""The bargaining frontier of a scenario's deal, its disagreement points and solutions.

The feasible set is the one the bargaining analysis
(:func:`tradegame.analyses.bargain.bargain`) bargains over: the two sides'
payoffs at every grid setting of the scenario's ``[analysis] deal_levers``
(or, without deal levers, at every profile of the two sides' listed
strategies), and its convex hull (lotteries over deals). Its efficient
boundary, the *frontier*, is where every bargaining solution lies. The
disagreement points (the one-shot equilibrium when the game has exactly one
pure equilibrium, and the standoff) and the solutions the analysis reports,
Nash (1950) and Kalai-Smorodinsky (1975) against each disagreement point, are
marked. (Nash's 1953 variable-threat solution, which the analysis also
reports, lets the sides pay each other on the listed strategies alone: a
different feasible set, so it is left out of this picture.)
"""

from __future__ import annotations

import itertools
import os
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..solvers import DEFAULT_TOL, solve
from ._style import PALETTE, axes_for, check_frame, style_axes
from ._style import caption as put_caption
from .payoffs import (
    caption_for,
    caption_width,
    load,
    number_text,
    possessive,
    require_analysis,
    source_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = ["COLUMNS", "bargaining_data", "frontier", "plot_bargaining"]

COLUMNS = ("kind", "name", "disagreement", "x", "y")
"""Columns of the frame :func:`bargaining_data` returns, in order."""

SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai-smorodinsky": "Kalai-Smorodinsky",
    "variable threat": "variable threat",
}


def frontier(points: np.ndarray) -> np.ndarray:
    """The efficient frontier of the convex hull of 2-d ``points``, left to right.

    The vertices of the hull's upper-right boundary: the points no other
    point of the hull dominates, joined by straight segments (Andrew's
    monotone chain, Andrew 1979, "Another efficient algorithm for convex
    hulls in two dimensions", Information Processing Letters 9(5), on the
    undominated points). Turns are judged on the points scaled to the unit
    square, so the answer does not depend on the units.

    >>> frontier(np.array([[0, 0], [1, 0], [0, 1], [0.4, 0.4], [0.6, 0.6]])).tolist()
    [[0.0, 1.0], [0.6, 0.6], [1.0, 0.0]]
    """
    pts = np.unique(np.asarray(points, dtype=float), axis=0)
    low = pts.min(axis=0)
    span = np.where(np.ptp(pts, axis=0) > 0, np.ptp(pts, axis=0), 1.0)
    unit = (pts - low) / span
    # undominated points: walking from the right (highest x, then highest y first), keep a
    # point only if it is higher than every point to its right
    order = np.lexsort((unit[:, 1], unit[:, 0]))[::-1]
    keep: list[int] = []
    best_y = -np.inf
    for k in order:
        if unit[k, 1] > best_y + DEFAULT_TOL:
            keep.append(int(k))
            best_y = unit[k, 1]
    keep.reverse()
    chain: list[int] = []
    for k in keep:  # upper hull: drop points on or below the chord of their neighbours
        while len(chain) >= 2:
            a, b = unit[chain[-2]], unit[chain[-1]]
            cross = (b[0] - a[0]) * (unit[k, 1] - a[1]) - (b[1] - a[1]) * (unit[k, 0] - a[0])
            if cross >= -DEFAULT_TOL:
                chain.pop()
            else:
                break
        chain.append(k)
    return pts[chain]


def _points(scenario: Scenario) -> tuple[np.ndarray, list[str]]:
    """The two sides' payoffs at every deal the analysis bargains over, and the sides."""
    from ..analyses._record import profile_index
    from ..analyses.bargain import feasible_deals, two_sides

    spec = scenario.analysis
    game, game2, sides = two_sides(scenario, None, "bargaining")
    cols = [game.player_index(p) for p in sides]
    if spec.deal_levers:
        full, _ = feasible_deals(scenario, spec.deal, None)
    else:
        full = np.stack(
            [
                game.payoff_tensor[
                    (
                        slice(None),
                        *profile_index(game, {**spec.deal, **dict(zip(sides, pair, strict=True))}),
                    )
                ]
                for pair in itertools.product(*game2.strategies)
            ]
        )
    return full[:, cols], sides


def bargaining_data(scenario: Scenario | str | os.PathLike[str]) -> pd.DataFrame:
    """The feasible deals, their frontier, the disagreement points and the bargaining solutions.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with ``[analysis] deal`` and ``standoff`` profiles (a
        built-in name is loaded).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`; ``x`` and ``y`` are the payoffs of the two
        bargaining sides (``attrs["players"]``, in the analysis' order). One
        row per ``kind``: ``"feasible"`` (every deal the analysis evaluates),
        ``"frontier"`` (the vertices of the efficient frontier of their convex
        hull, left to right: :func:`frontier`), ``"deal"`` (the scenario's
        listed deal), ``"disagreement"`` (``name`` ``"one-shot equilibrium"``
        or ``"standoff"``, as the analysis uses them), ``"solution"``
        (``name`` ``"nash"`` or ``"kalai-smorodinsky"`` against the
        ``disagreement`` point named: the analysis' ``solutions`` table).
        ``name`` and ``disagreement`` are ``""`` where they do not apply.
        ``attrs`` holds ``title``, ``players``, ``units`` and ``caption``.

    Raises
    ------
    ParameterError
        The scenario has no deal and standoff to bargain over.

    Examples
    --------
    >>> frame = bargaining_data("tariff_prisoners_dilemma")
    >>> frame[frame.kind == "disagreement"][["name", "x", "y"]].values.tolist()
    [['one-shot equilibrium', 90.0, 90.0], ['standoff', 90.0, 90.0]]
    """
    from ..analyses import analyze
    from ..analyses._record import profile_index
    from ..analyses.bargain import two_sides

    function = "bargaining_data"
    scenario = load(scenario, function)
    require_analysis(scenario, "bargain", function)
    spec = scenario.analysis
    game, game2, sides = two_sides(scenario, None, "bargaining")
    cols = [game.player_index(p) for p in sides]
    points, _ = _points(scenario)
    rows: list[tuple[str, str, str, float, float]] = [
        ("feasible", "", "", float(x), float(y)) for x, y in points
    ]
    rows += [("frontier", "", "", float(x), float(y)) for x, y in frontier(points)]
    deal = game.payoff_tensor[(slice(None), *profile_index(game, spec.deal))][cols]
    rows.append(("deal", "listed deal", "", float(deal[0]), float(deal[1])))
    pure = [e for e in solve(game2) if e.pure]
    if len(pure) == 1:
        d = np.asarray(pure[0].payoffs, dtype=float)
        rows.append(("disagreement", "one-shot equilibrium", "", float(d[0]), float(d[1])))
    d = game.payoff_tensor[(slice(None), *profile_index(game, spec.standoff))][cols]
    rows.append(("disagreement", "standoff", "", float(d[0]), float(d[1])))
    table = analyze(scenario, "bargain").tables["solutions"]
    for _, sol in table.iterrows():
        rows.append(
            (
                "solution",
                str(sol["solution"]),
                str(sol["disagreement"]),
                float(sol[f"{sides[0]} payoff"]),
                float(sol[f"{sides[1]} payoff"]),
            )
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.attrs.update(
        {
            "title": scenario.title,
            "players": list(sides),
            "units": scenario.payoff_units,
            "caption": source_text(scenario)
            + " Solutions: Nash (1950), Kalai and Smorodinsky (1975), as the bargaining "
            "analysis computes them.",
        }
    )
    return frame


# ----------------------------------------------------------------- drawing
_DISAGREEMENT_COLOURS = {"one-shot equilibrium": PALETTE[0], "standoff": PALETTE[3]}
_SOLUTION_MARKERS = {"nash": "*", "kalai-smorodinsky": "D"}


def _point_text(x: float, y: float) -> str:
    return f"({number_text(x)}, {number_text(y)})"


def plot_bargaining(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Draw the bargaining frontier from :func:`bargaining_data`.

    The feasible deals are grey dots and their efficient frontier a black
    line; each disagreement point and the solutions against it share a
    colour, each solution concept has its marker, and the legend gives
    every marked point's payoffs.

    Parameters
    ----------
    data : pandas.DataFrame
        The frame :func:`bargaining_data` returns.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure.
    caption : str, optional
        Text under the figure; default the sources in ``data.attrs``; ``""`` for none.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = check_frame(data, COLUMNS, "plot_bargaining")
    fig, ax = axes_for(ax, figsize=(8.0, 5.2))
    attrs = data.attrs
    players = list(attrs.get("players") or ["first side", "second side"])
    units = attrs.get("units") or "payoff units not stated"

    _draw(ax, data, labels=True)
    zoom = _zoom_box(data)
    if zoom is not None:
        inner = ax.inset_axes(_emptiest_corner(ax, data, zoom))
        _draw(inner, data, labels=False)
        inner.set_xlim(zoom[0], zoom[1])
        inner.set_ylim(zoom[2], zoom[3])
        inner.tick_params(labelsize=6.5)
        inner.set_title("the frontier near the solutions", fontsize=7, loc="left")
        inner.grid(True, color="#eeeeee", linewidth=0.5)
        ax.indicate_inset_zoom(inner, edgecolor="#555555")
    ax.set_xlabel(wrap(f"{possessive(players[0])} payoff ({units})", 70))
    ax.set_ylabel(wrap(f"{possessive(players[1])} payoff ({units})", 50))
    title = attrs.get("title") or "Bargaining"
    ax.set_title(
        wrap(title, 60) + "\nbargaining frontier, disagreement points and solutions", loc="left"
    )
    style_axes(ax, grid="both")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7.5)
    put_caption(fig, caption_for(data, caption), width=caption_width(fig))
    return fig


def _zoom_box(data: pd.DataFrame) -> tuple[float, float, float, float] | None:
    """Limits of a close-up of the frontier and solutions, when they fill under 30% of the plot."""
    near = data[data["kind"].isin(["frontier", "solution"])]
    if (data["kind"] == "frontier").sum() < 2:
        return None
    full = (np.ptp(data["x"].to_numpy()), np.ptp(data["y"].to_numpy()))
    box = (np.ptp(near["x"].to_numpy()), np.ptp(near["y"].to_numpy()))
    if not all(f > 0 and b < 0.3 * f for f, b in zip(full, box, strict=True)):
        return None
    pad = [0.15 * b if b > 1e-3 * f else 0.01 * f for f, b in zip(full, box, strict=True)]
    return (
        float(near["x"].min() - pad[0]),
        float(near["x"].max() + pad[0]),
        float(near["y"].min() - pad[1]),
        float(near["y"].max() + pad[1]),
    )


def _emptiest_corner(
    ax: Axes, data: pd.DataFrame, zoom: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """Where to put the close-up: the corner of ``ax`` (40% of each side) with the fewest
    points in it and clear of the zoomed region, as ``(x0, y0, width, height)`` in axes units."""
    ax.autoscale_view()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    u = (data["x"].to_numpy() - x0) / (x1 - x0)
    v = (data["y"].to_numpy() - y0) / (y1 - y0)
    box_u = ((zoom[0] - x0) / (x1 - x0), (zoom[1] - x0) / (x1 - x0))
    box_v = ((zoom[2] - y0) / (y1 - y0), (zoom[3] - y0) / (y1 - y0))
    size = 0.4
    best: tuple[float, tuple[float, float, float, float]] | None = None
    # room is left for the close-up's own tick labels (left, below) and title (above)
    for cu, cv in ((0.57, 0.1), (0.14, 0.5), (0.14, 0.1), (0.57, 0.5)):
        inside = (
            (u >= cu - 0.03) & (u <= cu + size + 0.03) & (v >= cv - 0.03) & (v <= cv + size + 0.1)
        )
        overlaps = not (
            box_u[1] < cu or box_u[0] > cu + size or box_v[1] < cv or box_v[0] > cv + size
        )
        score = float(inside.sum()) + (1e9 if overlaps else 0.0)
        if best is None or score < best[0]:
            best = (score, (cu, cv, size, size))
    return best[1]  # type: ignore[index]


def _draw(ax: Axes, data: pd.DataFrame, *, labels: bool) -> None:
    """Draw the frame's points on ``ax`` (``labels``: name them for the legend)."""

    def part(kind: str) -> pd.DataFrame:
        return data[data["kind"] == kind]

    feasible = part("feasible")
    ax.scatter(
        feasible["x"],
        feasible["y"],
        s=7 if len(feasible) > 60 else 28,
        color="#c4c4c4",
        linewidths=0,
        zorder=1,
        # thousands of points: one embedded image keeps an SVG small
        rasterized=len(feasible) > 500,
        label=None if not labels else "feasible deals",
    )
    front = part("frontier")
    ax.plot(
        front["x"],
        front["y"],
        color="black",
        linewidth=1.6,
        zorder=2,
        label=None if not labels else "efficient frontier",
    )
    for _, row in part("deal").iterrows():
        ax.scatter(
            row["x"],
            row["y"],
            s=70,
            marker="P",
            color=PALETTE[2],
            edgecolor="black",
            linewidths=0.6,
            zorder=5,
            label=None if not labels else f"listed deal {_point_text(row['x'], row['y'])}",
        )
    for k, (_, row) in enumerate(part("disagreement").iterrows()):
        tint = _DISAGREEMENT_COLOURS.get(row["name"], "#444444")
        ax.scatter(
            row["x"],
            row["y"],
            s=170 * (1 + 0.7 * k),  # nested rings where disagreement points coincide
            marker="o",
            facecolor="none",
            edgecolor=tint,
            linewidths=2.2,
            zorder=4,
            label=None
            if not labels
            else f"disagreement: {row['name']} {_point_text(row['x'], row['y'])}",
        )
    against = list(dict.fromkeys(part("solution")["disagreement"]))
    for _, row in part("solution").iterrows():
        tint = _DISAGREEMENT_COLOURS.get(row["disagreement"], "#444444")
        name = SOLUTION_NAMES.get(row["name"], row["name"])
        nash = row["name"] == "nash"
        # solutions against later disagreement points are drawn larger and underneath, so
        # coinciding solutions show as nested markers
        later = len(against) - 1 - against.index(row["disagreement"])
        ax.scatter(
            row["x"],
            row["y"],
            s=(150 if nash else 50) * (1 + 1.2 * later),
            marker=_SOLUTION_MARKERS.get(row["name"], "X"),
            color=tint,
            edgecolor="black",
            linewidths=0.6,
            zorder=(7 if not nash else 6) + 2 * against.index(row["disagreement"]),
            label=None
            if not labels
            else wrap(f"{name} against the {row['disagreement']}", 44)
            + f"\n{_point_text(row['x'], row['y'])}",
        )
