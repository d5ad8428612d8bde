"""Alliances: which memberships are self-enforcing, and what each member's fair share is.

Both figures read the alliance analysis (:func:`tradegame.analyze`
``(scenario, "alliance")``, :mod:`tradegame.analyses.alliance`):

- :func:`alliance_data` / :func:`plot_alliance`: every possible membership,
  grouped by size, with the members' and the outsiders' mean payoffs and
  whether it is internally stable (no member gains by leaving) and
  externally stable (no outsider gains by joining): the club stability of
  d'Aspremont, Jacquemin, Gabszewicz and Weymark (1983), "On the stability of
  collusive price leadership", *Canadian Journal of Economics* 16(1), 17-25,
  as Barrett (1994), "Self-enforcing international environmental
  agreements", *Oxford Economic Papers* 46, 878-894, applies it to treaties;
- :func:`shapley_data` / :func:`plot_shapley`: each member's payoff in the
  grand alliance against its Shapley value (Shapley 1953), the nucleolus
  (Schmeidler 1969) and a core point (Gillies 1959) of the coalition game of
  the alliance's gains.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ._style import GAIN, analysis_of, as_scenario, axes_for, check_frame, colour, style_axes
from ._style import caption as add_caption
from .sensitivity import _draw_labels, grouped_rows, panels, put_legend, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analyses import Analysis
    from ..scenario import Scenario

__all__ = ["alliance_data", "plot_alliance", "plot_shapley", "shapley_data"]

ALLIANCE_COLUMNS = (
    "size",
    "members",
    "label",
    "internally_stable",
    "externally_stable",
    "stable",
    "member_payoff",
    "outsider_payoff",
    "total_welfare",
    "exit_gain",
    "entry_gain",
    "reply",
)
SHAPLEY_COLUMNS = ("member", "measure", "label", "value")
MEASURES = {
    "gain_in_grand_alliance": "gain in the grand alliance",
    "shapley": "Shapley value",
    "nucleolus": "nucleolus",
    "core_point": "a core point",
}
"""The share measures of :func:`shapley_data`, by column of the analysis' ``shares`` table."""
_CHECK, _CROSS = "✓", "✗"


def _analysis(scenario: object, function: str, given: object) -> tuple[Scenario, Analysis]:
    from ..analyses import available

    scen = as_scenario(scenario, function)
    if "alliance" not in available(scen):
        raise ParameterError(
            f"{function}: {scen.name} has no alliance analysis (it needs an [analysis] "
            f"alliance table); it offers: {', '.join(available(scen)) or 'none'}"
        )
    return scen, analysis_of(scen, "alliance", given, function)


def _attrs(scen: Scenario, result: Analysis) -> dict[str, Any]:
    return {
        "scenario": scen.name,
        "title": scen.title,
        "members": list(result.game["players"]),
        "units": scen.payoff_units,
        "citation": scen.citation,
        "findings": list(result.findings),
    }


def alliance_data(
    scenario: Scenario | str | os.PathLike[str], *, analysis: Analysis | None = None
) -> pd.DataFrame:
    """Every membership of the alliance with its payoffs and its stability.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with an ``[analysis] alliance`` table.
    analysis : Analysis, optional
        The scenario's ``alliance`` analysis when already run (reports pass theirs);
        default: run it now.

    Returns
    -------
    DataFrame
        The analysis' ``stability`` table, one row per membership ordered by
        size: ``size``, ``members`` (names joined by ``", "``; empty for
        nobody), ``label`` (``"nobody"`` for the empty membership),
        ``internally_stable``, ``externally_stable``, ``stable``,
        ``member_payoff`` and ``outsider_payoff`` (means over the members and
        over the outsiders; NaN where there are none), ``total_welfare``,
        ``exit_gain``, ``entry_gain`` and ``reply`` (the supplier's answer).
        ``attrs``: ``scenario``, ``title``, ``members``, ``units``,
        ``citation``, ``findings``.

    Examples
    --------
    >>> from tradegame.plotting.alliance import alliance_data
    >>> clubs = alliance_data("metallic_alliance_2026")
    >>> clubs.loc[clubs.stable, "label"].tolist()
    ['EU']
    """
    scen, result = _analysis(scenario, "alliance_data", analysis)
    table = result.tables["stability"]
    members = [", ".join(m) for m in table["members"]]
    frame = pd.DataFrame(
        {
            "size": table["size"].to_numpy(dtype=np.int64),
            "members": members,
            "label": [m or "nobody" for m in members],
            **{
                c: table[c].to_numpy(dtype=bool)
                for c in ("internally_stable", "externally_stable", "stable")
            },
            **{
                c: table[c].to_numpy(dtype=float)
                for c in (
                    "member_payoff",
                    "outsider_payoff",
                    "total_welfare",
                    "exit_gain",
                    "entry_gain",
                )
            },
            "reply": table["reply"].astype(str).to_numpy(dtype=object) if "reply" in table else "",
        },
        columns=list(ALLIANCE_COLUMNS),
    )
    frame.attrs.update(_attrs(scen, result))
    return frame


