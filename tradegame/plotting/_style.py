"""One look for every tradegame figure.

Colours are the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal
Design", https://jfly.uni-koeln.de/color/), which stays distinguishable under
the common forms of colour-vision deficiency; sequential and diverging maps
are ``cividis`` (Nunez, Anderton and Renslow 2018, "Optimizing colormaps with
consideration for color vision deficiency", PLOS ONE 13(7)) and ``RdBu``
with a centre at zero, so gains and losses read the same in every figure.

Figures are built from :class:`matplotlib.figure.Figure` directly, never
through :mod:`matplotlib.pyplot`: the library keeps no global figure state,
so nothing needs closing and nothing is shown or saved behind the caller's
back.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..errors import ParameterError

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = [
    "CMAP_DIVERGING",
    "CMAP_SEQUENTIAL",
    "GAIN",
    "LOSS",
    "NEUTRAL",
    "PALETTE",
    "analysis_of",
    "as_scenario",
    "axes_for",
    "caption",
    "check_caption",
    "check_frame",
    "colour",
    "style_axes",
]

#: Okabe-Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
GAIN = "#0072B2"  # blue
LOSS = "#D55E00"  # vermillion
NEUTRAL = "#999999"
CMAP_SEQUENTIAL = "cividis"
CMAP_DIVERGING = "RdBu"

_RC = {
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
}


def colour(i: int) -> str:
    """The ``i``-th colour of the palette (cycling)."""
    return PALETTE[i % len(PALETTE)]


def axes_for(ax: Axes | None, *, figsize: tuple[float, float] = (6.4, 4.0)) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s own, or a new figure of ``figsize`` inches.

    A new figure is a plain :class:`~matplotlib.figure.Figure` (no pyplot), so
    it needs no closing and is never shown by tradegame.
    """
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        return fig, fig.add_subplot()
    if not isinstance(ax, Axes):
        raise ParameterError(f"ax: expected matplotlib Axes or None, got {type(ax).__name__}")
    if ax.name != "rectilinear":
        raise ParameterError(f"ax: expected plain (rectilinear) Axes, got {ax.name!r} Axes")
    return ax.get_figure(root=True), ax


def style_axes(ax: Axes, *, grid: str | None = "y") -> Axes:
    """Apply the house style to ``ax``: no top or right spine, a light grid on ``grid``.

    ``grid`` is ``"x"``, ``"y"``, ``"both"`` or None.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid:
        ax.grid(True, axis=grid, color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    for key, value in _RC.items():
        if key == "axes.titlesize":
            ax.title.set_fontsize(value)
        elif key == "axes.labelsize":
            ax.xaxis.label.set_fontsize(value)
            ax.yaxis.label.set_fontsize(value)
        elif key == "xtick.labelsize":
            ax.tick_params(axis="x", labelsize=value)
        elif key == "ytick.labelsize":
            ax.tick_params(axis="y", labelsize=value)
    return ax


def caption(fig: Figure, text: str | None, *, width: int = 110) -> None:
    """Put ``text`` (the sources, the units) under the figure in small grey type.

    The caption is wrapped to ``width`` characters; ``None`` or empty text adds nothing.
    """
    check_caption(text)
    if not text:
        return
    wrapped = "\n".join(textwrap.wrap(" ".join(str(text).split()), width))
    fig.supxlabel(wrapped, fontsize=7.0, color="#555555", ha="center")


def as_scenario(scenario: object, function: str) -> Scenario:
    """``scenario`` loaded (a Scenario, a built-in name or a path), else a one-line error."""
    from ..scenario import Scenario, load_scenario

    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return load_scenario(scenario)
    raise ParameterError(
        f"{function}: expected a Scenario, a built-in scenario name or a path; "
        f"got {type(scenario).__name__}"
    )


def analysis_of(scenario: Scenario, kind: str, given: object, function: str) -> Any:
    """The ``kind`` analysis of ``scenario``: ``given`` when it is one, else run now.

    Reports pass the analysis they already ran, so a figure draws exactly the
    tables printed beside it and nothing is computed twice.
    """
    from ..analyses import Analysis, analyze

    if given is None:
        return analyze(scenario, kind)
    if not isinstance(given, Analysis) or given.analysis != kind:
        raise ParameterError(
            f"analysis: expected the {kind!r} Analysis of tradegame.analyze, got "
            + (f"a {given.analysis!r} one" if isinstance(given, Analysis) else type(given).__name__)
        )
    return given


def check_caption(text: object) -> None:
    """A caption is text or None; anything else is a one-line ParameterError."""
    if text is not None and not isinstance(text, str):
        raise ParameterError(
            "caption: expected text, '' for none or None for the sources;"
            f" got {type(text).__name__}"
        )


def check_frame(data: object, columns: Sequence[str], function: str) -> pd.DataFrame:
    """``data`` as a DataFrame holding ``columns``; else a one-line error naming ``function``."""
    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{function}: expected the DataFrame from its data helper, got {type(data).__name__}"
        )
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ParameterError(
            f"{function}: the data lack column(s) {', '.join(map(repr, missing))};"
            " pass the frame its data helper returns"
        )
    if data.empty:
        raise ParameterError(f"{function}: the data are empty; nothing to draw")
    return data
