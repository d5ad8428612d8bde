"""Tariff block: who bears a tariff change, and what it does to each side's welfare.

Partial equilibrium in one bilateral import market with constant, finite
elasticities. Import demand at the importer's domestic price is
``D(P) = Q0 (P / P0) ** (-eps_d)`` and the exporter's supply at the price it
receives is ``S(p) = Q0 (p / p0) ** eps_s``. The market is observed at a status
quo: imports worth ``Q0`` (valued at the exporters' prices, as customs records
them) under the tariff ``tau0``. Prices are measured relative to that status
quo, so nothing depends on an unobserved free-trade point. Moving the tariff
to ``tau`` with ``g = (1 + tau) / (1 + tau0)`` gives

    p / p0 = g ** (-eps_d / (eps_d + eps_s)),      P / P0 = g ** (eps_s / (eps_d + eps_s)),

so the exporters bear the share ``eps_d / (eps_d + eps_s)`` of the tariff (in
logs; the textbook incidence split, Feenstra 2016 ch. 7) and the importer's
buyers bear the rest. The importer's welfare change is its consumer-surplus
change plus the change in tariff revenue; the exporter's is its
producer-surplus change. Both are exactly zero at ``tau = tau0``. With
``eps_s`` infinite (complete pass-through) the exporter's price does not move
and every tariff rise is a pure loss for the importer; the importer-optimal
tariff is ``1 / eps_s`` (Johnson 1953).

Import-demand elasticities are short-run by default: the trade elasticity at
a one-to-two-year horizon is about 0.8-1 and about 2 after seven to ten years
(Boehm, Levchenko and Pandalai-Nayar 2023), well below the long-run values
near 5 used in quantitative trade models.

References
----------
Johnson, H. G. (1953). Optimum tariffs and retaliation. *Review of Economic
Studies* 21(2), 142-153.
Feenstra, R. C. (2016). *Advanced International Trade*, 2nd ed., ch. 7.
Boehm, C. E., Levchenko, A. A., Pandalai-Nayar, N. (2023). The long and short
(run) of trade elasticities. *American Economic Review* 113(4), 861-905.
Amiti, M., Redding, S., Weinstein, D. (2019). The impact of the 2018 tariffs
on prices and welfare. *Journal of Economic Perspectives* 33(4), 187-210.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_array, require

__all__ = ["TariffWelfare", "exporter_share", "optimal_tariff", "tariff_terms", "tariff_welfare"]

_TINY = 1e-9  # |1 - eps_d| below this uses the logarithmic limit of the surplus integral


@dataclass(frozen=True)
class TariffWelfare:
    """Effects of moving a tariff from its status-quo rate, in the units of ``imports``.

    Attributes
    ----------
    importer_gain : ndarray
        Consumer-surplus change plus tariff-revenue change (negative: a loss).
    exporter_gain : ndarray
        Change in the exporters' producer surplus (negative for a tariff rise).
    consumer_surplus_change, revenue_change : ndarray
        The two parts of ``importer_gain``.
    revenue : ndarray
        Tariff revenue at the new rate.
    exporter_share : ndarray
        ``eps_d / (eps_d + eps_s)``: the share of the tariff borne by the exporters.
    exporter_price, domestic_price : ndarray
        Exporters' price and importer's domestic price relative to the status quo.
    import_value : ndarray
        Imports valued at the exporters' prices (the customs value).
    """

    importer_gain: np.ndarray
    exporter_gain: np.ndarray
    consumer_surplus_change: np.ndarray
    revenue_change: np.ndarray
    revenue: np.ndarray
    exporter_share: np.ndarray
    exporter_price: np.ndarray
    domestic_price: np.ndarray
    import_value: np.ndarray


def _rate(name: str, value: object) -> np.ndarray:
    arr = as_array(name, value)
    require(name, arr, lambda x: np.isfinite(x) & (x > -1), "a finite rate greater than -1")
    return arr


def _elasticities(eps_d: object, eps_s: object) -> tuple[np.ndarray, np.ndarray]:
    d = as_array("eps_d", eps_d)
    s = as_array("eps_s", eps_s)
    require("eps_d", d, lambda x: np.isfinite(x) & (x > 0), "finite and > 0")
    require("eps_s", s, lambda x: x > 0, "> 0 (inf allowed: complete pass-through)")
    return d, s


def exporter_share(eps_d: object, eps_s: object) -> np.ndarray | float:
    """Share of a (small) tariff borne by the exporters: ``eps_d / (eps_d + eps_s)``.

    Examples
    --------
    >>> from tradegame.economics import exporter_share
    >>> exporter_share(1.0, 19.0)
    0.05
    >>> exporter_share(1.0, float("inf"))
    0.0
    """
    d, s = _elasticities(eps_d, eps_s)
    out = d / (d + s)
    return float(out) if out.ndim == 0 else out


def _power_integral(log_x: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """``(x**exponent - 1) / exponent`` from ``ln x``, with the ``ln x`` limit at 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        general = np.expm1(exponent * log_x) / exponent
    near = np.abs(exponent) < _TINY  # the shape of the elasticities: small
    return np.where(near, log_x, general) if near.any() else general


