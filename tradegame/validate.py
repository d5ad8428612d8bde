"""Checking the trade model against the record: the validation table.

Each row is an observed moment of 2018-2025 (a trade flow's fall, a tariff's
incidence, the fall in magnet exports, a price premium) with its source and the
band accepted, all from the calibration table (rows whose key starts with
``moment_``), next to the model's value at the observed policies. The model's
value is read from a scenario's :meth:`~tradegame.models.trade.TradeModel.outcomes`
at the observed lever setting, so the check exercises the same code as the
games. A parameter fitted to a moment says so in the calibration file's
``fitted_to`` column, and the table shows it.

Examples
--------
>>> from tradegame.validate import validation_table
>>> table = validation_table()
>>> bool(table["passed"].all())
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .calibration import load_calibration
from .errors import ParameterError, ScenarioError
from .scenario import Scenario, load_scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MOMENTS", "Moment", "validation_table"]


@dataclass(frozen=True)
class Moment:
    """How to compute one observed moment with the model.

    ``settings`` maps levers to the calibration keys of the observed policies;
    ``outcome`` names the model outcome compared with the record; ``scenario``
    is the built-in scenario evaluated when no scenario is named.
    """

    key: str
    scenario: str
    settings: Mapping[str, str]
    outcome: str
    policy: str
    requires: tuple[str, ...] = ()
    """Player keys a scenario must have for the moment to mean the same thing there."""


MOMENTS: tuple[Moment, ...] = (
    Moment(
        "moment_us_imports_china_2025",
        "rare_earth_escalation_2025",
        {"us.tariff": "us_tariff_china_2025_avg"},
        "imports_change.us_imports_china",
        "US tariff on China at its 2025 average",
    ),
    Moment(
        "moment_us_imports_china_q2_2025",
        "rare_earth_escalation_2025",
        {"us.tariff": "us_tariff_china_q2_2025"},
        "imports_change.us_imports_china",
        "US tariff on China at its Q2 2025 average",
    ),
    Moment(
        "moment_tariff_exporter_share_2018",
        "rare_earth_escalation_2025",
        {},
        "exporter_share.us_imports_china",
        "a small US tariff on China",
    ),
    Moment(
        "moment_soybean_fall_2018",
        "quid_pro_quo_busan_2025",
        {"china.soybean_tariff": "china_soybean_tariff_2018"},
        "imports_change.china_imports_us_soybeans",
        "China's 2018 tariff on US soybeans",
    ),
    Moment(
        "moment_soybean_exporter_share_2018",
        "quid_pro_quo_busan_2025",
        {},
        "exporter_share.china_imports_us_soybeans",
        "a small Chinese tariff on soybeans",
    ),
    Moment(
        "moment_magnet_exports_q2_2025",
        "rare_earth_escalation_2025",
        {"china.export_control": "kappa_april_2025"},
        "exports_change.china",
        "China's April 2025 licensing",
        requires=("us", "eu", "japan"),
    ),
    Moment(
        "moment_hre_premium_2025",
        "rare_earth_escalation_2025",
        {"china.export_control": "kappa_april_2025"},
        "price_multiple.eu",
        "China's April 2025 licensing (EU market)",
    ),
)
"""Every moment of the validation table, with how the model computes it."""

_COLUMNS = [
    "moment",
    "description",
    "observed",
    "low",
    "high",
    "model",
    "passed",
    "scenario",
    "policy",
    "fitted",
    "source",
]


def _row(moment: Moment, scenario: Scenario) -> dict[str, Any] | None:
    calibration = load_calibration()
    observed = calibration[moment.key]
    if not set(moment.settings) <= set(scenario.status_quo()):
        return None
    players = set(scenario.payoff_model.structure.players)  # type: ignore[attr-defined]
    if not set(moment.requires) <= players:
        return None
    settings = {lever: calibration[ref].value for lever, ref in moment.settings.items()}
    outcomes = scenario.outcomes(settings)
    if moment.outcome not in outcomes:
        return None
    model = float(np.ravel(outcomes[moment.outcome])[0])
    fitted = sorted(key for key, fig in calibration.items() if fig.fitted_to == moment.key)
    low = observed.low if observed.low is not None else -math.inf
    high = observed.high if observed.high is not None else math.inf
    return {
        "moment": moment.key,
        "description": observed.note.removeprefix("observed moment: "),
        "observed": observed.value,
        "low": low,
        "high": high,
        "model": model,
        "passed": bool(low <= model <= high),
        "scenario": scenario.name,
        "policy": moment.policy,
        "fitted": ", ".join(fitted),
        "source": observed.source,
    }


def validation_table(
    scenario: str | Scenario | None = None, overrides: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The model against the observed moments, one row per moment.

    Parameters
    ----------
    scenario : str or Scenario, optional
        Evaluate every moment this scenario can compute (it has the levers and
        flows the moment needs), with its parameters and overrides. By default
        each moment uses its reference built-in scenario.
    overrides : mapping, optional
        Parameter values to use instead of the calibration's.

    Returns
    -------
    pandas.DataFrame
        Columns ``moment``, ``description``, ``observed``, ``low`` and ``high``
        (the band accepted), ``model`` (the model at the observed policies),
        ``passed``, ``scenario``, ``policy``, ``fitted`` (parameters fitted to
        this moment) and ``source``.
    """
    import pandas as pd

    if scenario is not None and not isinstance(scenario, (str, os.PathLike, Scenario)):
        raise ParameterError(
            f"scenario must be a scenario name, a path or a Scenario; got {type(scenario).__name__}"
        )
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ParameterError(
            "overrides must be a mapping of parameter names to numbers; "
            f"got {type(overrides).__name__}"
        )
    if isinstance(scenario, (str, os.PathLike)):
        scenario = load_scenario(scenario, overrides)
    elif scenario is not None and overrides:
        scenario = load_scenario(scenario.path, {**scenario.overrides, **overrides})
    if scenario is not None and scenario.model != "trade-model":
        raise ScenarioError(
            scenario.path, None, "only trade-model scenarios can be checked against the record"
        )
    if scenario is None:
        targets = {m.scenario: load_scenario(m.scenario) for m in MOMENTS}
        if overrides:  # each override goes to the reference scenarios that have the parameter
            for name in overrides:
                if not any(t.payoff_model.resolve(name) for t in targets.values()):
                    load_scenario(MOMENTS[0].scenario, {name: overrides[name]})  # its error
            for key, target in targets.items():
                chosen = {n: v for n, v in overrides.items() if target.payoff_model.resolve(n)}
                if chosen:
                    targets[key] = load_scenario(key, chosen)
    rows = []
    for moment in MOMENTS:
        row = _row(moment, scenario if scenario is not None else targets[moment.scenario])
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=_COLUMNS)
