"""Global sensitivity of a scenario's equilibrium to its uncertain parameters (Sobol indices).

Which numbers does a conclusion hang on? Sobol's variance decomposition
answers for all uncertain parameters at once, over their whole ranges rather
than one at a time around the calibration: the first-order index ``S1`` of a
parameter is the share of an output's variance it explains alone, the total
index ``ST`` the share it explains with all its interactions. A parameter with
``ST`` near 0 can be fixed anywhere in its range without changing the answer.

The outputs are each player's equilibrium payoff (the mean over the
equilibria at a point) and, for each outcome that holds at some draws but
not at others, the indicator that it is an equilibrium outcome at the point.
Points come from a scrambled Sobol sequence in Saltelli's design and the
indices from Jansen's and Saltelli's estimators with bootstrap confidence
intervals, all by SALib; the scenario is evaluated at all points in batched
model calls and batched equilibrium kernels.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical
models and their Monte Carlo estimates. *Mathematics and Computers in
Simulation* 55(1-3), 271-280.
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and
Tarantola, S. (2010). Variance based sensitivity analysis of model output.
Design and estimator for the total sensitivity index. *Computer Physics
Communications* 181(2), 259-270.
Herman, J. and Usher, W. (2017). SALib: an open-source Python library for
sensitivity analysis. *Journal of Open Source Software* 2(9), 97.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ParameterError
from .limits import DEFAULT_TIME_LIMIT
from .sampling import check_mapping

if TYPE_CHECKING:
    import pandas as pd

    from .scenario import Scenario

__all__ = ["sobol_indices"]

_OUTCOME_SHARE = 0.01  # outcomes holding at fewer (or all but fewer) draws are not analysed


def sobol_indices(
    scenario: Scenario | str | os.PathLike[str],
    parameters: Mapping[str, Any],
    *,
    n: int = 512,
    seed: int | None = 0,
    equilibria: str = "auto",
    overrides: Mapping[str, Any] | None = None,
    confidence: float = 0.95,
    tol: float | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """Sobol indices of each player's equilibrium payoff and of the equilibrium outcome.

    Parameters
    ----------
    scenario : Scenario, str or path
    parameters : mapping
        ``{parameter: distribution}``: text such as ``"uniform(0.1, 0.25)"``,
        a :class:`~tradegame.sampling.Distribution`, or a ``(low, high)``
        pair for a uniform range. At least two parameters.
    n : int, optional
        Base sample size, a power of 2 (Sobol sequences are balanced only
        then); the model is evaluated at ``n * (len(parameters) + 2)`` points.
    seed : int, optional
        Seed of the scrambled sequence and of the bootstrap.
    equilibria : {"auto", "all", "pure"}, optional
        As for :func:`tradegame.sweep`.
    overrides : mapping, optional
        Fixed values of other parameters.
    confidence : float, optional
        Coverage of the bootstrap intervals ``S1_conf`` and ``ST_conf``
        (half-widths).
    tol, time_limit
        As for :func:`tradegame.sweep`.

    Returns
    -------
    DataFrame
        ``output`` (``"payoff: China"``, ``"outcome: keep / raise"``),
        ``parameter``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``; ``attrs``
        holds ``points`` and ``notes`` (outputs left out and why).

    Examples
    --------
    >>> from tradegame.sensitivity import sobol_indices
    >>> table = sobol_indices(
    ...     "tariff_war_2025",
    ...     {"us_imports_china.eps_s": (1.0, 20.0), "china_imports_us.eps_s": (1.0, 20.0)},
    ...     n=256,
    ... )
    >>> us = table[table.output == "payoff: United States"].set_index("parameter")
    >>> bool(us.loc["us_imports_china.eps_s", "ST"] > us.loc["china_imports_us.eps_s", "ST"])
    True
    """
    import pandas as pd
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    from .regimes import label_regimes
    from .sweep import SweepSpec, evaluate_points

    parameters = check_mapping(parameters, "parameters")
    if len(parameters) < 2:
        raise ParameterError("Sobol indices need at least two uncertain parameters")
    from .sweep_summary import check_sobol_samples

    check_sobol_samples(n)
    if not (isinstance(confidence, float | int) and 0 < confidence < 1):
        raise ParameterError(f"confidence must lie strictly between 0 and 1; got {confidence!r}")
    spec = SweepSpec.build(  # checks the names and the distributions against the model
        scenario,
        sample=parameters,
        samples=1,
        seed=seed,
        equilibria=equilibria,
        overrides=overrides,
        tol=tol,
        time_limit=time_limit,
    )
    dists = dict(spec.sample)
    names = list(dists)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    unit = sobol_sample.sample(problem, int(n), calc_second_order=False, seed=seed)
    unit = np.clip(unit, 2.0**-53, 1.0 - 2.0**-53)
    values = {k: dists[k].ppf(unit[:, j]) for j, k in enumerate(names)}
    scen = spec.scenario
    outputs: dict[str, np.ndarray] = {}
    notes: list[str] = []
    points = len(unit)
    payoff_sum = np.zeros((points, len(scen.players)))
    counts = np.zeros(points, dtype=np.int64)
    indicators: dict[str, np.ndarray] = {}
    step = spec.chunk_size
    for start in range(0, points, step):
        part = {k: v[start : start + step] for k, v in values.items()}
        _, eq = evaluate_points(
            scen, part, equilibria=spec.equilibria, tol=spec.tol, time_limit=spec.time_limit
        )
        np.add.at(payoff_sum, start + eq.point, eq.payoffs)
        counts[start : start + len(eq.count)] = eq.count
        outcome, labels, _, _ = label_regimes(eq, scen.strategies)
        for code, label in enumerate(labels):
            hit = indicators.setdefault(label, np.zeros(points))
            hit[start + eq.point[outcome == code]] = 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_payoff = payoff_sum / counts[:, None]
    if (counts == 0).any():
        notes.append(
            f"no {'pure ' if spec.equilibria == 'pure' else ''}equilibrium at "
            f"{int((counts == 0).sum()):,} of the {points:,} points of the Sobol design: the "
            "payoff indices are left out (a payoff is undefined there)"
        )
    else:
        for i, player in enumerate(scen.players):
            outputs[f"payoff: {player}"] = mean_payoff[:, i]
    for label, hit in sorted(indicators.items()):
        share = hit.mean()
        if _OUTCOME_SHARE <= share <= 1 - _OUTCOME_SHARE:
            outputs[f"outcome: {label}"] = hit
    if not any(k.startswith("outcome: ") for k in outputs):
        notes.append(
            "the equilibrium outcomes do not change over these ranges (each holds at fewer "
            f"than {_OUTCOME_SHARE:.0%} or more than {1 - _OUTCOME_SHARE:.0%} of the points)"
        )
    rows = []
    for output, y in outputs.items():
        if np.ptp(y) == 0:
            s1 = st = np.zeros(len(names))
            s1c = stc = np.zeros(len(names))
        else:
            with np.errstate(all="ignore"):
                result = sobol_analyze.analyze(
                    problem,
                    np.ascontiguousarray(y, dtype=float),
                    calc_second_order=False,
                    conf_level=confidence,
                    seed=seed,
                )
            s1, s1c, st, stc = (result[k] for k in ("S1", "S1_conf", "ST", "ST_conf"))
        for j, name in enumerate(names):
            rows.append((output, name, s1[j], s1c[j], st[j], stc[j]))
    frame = pd.DataFrame(rows, columns=["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"])
    frame.attrs["points"] = points
    frame.attrs["notes"] = notes
    return frame
