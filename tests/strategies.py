"""Hypothesis strategies for games, in one place."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tradegame as tg


@st.composite
def bimatrix_games(draw, max_strategies: int = 4) -> tg.Game:
    """Two-player games; small integer payoffs make degenerate games common."""
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    a = draw(hnp.arrays(np.int64, (m, n), elements=st.integers(-5, 5)))
    b = draw(hnp.arrays(np.int64, (m, n), elements=st.integers(-5, 5)))
    return tg.Game.from_bimatrix(a, b)


@st.composite
def nplayer_games(draw, max_players: int = 4, max_strategies: int = 3) -> tg.Game:
    n = draw(st.integers(2, max_players))
    shape = tuple(draw(st.integers(1, max_strategies)) for _ in range(n))
    tensor = draw(hnp.arrays(np.int64, (n, *shape), elements=st.integers(-3, 3)))
    return tg.Game.from_arrays(list(tensor))


@st.composite
def generic_bimatrix_games(draw, max_strategies: int = 6) -> tg.Game:
    """Two-player games with continuous random payoffs: nondegenerate with probability one."""
    m = draw(st.integers(1, max_strategies))
    n = draw(st.integers(1, max_strategies))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return tg.Game.from_bimatrix(rng.random((m, n)), rng.random((m, n)))