def plot_alliance(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Members' and outsiders' payoffs for every membership, grouped by size, with stability.

    One row per membership under a bold heading per size: a filled circle at
    the members' mean payoff, a diamond at the outsiders', and to the right
    whether the membership is internally (in) and externally (ex) stable.
    Self-enforcing memberships (both) are shaded.

    Parameters
    ----------
    data : DataFrame
        From :func:`alliance_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: the stability rule and the sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    data = check_frame(
        data,
        [
            "size",
            "label",
            "internally_stable",
            "externally_stable",
            "stable",
            "member_payoff",
            "outsider_payoff",
        ],
        "plot_alliance",
    )
    groups = [
        (f"{size} member{'s' if size != 1 else ''}", data[data["size"] == size])
        for size in sorted(set(data["size"]))
    ]
    rows = grouped_rows(groups, headings=True)
    legend_row = None
    if ax is None:
        fig, (ax,), legend_row = panels([0.27 * len(rows) + 0.3], width=7.6)
    else:
        fig, ax = axes_for(ax)
    labels = []
    text_at = ax.get_yaxis_transform()
    for y, (kind, row) in enumerate(rows):
        if kind == "heading":
            labels.append(row)
            continue
        labels.append(wrap(row["label"], 40))
        if bool(row["stable"]):
            ax.axhspan(y - 0.5, y + 0.5, color=GAIN, alpha=0.12, linewidth=0)
        if np.isfinite(row["member_payoff"]):
            ax.plot(row["member_payoff"], y, "o", color=colour(0), markersize=6)
        if np.isfinite(row["outsider_payoff"]):
            ax.plot(row["outsider_payoff"], y, "D", color=colour(1), markersize=5)
        marks = (
            f"in {_CHECK if row['internally_stable'] else _CROSS}  "
            f"ex {_CHECK if row['externally_stable'] else _CROSS}"
        )
        ax.text(
            1.01,
            y,
            marks,
            transform=text_at,
            va="center",
            ha="left",
            fontsize=8,
            color="#222222" if row["stable"] else "#666666",
        )
    _draw_labels(ax, rows, labels)
    ax.axvline(0.0, color="#333333", linewidth=0.8)
    units = data.attrs.get("units", "payoff units")
    ax.set_xlabel(wrap(f"mean payoff ({units})", 90))
    title = "Which memberships are self-enforcing?"
    if data.attrs.get("title"):
        title = f"{data.attrs['title']}: {title.lower()}"
    ax.set_title(title, loc="left")
    style_axes(ax, grid="x")
    put_legend(
        ax,
        [
            Line2D([], [], marker="o", linestyle="none", color=colour(0), label="members (mean)"),
            Line2D(
                [],
                [],
                marker="D",
                linestyle="none",
                color=colour(1),
                markersize=5,
                label="outsiders (mean)",
            ),
            Patch(facecolor=GAIN, alpha=0.12, label="self-enforcing (in and ex stable)"),
        ],
        legend_row,
        ncols=3,
    )
    default = (
        "in: internally stable (no member gains by leaving); ex: externally stable (no outsider "
        "gains by joining); d'Aspremont et al. (1983), Barrett (1994). The supplier answers each "
        "membership with its best reply."
        + (f" Sources: {data.attrs['citation']}" if data.attrs.get("citation") else "")
    )
    add_caption(fig, caption if caption is not None else default)
    return fig


def shapley_data(
    scenario: Scenario | str | os.PathLike[str], *, analysis: Analysis | None = None
) -> pd.DataFrame:
    """Each member's gain in the grand alliance, Shapley value, nucleolus and a core point.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario with an ``[analysis] alliance`` table.
    analysis : Analysis, optional
        The scenario's ``alliance`` analysis when already run (reports pass theirs);
        default: run it now.

    Returns
    -------
    DataFrame
        One row per member and measure: ``member``, ``measure`` (a key of
        :data:`MEASURES`), ``label`` (its name) and ``value`` (in the
        scenario's payoff units; NaN where the analysis finds no core or no
        nucleolus), from the analysis' ``shares`` table. The gains are
        against nobody joining. ``attrs`` as :func:`alliance_data`, plus
        ``grand_value`` (the grand alliance's joint gain, the sum of the
        Shapley values).

    Examples
    --------
    >>> from tradegame.plotting.alliance import shapley_data
    >>> shares = shapley_data("metallic_alliance_2026")
    >>> sorted(set(shares.measure))
    ['core_point', 'gain_in_grand_alliance', 'nucleolus', 'shapley']
    """
    scen, result = _analysis(scenario, "shapley_data", analysis)
    table = result.tables["shares"]
    rows = [
        (str(r["member"]), measure, MEASURES[measure], float(r[measure]))
        for _, r in table.iterrows()
        for measure in MEASURES
    ]
    frame = pd.DataFrame(rows, columns=list(SHAPLEY_COLUMNS))
    frame.attrs.update(_attrs(scen, result))
    frame.attrs["grand_value"] = float(table["shapley"].sum())
    return frame


def plot_shapley(
    data: pd.DataFrame, ax: Axes | None = None, *, caption: str | None = None
) -> Figure:
    """Grouped bars per member: its gain in the grand alliance and the fair-share measures.

    Parameters
    ----------
    data : DataFrame
        From :func:`shapley_data`.
    ax : matplotlib Axes, optional
    caption : str, optional
        Default: the solution concepts and the sources.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = check_frame(data, ["member", "measure", "value"], "plot_shapley")
    members = list(dict.fromkeys(data["member"]))
    measures = [m for m in MEASURES if m in set(data["measure"])]
    measures += [m for m in dict.fromkeys(data["measure"]) if m not in measures]
    legend_row = None
    if ax is None:
        fig, (ax,), legend_row = panels([3.2], width=7.2)
    else:
        fig, ax = axes_for(ax)
    width = 0.8 / max(len(measures), 1)
    missing = []
    for k, measure in enumerate(measures):
        mine = data[data["measure"] == measure].set_index("member")["value"]
        values = np.array([float(mine.get(m, np.nan)) for m in members])
        xs = np.arange(len(members)) - 0.4 + width * (k + 0.5)
        name = MEASURES.get(measure, measure)
        if np.isnan(values).all():
            missing.append(name)
            continue
        drawn = np.isfinite(values)
        ax.bar(xs[drawn], values[drawn], width=width * 0.95, color=colour(k), label=name)
    ax.axhline(0.0, color="#333333", linewidth=0.8)
    ax.set_xticks(np.arange(len(members)), [wrap(m, 14) for m in members])
    units = data.attrs.get("units", "payoff units")
    ax.set_ylabel(wrap(f"gain against nobody joining ({units})", 46))
    title = "Fair shares of the alliance's gain"
    if data.attrs.get("title"):
        title = f"{data.attrs['title']}: {title[0].lower()}{title[1:]}"
    ax.set_title(title, loc="left")
    style_axes(ax, grid="y")
    handles, _ = ax.get_legend_handles_labels()
    put_legend(ax, handles, legend_row, ncols=4)
    default = (
        "Shapley value (Shapley 1953), nucleolus (Schmeidler 1969) and a core point "
        "(Gillies 1959) of the coalition game v(S): the members' joint gain when exactly S "
        "joins."
        + (f" Not drawn: {', '.join(missing)} (none exists)." if missing else "")
        + (f" Sources: {data.attrs['citation']}" if data.attrs.get("citation") else "")
    )
    add_caption(fig, caption if caption is not None else default)
    return fig