def tariff_welfare(
    tau: object,
    *,
    eps_d: object,
    eps_s: object,
    imports: object,
    tau0: object = 0.0,
) -> TariffWelfare:
    """Welfare effects of moving a bilateral tariff from ``tau0`` to ``tau``.

    Parameters
    ----------
    tau : array_like
        New ad valorem tariff (0.25 is 25%); finite and greater than -1.
    eps_d : array_like
        Importer's demand elasticity for these imports (absolute value), > 0.
    eps_s : array_like
        Exporters' supply elasticity, > 0; ``numpy.inf`` for complete pass-through.
    imports : array_like
        Observed imports at the status quo, at exporters' prices (e.g. USD bn
        per year), >= 0.
    tau0 : array_like, default 0
        The status-quo tariff at which ``imports`` were observed.

    Returns
    -------
    TariffWelfare
        Arrays broadcast over all arguments; every change is 0 at ``tau = tau0``.

    Examples
    --------
    US imports from China, USD 438.9 bn in 2024 at a 20.8% tariff, with a tariff
    of 51.1% and short-run elasticities:

    >>> from tradegame.economics import tariff_welfare
    >>> w = tariff_welfare(0.511, tau0=0.208, eps_d=1.0, eps_s=19.0, imports=438.9)
    >>> round(float(w.import_value / 438.9 - 1), 3)   # fall in the import value
    -0.201
    >>> round(float(w.importer_gain), 1), round(float(w.exporter_gain), 1)
    (-24.7, -4.4)
    >>> float(tariff_welfare(0.208, tau0=0.208, eps_d=1.0, eps_s=19.0, imports=438.9).importer_gain)
    0.0
    """
    d, s = _elasticities(eps_d, eps_s)
    t = _rate("tau", tau)
    t0 = _rate("tau0", tau0)
    q0 = as_array("imports", imports)
    require("imports", q0, lambda x: np.isfinite(x) & (x >= 0), "a finite value >= 0")
    terms = tariff_terms(t, t0, d, s, q0)
    consumer, revenue_change, producer, import_value, share = terms
    exporter_price = np.exp(-share * (np.log1p(t) - np.log1p(t0)))
    fields = {
        "importer_gain": consumer + revenue_change,
        "exporter_gain": producer,
        "consumer_surplus_change": consumer,
        "revenue_change": revenue_change,
        "revenue": revenue_change + t0 * q0,
        "exporter_share": share,
        "exporter_price": exporter_price,
        "domestic_price": np.exp((1.0 - share) * (np.log1p(t) - np.log1p(t0))),
        "import_value": import_value,
    }
    shape = np.broadcast(t, t0, d, s, q0).shape
    return TariffWelfare(**{k: _finished(v, shape) for k, v in fields.items()})


def tariff_terms(
    t: np.ndarray, t0: np.ndarray, d: np.ndarray, s: np.ndarray, q0: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The welfare terms of :func:`tariff_welfare` on arrays already checked.

    Returns ``(consumer_surplus_change, revenue_change, exporter_gain, import_value,
    exporter_share)`` in whatever shapes broadcasting gives (the trade model's inner loop:
    no checks, no copies to a common shape).
    """
    share = d / (d + s)  # 0 when eps_s is infinite
    log_g = np.log1p(t) - np.log1p(t0)
    log_p = -share * log_g  # exporters' price
    log_big_p = (1.0 - share) * log_g  # domestic price
    consumer = -q0 * (1.0 + t0) * _power_integral(log_big_p, 1.0 - d)
    # import value at exporters' prices: q0 (p / p0) (q / q0), q / q0 = (P / P0) ** -eps_d
    import_value = q0 * np.exp(log_p - d * log_big_p)
    revenue_change = t * import_value - t0 * q0
    with np.errstate(invalid="ignore"):  # the inf branch is 0 * inf, discarded
        producer = q0 * _power_integral(log_p, 1.0 + s)
        infinite = np.isinf(s)
        if infinite.any():
            producer = np.where(infinite, 0.0, producer)
    return consumer, revenue_change, producer, import_value, share


def _finished(value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` in the full broadcast shape, with -0.0 turned into 0.0 (in place when the
    array is a temporary of the right shape: a sweep's arrays are large)."""
    value = np.asarray(value)
    if value.shape == shape and value.flags.owndata and value.flags.writeable:
        np.add(value, 0.0, out=value)
        return value[()]
    return (np.broadcast_to(value, shape) + 0.0)[()]


def optimal_tariff(eps_s: object) -> np.ndarray | float:
    """The importer-optimal ("Johnson") tariff ``1 / eps_s``.

    It maximizes :func:`tariff_welfare`'s ``importer_gain`` for any import
    demand elasticity (Johnson 1953); it is zero when export supply is
    perfectly elastic.

    Examples
    --------
    >>> from tradegame.economics import optimal_tariff
    >>> optimal_tariff(4.0)
    0.25
    """
    s = as_array("eps_s", eps_s)
    require("eps_s", s, lambda x: x > 0, "> 0 (inf allowed: complete pass-through)")
    out = 1.0 / s
    return float(out) if out.ndim == 0 else out
