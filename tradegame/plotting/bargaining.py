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

import os
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..solvers import DEFAULT_TOL, solve
from ._style import PALETTE, analysis_of, as_scenario, axes_for, check_frame, style_axes
from ._style import caption as put_caption
from .payoffs import (
    caption_for,
    caption_width,
    number_text,
    possessive,
    require_analysis,
    source_text,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analyses import Analysis
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
    from ..analyses.bargain import deal_set, two_sides

    game, game2, sides = two_sides(scenario, None, "bargaining")
    full, _ = deal_set(scenario, game, game2, sides, None)
    return full[:, [game.player_index(p) for p in sides]], sides


def bargaining_data(
    scenario: Scenario | str | os.PathLike[str], *, analysis: Analysis | None = None
) -> pd.DataFrame:
    """The feasible deals, their frontier, the disagreement points and the bargaining solutions.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with ``[analysis] deal`` and ``standoff`` profiles (a
        built-in name is loaded).
    analysis : Analysis, optional
        The scenario's ``bargain`` analysis when already run (reports pass theirs);
        default: run it now.

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
    from ..analyses._record import profile_index
    from ..analyses.bargain import two_sides

    function = "bargaining_data"
    scenario = as_scenario(scenario, function)
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
    table = analysis_of(scenario, "bargain", analysis, function).tables["solutions"]
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
    every marked point's payoffs. Marks that would overlap (solutions that
    coincide, or the listed deal on a solution) are fanned out on a small
    arc, each tied by a thin line to their common point, which carries a
    dot. When the solutions crowd a corner of the plot, a close-up (with
    its axes named by the players) shows the frontier near them.

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

    fanned = _draw(ax, data, labels=True)
    zoom = _zoom_box(data)
    if zoom is not None:
        inner = ax.inset_axes(_emptiest_corner(ax, data, zoom))
        _draw(inner, data, labels=False, limits=zoom)
        inner.tick_params(labelsize=6.5, pad=1.5)
        inner.set_xlabel(f"{possessive(players[0])} payoff", fontsize=6.5, labelpad=1.5)
        inner.set_ylabel(f"{possessive(players[1])} payoff", fontsize=6.5, labelpad=1.5)
        inner.set_title("the frontier near the solutions", fontsize=7, loc="left")
        inner.grid(True, color="#eeeeee", linewidth=0.5)
        ax.indicate_inset_zoom(inner, edgecolor="#555555")
    if fanned:
        ax.plot(
            [],
            [],
            color="#555555",
            linewidth=0.6,
            marker=".",
            markersize=5,
            markerfacecolor="black",
            markeredgecolor="black",
            label=wrap("coinciding marks fanned out around their point (the dot)", 44),
        )
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
    size = 0.38
    best: tuple[float, tuple[float, float, float, float]] | None = None
    # room is left for the close-up's own tick and axis labels (left, below) and title
    for cu, cv in ((0.57, 0.14), (0.17, 0.52), (0.17, 0.14), (0.57, 0.52)):
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


_FAN_RADIUS = 16.0  # least distance, in points, from a shared point to each fanned-out mark
_GAP = 14.0  # marks whose centres are closer than this many points would overlap


def _clusters(points: np.ndarray) -> list[list[int]]:
    """Groups of marks whose positions (in points) chain within :data:`_GAP` of each other."""
    groups: list[list[int]] = []
    for k in range(len(points)):
        near = [g for g in groups if any(np.hypot(*(points[k] - points[j])) < _GAP for j in g)]
        merged = [k] + [j for g in near for j in g]
        groups = [g for g in groups if g not in near] + [sorted(merged)]
    return sorted(groups)


def _fan(
    centre: np.ndarray, count: int, obstacles: np.ndarray, box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Offsets in points of ``count`` marks spread on an arc around ``centre`` (in points).

    The arc's radius keeps neighbours from overlapping; of the directions tried (every
    30 degrees) it faces the one that keeps the marks inside ``box`` (the axes, ``x0, y0, x1,
    y1`` in points) and farthest from the ``obstacles`` (other marks and the disagreement
    points), the middle of the axes breaking ties."""
    spread = min(np.radians(150.0), np.radians(50.0) * (count - 1))
    step = spread / (count - 1)
    radius = max(_FAN_RADIUS, _GAP / (2 * np.sin(step / 2)))
    middle = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
    towards = float(np.arctan2(*(middle - centre)[::-1]))
    best: tuple[float, list[tuple[float, float]]] | None = None
    for turn in np.radians(np.arange(0.0, 360.0, 30.0)):
        angles = towards + turn + np.linspace(-spread / 2, spread / 2, count)
        offsets = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
        placed = centre + offsets
        outside = np.clip(
            np.maximum.reduce(
                [
                    box[0] - placed[:, 0],
                    placed[:, 0] - box[2],
                    box[1] - placed[:, 1],
                    placed[:, 1] - box[3],
                ]
            )
            + 8.0,
            0.0,
            None,
        ).sum()
        clear = (
            float(
                np.min(np.hypot(*(placed[:, None, :] - obstacles[None, :, :]).transpose(2, 0, 1)))
            )
            if len(obstacles)
            else 1e3
        )
        score = min(clear, 3 * _GAP) - 10.0 * outside - 0.01 * min(turn, 2 * np.pi - turn)
        if best is None or score > best[0]:
            best = (score, [(float(a), float(b)) for a, b in offsets])
    return best[1]  # type: ignore[index]


def _draw(
    ax: Axes,
    data: pd.DataFrame,
    *,
    labels: bool,
    limits: tuple[float, float, float, float] | None = None,
) -> bool:
    """Draw the frame's points on ``ax`` (``labels``: name them for the legend; ``limits``:
    the view, default fitted to the data). The listed deal and the solutions are marks; marks
    that would overlap at this view are fanned out around their point, each joined to it by a
    thin line, with a dot on the point. Returns whether any were fanned out."""
    from matplotlib.transforms import ScaledTranslation

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
    # the view is fixed before the marks go on, so that where marks coincide is judged at it
    if limits is None:
        ax.autoscale_view()
        limits = (*ax.get_xlim(), *ax.get_ylim())
    ax.set_xlim(limits[0], limits[1])
    ax.set_ylim(limits[2], limits[3])
    marks = []  # (x, y, scatter keywords)
    for _, row in part("deal").iterrows():
        marks.append(
            (
                float(row["x"]),
                float(row["y"]),
                {
                    "s": 70,
                    "marker": "P",
                    "color": PALETTE[2],
                    "zorder": 5,
                    "label": None
                    if not labels
                    else f"listed deal {_point_text(row['x'], row['y'])}",
                },
            )
        )
    for _, row in part("solution").iterrows():
        tint = _DISAGREEMENT_COLOURS.get(row["disagreement"], "#444444")
        name = SOLUTION_NAMES.get(row["name"], row["name"])
        nash = row["name"] == "nash"
        marks.append(
            (
                float(row["x"]),
                float(row["y"]),
                {
                    "s": 150 if nash else 55,
                    "marker": _SOLUTION_MARKERS.get(row["name"], "X"),
                    "color": tint,
                    "zorder": 6 if nash else 7,
                    "label": None
                    if not labels
                    else wrap(f"{name} against the {row['disagreement']}", 44)
                    + f"\n{_point_text(row['x'], row['y'])}",
                },
            )
        )
    if not marks:
        return False
    fig = ax.get_figure(root=True)
    scale = 72.0 / fig.dpi  # display pixels to points
    # where the marks fall on the page (the layout may shrink the axes a little later)
    points = ax.transData.transform(np.array([(x, y) for x, y, _ in marks])) * scale
    rings = part("disagreement")[["x", "y"]].to_numpy(dtype=float).reshape(-1, 2)
    box = tuple(float(b) * scale for b in ax.bbox.extents)
    fanned = False
    for group in _clusters(points):
        if len(group) == 1:
            offsets = [(0.0, 0.0)]
        else:
            others = np.vstack(
                [
                    np.delete(points, group, axis=0),
                    ax.transData.transform(rings) * scale if len(rings) else np.empty((0, 2)),
                ]
            )
            offsets = _fan(points[group].mean(axis=0), len(group), others, box)  # type: ignore[arg-type]
        # fanned marks sit around the group's middle, so their spacing is the arc's; a thin
        # line ties each to that middle and a dot marks each true point
        cx, cy = np.mean([marks[k][:2] for k in group], axis=0)
        for k, (dx, dy) in zip(group, offsets, strict=True):
            x, y, style = marks[k]
            at = (x, y) if len(group) == 1 else (float(cx), float(cy))
            shift = ScaledTranslation(dx / 72, dy / 72, fig.dpi_scale_trans)
            ax.scatter(
                [at[0]],
                [at[1]],
                transform=ax.transData + shift,
                edgecolor="black",
                linewidths=0.6,
                clip_on=len(group) == 1,
                **style,
            )
            if len(group) > 1:
                ax.annotate(
                    "",
                    xy=at,
                    xytext=(dx, dy),
                    textcoords="offset points",
                    arrowprops={
                        "arrowstyle": "-",
                        "color": "#555555",
                        "linewidth": 0.6,
                        "shrinkA": 0,
                        "shrinkB": 0,
                    },
                    zorder=3,
                )
                ax.scatter([x], [y], s=9, color="black", linewidths=0, zorder=9)
        fanned |= len(group) > 1
    return fanned
