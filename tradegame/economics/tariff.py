"""Tariff block: terms-of-trade gain and deadweight loss of an ad valorem tariff.

Partial equilibrium in one import market with constant elasticities. Import
demand at the domestic price ``p`` is ``D(p) = M p**(-eps_d)`` and the foreign
export supply at the price exporters receive ``p*`` is ``S(p*) = M p***eps_s``,
with both prices normalized to 1 under free trade, so ``M`` is the free-trade
import value. A tariff ``tau`` drives the wedge ``p = (1 + tau) p*``; market
clearing gives

    p* = (1 + tau) ** (-eps_d / (eps_s + eps_d)),
    p  = (1 + tau) ** ( eps_s / (eps_s + eps_d)),

so the pass-through of the tariff to domestic prices is
``eps_s / (eps_s + eps_d)``. The importer's gain is the change in consumer
surplus plus tariff revenue ``tau p* q``; the exporter's loss is the fall in
producer surplus. The importer-optimal tariff is ``1 / eps_s`` (Johnson 1953).
With ``eps_s`` infinite (complete pass-through, as Fajgelbaum et al. 2020 and
Amiti, Redding and Weinstein 2019 found for the 2018 US tariffs) the world
price does not fall and every positive tariff lowers the importer's welfare.

References
----------
Johnson, H. G. (1953). Optimum tariffs and retaliation. *Review of Economic
Studies* 21(2), 142-153.
Feenstra, R. C. (2016). *Advanced International Trade*, 2nd ed., ch. 7.
Fajgelbaum, P., Goldberg, P., Kennedy, P., Khandelwal, A. (2020). The return
to protectionism. *Quarterly Journal of Economics* 135(1), 1-55.
Amiti, M., Redding, S., Weinstein, D. (2019). The impact of the 2018 tariffs
on prices and welfare. *Journal of Economic Perspectives* 33(4), 187-210.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import as_array, require

__all__ = ["TariffWelfare", "optimal_tariff", "tariff_welfare"]


@dataclass(frozen=True)
class TariffWelfare:
    """Welfare effects of a tariff relative to free trade, in the units of ``imports``.

    Attributes
    ----------
    importer_gain : ndarray
        Consumer-surplus change plus tariff revenue (negative: a loss).
    exporter_loss : ndarray
        Fall in the foreign exporters' producer surplus (non-negative for
        ``tau >= 0``).
    pass_through : ndarray
        ``eps_s / (eps_s + eps_d)``: share of the tariff borne by domestic buyers.
    consumer_surplus_change, tariff_revenue : ndarray
        The two parts of ``importer_gain``.
    world_price, domestic_price : ndarray
        ``p*`` and ``p`` relative to the free-trade price.
    import_value : ndarray
        Imports valued at world prices, ``p* q``.
    """

    importer_gain: np.ndarray
    exporter_loss: np.ndarray
    pass_through: np.ndarray
    consumer_surplus_change: np.ndarray
    tariff_revenue: np.ndarray
    world_price: np.ndarray
    domestic_price: np.ndarray
    import_value: np.ndarray


def _elasticities(eps_d: object, eps_s: object) -> tuple[np.ndarray, np.ndarray]:
    d = as_array("eps_d", eps_d)
    s = as_array("eps_s", eps_s)
    require("eps_d", d, lambda x: np.isfinite(x) & (x > 1), "> 1 (elastic import demand)")
    require("eps_s", s, lambda x: x > 0, "> 0 (upward-sloping export supply; inf allowed)")
    return d, s


def tariff_welfare(tau: object, *, eps_d: object, eps_s: object, imports: object) -> TariffWelfare:
    """Importer gain, exporter loss and pass-through of an ad valorem tariff.

    Parameters
    ----------
    tau : array_like
        Ad valorem tariff rate (0.25 is 25%); greater than -1.
    eps_d : array_like
        Importer's demand elasticity (absolute value), > 1.
    eps_s : array_like
        Foreign export-supply elasticity, > 0; ``numpy.inf`` for a
        perfectly elastic supply (complete pass-through).
    imports : array_like
        Free-trade import value (e.g. USD billions per year), >= 0.

    Returns
    -------
    TariffWelfare
        Arrays broadcast over all arguments.

    Examples
    --------
    >>> from tradegame.economics import tariff_welfare, optimal_tariff
    >>> w = tariff_welfare(0.25, eps_d=4.0, eps_s=4.0, imports=100.0)
    >>> round(float(w.pass_through), 3), round(float(w.importer_gain), 3)
    (0.5, 4.829)
    >>> optimal_tariff(4.0)
    0.25
    """
    d, s = _elasticities(eps_d, eps_s)
    t = as_array("tau", tau)
    m = as_array("imports", imports)
    require("tau", t, lambda x: np.isfinite(x) & (x > -1), "a finite rate greater than -1")
    require("imports", m, lambda x: np.isfinite(x) & (x >= 0), "a finite value >= 0")
    ratio = d / s  # 0 when eps_s is infinite
    pass_through = 1.0 / (1.0 + ratio)
    log_wedge = np.log1p(t)
    log_world = -(1.0 - pass_through) * log_wedge  # exponent -eps_d / (eps_s + eps_d)
    log_domestic = pass_through * log_wedge
    world = np.exp(log_world)
    domestic = np.exp(log_domestic)
    quantity = m * np.exp(-d * log_domestic)  # D(p) = M p**(-eps_d), equal to S(p*)
    consumer = -m * np.expm1((1.0 - d) * log_domestic) / (1.0 - d)
    revenue = t * world * quantity
    # producer-surplus loss M (1 - p*^(1+eps_s)) / (1 + eps_s); p*^eps_s = q / M
    with np.errstate(invalid="ignore", divide="ignore"):
        producer = np.where(
            np.isinf(s),
            0.0,
            m * (1.0 - world * np.exp(-d * log_domestic)) / (1.0 + s),
        )
    shape = np.broadcast(t, d, s, m).shape
    fields = {
        "importer_gain": consumer + revenue,
        "exporter_loss": producer,
        "pass_through": pass_through,
        "consumer_surplus_change": consumer,
        "tariff_revenue": revenue,
        "world_price": world,
        "domestic_price": domestic,
        "import_value": world * quantity,
    }
    # same shape for every field; 0-d results become numpy scalars
    return TariffWelfare(**{k: np.broadcast_to(v, shape).copy()[()] for k, v in fields.items()})


def optimal_tariff(eps_s: object) -> np.ndarray | float:
    """The importer-optimal ("Johnson") tariff ``1 / eps_s``.

    It maximizes :func:`tariff_welfare`'s ``importer_gain`` for any ``eps_d > 1``
    (Johnson 1953); it is zero when export supply is perfectly elastic.
    """
    s = as_array("eps_s", eps_s)
    require("eps_s", s, lambda x: x > 0, "> 0 (upward-sloping export supply; inf allowed)")
    out = 1.0 / s
    return float(out) if out.ndim == 0 else out
