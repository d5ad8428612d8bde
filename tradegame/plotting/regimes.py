"""Regime maps: which equilibrium outcome holds where on a two-parameter grid sweep.

:func:`regime_map_data` reads the table of :func:`tradegame.sweep` over a grid
of two parameters (one row per point, equilibrium and player) down to one
cell per grid point with its regime (the outcomes of all its equilibria,
:func:`tradegame.regimes.label_regimes`), and adds the switching thresholds
of :func:`tradegame.sweep_summary.summarize`, located by bisection on the
model along each grid line (:func:`tradegame.regimes.locate_switches`), so
the boundaries drawn are the model's, not the grid's spacing.
:func:`plot_regime_map` colours the cells by regime (Okabe-Ito colours) and
marks the thresholds.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..sweep import TABLE_COLUMNS
from ._style import NEUTRAL, PALETTE, as_scenario, axes_for, check_frame, style_axes
from ._style import caption as add_caption
from .sensitivity import short_source, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..scenario import Scenario

__all__ = ["plot_regime_map", "regime_map_data"]

REGIME_MAP_COLUMNS = ("kind", "x", "y", "regime", "code", "parameter", "below", "above")
REGIME_COLOURS: tuple[str, ...] = PALETTE[:7]
"""Colours of the regimes, most frequent first (Okabe-Ito without black, which marks the
thresholds); regimes beyond the seventh are drawn grey."""


def _axis_label(scenario: Scenario | None, name: str) -> tuple[str, str]:
    """``name (unit)`` and the parameter's source, from the scenario's parameter table."""
    if scenario is None or scenario.model == "explicit":
        return name, ""
    paths = scenario.payoff_model.resolve(name)
    if not paths:
        raise ParameterError(
            f"regime_map_data: {name!r} is not a parameter of {scenario.name}; pass the "
            "scenario the sweep ran on"
        )
    table = scenario.parameters().set_index("parameter")
    unit = str(table.loc[paths[0], "unit"] or "")
    return (f"{name} ({unit})" if unit else name), str(table.loc[paths[0], "source"] or "")


def regime_map_data(
    sweep_table: pd.DataFrame,
    x: str,
    y: str,
    *,
    thresholds: Any = None,
    scenario: Scenario | str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """The regime of every grid point of a two-parameter sweep, and its thresholds.

    Parameters
    ----------
    sweep_table : DataFrame
        From :func:`tradegame.sweep` over a grid of ``x`` and ``y`` (every
        combination of their values; no random draws, any other parameter
        fixed).
    x, y : str
        The two swept parameters (columns of the table), drawn across and up.
    thresholds : DataFrame or SweepSummary, optional
        The ``thresholds`` of :func:`tradegame.sweep_summary.summarize` on
        that sweep (or the summary itself); rows along other parameters are
        left out.
    scenario : Scenario, str or path, optional
        The scenario swept: gives the axes their units and the caption its
        sources.

    Returns
    -------
    DataFrame
        ``kind`` (``"cell"`` for a grid point, ``"threshold"`` for a switch),
        ``x``, ``y``, ``regime`` and ``code`` (the regime's index in
        ``attrs["regimes"]``, most frequent first, ties by label; -1 for a
        threshold), and for thresholds ``parameter`` (the one bisected),
        ``below`` and ``above`` (the regimes on either side). Cells in the
        order x, then y; thresholds in the summary's order. ``attrs``: ``x``
        and ``y`` (names), ``x_label`` and ``y_label`` (with units),
        ``regimes``, ``cells`` (per regime), ``players`` (the order of the
        strategies in a regime label), ``title``, ``sources`` (of the two
        parameters) and ``citation`` (the scenario's).

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.plotting.regimes import regime_map_data
    >>> table = tg.sweep("tariff_war_2025", grid={"us_imports_china.eps_s": [1.0, 19.0],
    ...                                           "china_imports_us.eps_s": [1.0, 19.0]})
    >>> cells = regime_map_data(table, "us_imports_china.eps_s", "china_imports_us.eps_s")
    >>> cells[["x", "y", "regime"]]
         x     y                           regime
    0  1.0   1.0  raise to 51.1% / raise to 32.6%
    1  1.0  19.0     raise to 51.1% / keep 21.2%
    2 19.0   1.0     keep 20.8% / raise to 32.6%
    3 19.0  19.0          keep 20.8% / keep 21.2%
    """
    from ..sweep_summary import SweepSummary

    table = check_frame(sweep_table, ["point", "regime"], "regime_map_data")
    for name, axis in ((x, "x"), (y, "y")):
        if not isinstance(name, str) or name not in table.columns or name in TABLE_COLUMNS:
            swept = [c for c in table.columns if c not in TABLE_COLUMNS]
            raise ParameterError(
                f"regime_map_data: {axis}={name!r} is not a swept parameter of the table; "
                f"swept: {', '.join(swept) or 'none'}"
            )
    if x == y:
        raise ParameterError("regime_map_data: x and y must be two different parameters")
    scen = None if scenario is None else as_scenario(scenario, "regime_map_data")
    points = table.drop_duplicates("point")
    for other in table.columns:
        if other in TABLE_COLUMNS or other in (x, y):
            continue
        if points[other].nunique(dropna=False) > 1:
            raise ParameterError(
                f"regime_map_data: the sweep also varies {other}; keep one value of it "
                f"(table[table[{other!r}] == value]) or sweep x and y alone"
            )
    xs = np.unique(points[x].to_numpy(dtype=float))
    ys = np.unique(points[y].to_numpy(dtype=float))
    if len(xs) < 2 or len(ys) < 2:
        raise ParameterError(
            "regime_map_data: a regime map needs at least two values of each parameter; "
            f"got {len(xs)} of {x} and {len(ys)} of {y}"
        )
    if points.duplicated([x, y]).any():
        raise ParameterError(
            "regime_map_data: several points share a grid cell (random draws?); a regime map "
            "needs one point per (x, y): sweep a grid without draws"
        )
    if len(points) != len(xs) * len(ys):
        raise ParameterError(
            f"regime_map_data: the points do not form a full grid ({len(points)} points for "
            f"{len(xs)} x {len(ys)} values); sweep every combination of x and y"
        )
    cells = pd.DataFrame(
        {
            "x": points[x].to_numpy(dtype=float),
            "y": points[y].to_numpy(dtype=float),
            "regime": points["regime"].astype(str).to_numpy(dtype=object),
        }
    ).sort_values(["x", "y"], kind="stable")
    counts = cells["regime"].value_counts()
    regimes = sorted(counts.index, key=lambda r: (-int(counts[r]), r))
    code = {r: k for k, r in enumerate(regimes)}
    cells["kind"] = "cell"
    cells["code"] = cells["regime"].map(code).astype(np.int64)
    cells["parameter"] = None
    cells["below"] = None
    cells["above"] = None
    frames = [cells]
    if isinstance(thresholds, SweepSummary):
        thresholds = thresholds.thresholds
    if thresholds is not None:
        columns = ["parameter", "value", "below", "above"]
        if not isinstance(thresholds, pd.DataFrame) or len(thresholds):
            found = check_frame(thresholds, columns, "regime_map_data(thresholds=)")
        else:  # the regime does not switch within the grid
            found = thresholds
        rows = []
        for axis, other in ((x, y), (y, x)):
            mine = found[found["parameter"] == axis] if len(found) else found.iloc[0:0]
            if not len(mine):
                continue
            if other not in mine.columns:
                raise ParameterError(
                    f"regime_map_data: the thresholds along {axis} do not say at which {other} "
                    "they lie; pass the thresholds of this two-parameter sweep"
                )
            at = mine["value"].to_numpy(dtype=float)
            fixed = mine[other].to_numpy(dtype=float)
            rows.append(
                pd.DataFrame(
                    {
                        "kind": "threshold",
                        "x": at if axis == x else fixed,
                        "y": fixed if axis == x else at,
                        "regime": None,
                        "code": -1,
                        "parameter": axis,
                        "below": mine["below"].astype(str).to_numpy(dtype=object),
                        "above": mine["above"].astype(str).to_numpy(dtype=object),
                    }
                )
            )
        frames += rows
    frame = pd.concat(frames, ignore_index=True)[list(REGIME_MAP_COLUMNS)]
    x_label, x_source = _axis_label(scen, x)
    y_label, y_source = _axis_label(scen, y)
    first = table.loc[table["point"] == points["point"].iloc[0]]
    players = list(dict.fromkeys(first["player"])) if "player" in table.columns else []
    frame.attrs.update(
        {
            "x": x,
            "y": y,
            "x_label": x_label,
            "y_label": y_label,
            "regimes": regimes,
            "cells": {r: int(counts[r]) for r in regimes},
            "players": [str(p) for p in players],
            "title": scen.title if scen is not None else "",
            "sources": [s for s in (x_source, y_source) if s],
            "citation": scen.citation if scen is not None else "",
        }
    )
    return frame


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around grid values: midway between neighbours, half a step beyond the ends."""
    mid = (values[1:] + values[:-1]) / 2
    return np.concatenate([[2 * values[0] - mid[0]], mid, [2 * values[-1] - mid[-1]]])


def plot_regime_map(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Colour every grid cell by its regime and mark the switching thresholds.

    Parameters
    ----------
    data : DataFrame
        From :func:`regime_map_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: how the map was made and the sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    data = check_frame(data, ["kind", "x", "y", "code"], "plot_regime_map")
    cells = data[data["kind"] == "cell"]
    if cells.empty:
        raise ParameterError("plot_regime_map: the data hold no grid cells; nothing to draw")
    xs = np.unique(cells["x"].to_numpy(dtype=float))
    ys = np.unique(cells["y"].to_numpy(dtype=float))
    grid = np.full((len(ys), len(xs)), -1, dtype=np.int64)
    grid[np.searchsorted(ys, cells["y"]), np.searchsorted(xs, cells["x"])] = cells["code"]
    regimes = list(data.attrs.get("regimes") or [])
    n = max(int(cells["code"].max()) + 1, len(regimes))
    colours = [REGIME_COLOURS[k] if k < len(REGIME_COLOURS) else NEUTRAL for k in range(n)]
    sources = data.attrs.get("sources") or []
    citation = data.attrs.get("citation") or ""
    default = (
        "Each cell: the regime (the outcomes of all equilibria, strategies in player order) at "
        "that grid point of the sweep; thresholds located by bisection on the model along each "
        "grid line."
        + (f" Sources: {'; '.join(dict.fromkeys(map(short_source, sources)))}" if sources else "")
        + (f"{';' if sources else ' Sources:'} {citation}" if citation else "")
    )
    text = caption if caption is not None else default
    # the legend sits right of the map: the figure is as tall as the legend, plus the caption
    legend_lines = sum(wrap(h, 34).count("\n") + 1.5 for h in regimes[: len(REGIME_COLOURS)])
    caption_lines = len(text) / 110 + 1 if text else 0
    height = 1.2 + max(2.8, 0.16 * (legend_lines + 8)) + 0.12 * caption_lines
    fig, ax = axes_for(ax, figsize=(8.0, height))
    ax.pcolormesh(
        _edges(xs),
        _edges(ys),
        grid,
        cmap=ListedColormap(colours),
        norm=BoundaryNorm(np.arange(-0.5, n + 0.5), n),
        shading="flat",
        rasterized=len(xs) * len(ys) > 4096,
    )
    handles: list[Any] = []
    counts = data.attrs.get("cells", {})
    for k in range(min(n, len(REGIME_COLOURS))):
        name = regimes[k] if k < len(regimes) else f"regime {k}"
        share = f" ({counts[name] / len(cells):.0%})" if name in counts else ""
        handles.append(Patch(facecolor=colours[k], label=wrap(name + share, 34)))
    if n > len(REGIME_COLOURS):
        handles.append(Patch(facecolor=NEUTRAL, label=f"{n - len(REGIME_COLOURS)} other regimes"))
    found = data[data["kind"] == "threshold"]
    x_name, y_name = data.attrs.get("x", "x"), data.attrs.get("y", "y")
    for axis, marker in ((x_name, "|"), (y_name, "_")):
        mine = found[found["parameter"] == axis] if "parameter" in found else found.iloc[0:0]
        if not len(mine):
            continue
        ax.plot(
            mine["x"],
            mine["y"],
            linestyle="none",
            marker=marker,
            markersize=7,
            markeredgewidth=1.4,
            color="black",
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=7,
                markeredgewidth=1.4,
                color="black",
                label=wrap(f"switch along {axis} (bisection on the model)", 34),
            )
        )
    ax.set_xlim(_edges(xs)[[0, -1]])
    ax.set_ylim(_edges(ys)[[0, -1]])
    ax.set_xlabel(data.attrs.get("x_label", x_name))
    ax.set_ylabel(data.attrs.get("y_label", y_name))
    title = "Regimes of the sweep"
    if data.attrs.get("title"):
        title += f": {data.attrs['title']}"
    ax.set_title(wrap(title, 70), loc="left")
    style_axes(ax, grid=None)
    players = data.attrs.get("players") or []
    legend = ax.legend(
        handles=handles,
        title=wrap("Regime (" + " / ".join(players) + ")", 34) if players else "Regime",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0.0,
        frameon=False,
        alignment="left",
        fontsize=8,
    )
    legend.get_title().set_fontsize(8)
    add_caption(fig, text)
    return fig
