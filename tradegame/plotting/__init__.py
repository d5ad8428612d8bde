"""Figures of games, analyses, sweeps and comparisons (matplotlib).

Every figure comes in two steps (the Axelrod pattern): a data helper
``*_data(...) -> pandas.DataFrame`` that computes exactly what is drawn, and
a drawing function ``plot_*(data, ax=None) -> matplotlib.figure.Figure`` that
draws that frame on ``ax`` (or on a new figure) and never shows or saves it.
The data frames are what the tests check and what reports tabulate. Figures
are plain :class:`matplotlib.figure.Figure` objects, never pyplot's, so the
library holds no global figure state; save one with ``fig.savefig(path)``.

Examples
--------
>>> from tradegame.plotting import payoff_heatmap_data, plot_payoff_heatmap
>>> data = payoff_heatmap_data("tariff_prisoners_dilemma")
>>> fig = plot_payoff_heatmap(data)
>>> type(fig).__name__
'Figure'
"""

from __future__ import annotations

from ._style import PALETTE
from .alliance import alliance_data, plot_alliance, plot_shapley, shapley_data
from .bargaining import bargaining_data, plot_bargaining
from .best_response import best_response_data, plot_best_response
from .comparison import comparison_data, plot_comparison
from .learning import plot_simplex, simplex_data
from .payoffs import payoff_heatmap_data, plot_payoff_heatmap
from .regimes import plot_regime_map, regime_map_data
from .sensitivity import plot_sobol, plot_tornado, sobol_data, tornado_data
from .tree import game_tree_data, plot_game_tree
from .truce import plot_truce, truce_data

__all__ = [
    "PALETTE",
    "alliance_data",
    "bargaining_data",
    "best_response_data",
    "comparison_data",
    "game_tree_data",
    "payoff_heatmap_data",
    "plot_alliance",
    "plot_bargaining",
    "plot_best_response",
    "plot_comparison",
    "plot_game_tree",
    "plot_payoff_heatmap",
    "plot_regime_map",
    "plot_shapley",
    "plot_simplex",
    "plot_sobol",
    "plot_tornado",
    "plot_truce",
    "regime_map_data",
    "shapley_data",
    "simplex_data",
    "sobol_data",
    "tornado_data",
    "truce_data",
]
