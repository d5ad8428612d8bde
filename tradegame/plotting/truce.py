"""Will the deal hold? Each player's critical discount factor against the breakdown risk.

A deal repeated every year is self-enforcing for a player while the value it
puts on next year, the discount factor ``delta``, is at least the player's
critical ``delta*`` (Friedman 1971, "A non-cooperative equilibrium for
supergames", *Review of Economic Studies* 38(1), 1-12, for Nash reversion;
Abreu 1988, *Econometrica* 56(2), 383-396, for optimal punishments). If the
deal also ends each year with probability ``p`` for reasons outside the
players' hands and money earns ``r`` a year, ``delta = (1 - p) / (1 + r)``
(Mailath and Samuelson 2006, *Repeated Games and Reputations*, section 2.1;
Bagwell and Staiger 1990 for trade agreements), so the deal holds while
``p <= 1 - delta* (1 + r)``: the largest yearly breakdown risk it survives
(:func:`tradegame.repeated.breakdown_risk`).

:func:`truce_data` takes ``delta*`` and that largest risk from the truce
analysis (:func:`tradegame.analyze` ``(scenario, "truce")``) unchanged;
:func:`plot_truce` draws the discount factor as the breakdown risk grows, at
the scenario's interest rate, against each player's ``delta*``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._style import analysis_of, as_scenario, axes_for, check_frame, colour, style_axes
from ._style import caption as add_caption
from .sensitivity import panels, put_legend, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analyses import Analysis
    from ..scenario import Scenario

__all__ = ["plot_truce", "truce_data"]

TRUCE_COLUMNS = (
    "player",
    "punishment",
    "delta_star",
    "max_breakdown_risk",
    "interest_rate",
    "valid",
    "cooperative_payoff",
    "deviation_payoff",
    "punishment_payoff",
    "gain_from_deviation",
    "best_deviation",
)
PUNISHMENT_NAMES = {
    "nash-reversion": "Nash reversion",
    "optimal": "best one-year stick",
    "minmax": "minmax",
    "stick-and-carrot": "stick and carrot",
}
_STYLES = {"nash-reversion": "-", "optimal": "--", "minmax": ":", "stick-and-carrot": "-."}


def truce_data(
    scenario: Scenario | str | os.PathLike[str],
    *,
    punishments: Sequence[str] = ("nash-reversion", "optimal"),
    analysis: Analysis | None = None,
) -> pd.DataFrame:
    """Each player's critical discount factor and the largest breakdown risk the deal survives.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with an ``[analysis] deal`` (``"truce"`` among
        :func:`tradegame.analyses.available`).
    punishments : sequence of str, optional
        Which rows of the analysis' table (``"nash-reversion"``,
        ``"optimal"``, ``"minmax"``; finite ones as ``"finite-L"``).
    analysis : Analysis, optional
        The scenario's ``truce`` analysis when already run (reports pass theirs);
        default: run it now.

    Returns
    -------
    DataFrame
        One row per punishment and player with a choice (players with a
        single strategy cannot breach): ``player``, ``punishment``,
        ``delta_star`` (``inf``: no discount factor below 1 sustains the
        deal), ``max_breakdown_risk`` (at the scenario's interest rate),
        ``interest_rate``, ``valid`` (the punishment is credible),
        ``cooperative_payoff``, ``deviation_payoff``, ``punishment_payoff``,
        ``gain_from_deviation`` and ``best_deviation``, all as the truce
        analysis' table has them. ``attrs``: ``scenario``, ``title``,
        ``deal``, ``interest_rate``, ``units``, ``citation``, ``findings``.

    Examples
    --------
    The prisoners' dilemma of Suranovic (2010): temptation 120, deal 100,
    standoff 90, so ``delta* = (120 - 100) / (120 - 90) = 2/3`` at zero interest.

    >>> from tradegame.plotting.truce import truce_data
    >>> t = truce_data("tariff_prisoners_dilemma", punishments=["nash-reversion"])
    >>> t[["player", "delta_star", "max_breakdown_risk"]].round(4)
              player  delta_star  max_breakdown_risk
    0  United States      0.6667              0.3333
    1         Brazil      0.6667              0.3333
    """
    from ..analyses import available

    scen = as_scenario(scenario, "truce_data")
    if "truce" not in available(scen):
        raise ParameterError(
            f"truce_data: {scen.name} has no truce analysis (it needs an [analysis] deal "
            f"profile); it offers: {', '.join(available(scen)) or 'none'}"
        )
    if isinstance(punishments, str) or not isinstance(punishments, Sequence) or not punishments:
        raise ParameterError(
            f"truce_data: punishments must be a list of names such as ['nash-reversion']; "
            f"got {punishments!r}"
        )
    result = analysis_of(scen, "truce", analysis, "truce_data")
    table = result.tables["truce"]
    offered = list(dict.fromkeys(table["punishment"]))
    unknown = [p for p in punishments if p not in offered]
    if unknown:
        raise ParameterError(
            f"truce_data: unknown punishment {unknown[0]!r}; the analysis has {', '.join(offered)}"
        )
    rate = float(result.depends_on["interest_rate"])
    rows = table[table["punishment"].isin(list(punishments)) & table["best_deviation"].notna()]
    order = {p: k for k, p in enumerate(dict.fromkeys(punishments))}
    rows = rows.assign(_order=rows["punishment"].map(order)).sort_values("_order", kind="stable")
    frame = pd.DataFrame(
        {
            "player": rows["player"].astype(str).to_numpy(dtype=object),
            "punishment": rows["punishment"].astype(str).to_numpy(dtype=object),
            "delta_star": rows["delta_star"].to_numpy(dtype=float),
            "max_breakdown_risk": rows["max_breakdown_risk"].to_numpy(dtype=float),
            "interest_rate": rate,
            "valid": rows["valid"].to_numpy(dtype=bool),
            "cooperative_payoff": rows["cooperative_payoff"].to_numpy(dtype=float),
            "deviation_payoff": rows["deviation_payoff"].to_numpy(dtype=float),
            "punishment_payoff": rows["punishment_payoff"].to_numpy(dtype=float),
            "gain_from_deviation": rows["gain_from_deviation"].to_numpy(dtype=float),
            "best_deviation": rows["best_deviation"].astype(str).to_numpy(dtype=object),
        },
        columns=list(TRUCE_COLUMNS),
    )
    frame.attrs.update(
        {
            "scenario": scen.name,
            "title": scen.title,
            "deal": dict(result.extra["deal"]),
            "interest_rate": rate,
            "units": scen.payoff_units,
            "citation": scen.citation,
            "findings": list(result.findings),
        }
    )
    return frame


def _percent(p: float) -> str:
    return f"{p:.1%}" if p >= 0.001 or p == 0 else f"{p:.2g}"


NEAR_ZERO = 0.05
"""A ``delta*`` below this (but above 0) has its value written on its line, which would
otherwise be hard to tell from the axis."""
_STRIP = 0.08  # height, in discount-factor units, of each band's bracket strip under delta = 0


def plot_truce(data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None) -> Figure:
    """The discount factor against the yearly breakdown risk, with each player's delta*.

    The black line is ``delta(p) = (1 - p) / (1 + r)`` at the scenario's
    interest rate ``r``. Each player's ``delta*`` (colour; line style by
    punishment) is a level: solid up to the breakdown risk ``p`` where the
    black line falls below it (the largest risk the deal survives, marked
    with a dot), faint beyond; a ``delta*`` under 0.05 has its value written
    on the line. Shaded: the risks under which every player keeps the deal,
    one band per punishment, each with a bracket under ``delta = 0`` giving
    its width (so a narrow band stays legible). Only real levels are drawn:
    a ``delta*`` of 0 (the deal holds at any discount factor) or above 1
    or infinite (no discount factor sustains it) is a legend entry without
    a line; a ``delta*`` between ``delta(0)`` and 1 (never sustained at
    this interest rate) is drawn faint at its level, with a cross at ``p = 0``.

    Parameters
    ----------
    data : DataFrame
        From :func:`truce_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: the rule and the sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = check_frame(
        data,
        ["player", "punishment", "delta_star", "max_breakdown_risk", "interest_rate"],
        "plot_truce",
    )
    rate = float(data["interest_rate"].iloc[0])
    legend_row = None
    if ax is None:
        fig, (ax,), legend_row = panels([3.4], width=7.2, legend=0.2 * (len(data) + 2) + 0.1)
    else:
        fig, ax = axes_for(ax)
    p = np.array([0.0, 1.0])
    ax.plot(
        p,
        (1 - p) / (1 + rate),
        color="black",
        linewidth=1.6,
        label=f"δ(p) = (1 − p)/(1 + r) at r = {rate:.1%} a year",
    )
    players = list(dict.fromkeys(data["player"]))
    punishments = list(dict.fromkeys(data["punishment"]))
    bands: dict[float, list[str]] = {}  # punishments with the same combined risk share a band
    for punishment in punishments:
        together = float(data.loc[data["punishment"] == punishment, "max_breakdown_risk"].min())
        if together > 0:
            bands.setdefault(together, []).append(PUNISHMENT_NAMES.get(punishment, punishment))
    bottom = -0.04 - _STRIP * len(bands)
    for k, (together, names) in enumerate(bands.items()):
        _draw_band(ax, together, names, -0.04 - _STRIP * (k + 0.5))
    levelless = []  # legend entries of rows with no level to draw, listed last
    for row in data.itertuples():
        c = colour(players.index(row.player))
        style = _STYLES.get(str(row.punishment), "-")
        name = PUNISHMENT_NAMES.get(str(row.punishment), str(row.punishment))
        d, risk = float(row.delta_star), float(row.max_breakdown_risk)
        credible = "" if bool(getattr(row, "valid", True)) else ", not credible"
        who = f"{row.player}, {name}"
        if not math.isfinite(d) or d > 1.0:
            value = "∞" if not math.isfinite(d) else f"{d:.3g}"
            levelless.append(
                f"{who}: δ* = {value}, never holds: no discount factor sustains the deal "
                f"(no line){credible}"
            )
            continue
        if d <= 0.0:
            levelless.append(
                f"{who}: δ* = 0, holds at any discount factor, for p ≤ {_percent(risk)} "
                f"(no line){credible}"
            )
            continue
        if d >= 1.0 / (1.0 + rate):
            ax.plot([0.0, 1.0], [d, d], color=c, linestyle=style, linewidth=1.0, alpha=0.35)
            ax.plot(
                [0.0],
                [d],
                marker="X",
                markersize=8,
                color=c,
                linestyle="none",
                clip_on=False,
                label=f"{who}: δ* = {d:.3g}, never holds (above δ at p = 0){credible}",
            )
            continue
        ax.plot(
            [0.0, risk],
            [d, d],
            color=c,
            linestyle=style,
            linewidth=2.2,
            solid_capstyle="butt",
            label=f"{who}: δ* = {d:.3g}, holds for p ≤ {_percent(risk)}{credible}",
        )
        if risk < 1.0:
            ax.plot([risk, 1.0], [d, d], color=c, linestyle=style, linewidth=1.0, alpha=0.35)
        ax.plot(
            [risk],
            [d],
            marker="o",
            markersize=6,
            color=c,
            linestyle="none",
            clip_on=False,
            markeredgecolor="white",
            markeredgewidth=0.8,
        )
        if d < NEAR_ZERO:  # a level this close to the axis: write it on the line
            ax.annotate(
                f"δ* = {d:.2g} ({who})",
                (risk / 2, d),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=c,
            )
    for label in levelless:  # a legend entry only: nothing is drawn at a level it lacks
        ax.plot([], [], linestyle="none", label=label)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(bottom, 1.04)
    ax.set_yticks(np.linspace(0.0, 1.0, 6))
    ax.set_xlabel("yearly risk p that the deal breaks down for outside reasons (probability)")
    ax.set_ylabel(wrap("discount factor δ (value of next year's payoff, per year)", 40))
    title = "Is the deal self-enforcing?"
    if data.attrs.get("title"):
        title += f" {data.attrs['title']}"
    ax.set_title(title, loc="left")
    style_axes(ax, grid="both")
    handles, _ = ax.get_legend_handles_labels()
    put_legend(ax, handles, legend_row, ncols=1)
    default = (
        "A player keeps the deal while δ ≥ δ* (its critical discount factor): up to the dot "
        "where the black line crosses its level (Mailath and Samuelson 2006, section 2.1). "
        "δ* from the truce analysis with one-lever deviations (tradegame.analyses.truce)."
        + (f" Sources: {data.attrs['citation']}" if data.attrs.get("citation") else "")
    )
    add_caption(fig, caption if caption is not None else default)
    return fig


_BAND_INK = "#00664A"  # a darker bluish green than the band's fill, for its bracket and text


def _draw_band(ax: Axes, together: float, names: list[str], y: float) -> None:
    """Shade ``p <= together`` and bracket it at height ``y`` (under delta = 0) with its width
    written out, beside the bracket when the band is too narrow to hold the text."""
    ax.axvspan(0.0, together, color=colour(2), alpha=0.12, linewidth=0)
    if together < 1.0:
        ax.axvline(together, color=colour(2), linewidth=0.9, alpha=0.8)
    label = f"every player keeps the deal ({', '.join(names)}): p ≤ {_percent(together)}"
    ax.plot([], [], color=colour(2), alpha=0.3, linewidth=6, label=label)
    ax.annotate(
        "",
        xy=(0.0, y),
        xytext=(together, y),
        arrowprops={
            "arrowstyle": "|-|,widthA=0.25,widthB=0.25",
            "color": _BAND_INK,
            "linewidth": 1.1,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        annotation_clip=False,
    )
    full = f"p ≤ {_percent(together)}: every player keeps the deal ({', '.join(names)})"
    short = f"p ≤ {_percent(together)}"
    # the text's width as a share of the axes (measured in 7.5-point type against the axes'
    # width before the layout, which errs wide): beside the bracket where there is room, else
    # inside it, else just the width
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    fig = ax.get_figure(root=True)
    axes_pt = max(ax.bbox.width * 72.0 / fig.dpi, 1.0)
    font = FontProperties(size=7.5)

    def share(text: str) -> float:
        return TextToPath().get_text_width_height_descent(text, font, ismath=False)[0] / axes_pt

    inside = {"facecolor": "white", "edgecolor": "none", "pad": 1.0}
    if share(full) < 1.0 - together - 0.02:
        x, text, ha, box = together + 0.012, full, "left", None
    elif share(full) < together - 0.04:
        x, text, ha, box = together / 2, full, "center", inside
    elif share(short) < together - 0.04:
        x, text, ha, box = together / 2, short, "center", inside
    else:
        x, text, ha, box = together + 0.012, short, "left", None
    ax.text(x, y, text, ha=ha, va="center", fontsize=7.5, color=_BAND_INK, bbox=box)
