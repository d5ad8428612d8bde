"""The compiled trade model: parameters, levers, strategies, and payoffs at any setting.

:meth:`TradeModel.payoffs` evaluates every block of the registry at a batch of
lever settings and parameter points in one vectorised pass, and reports each
player's welfare change from the observed status quo (USD bn per year,
annualised over the horizon). Every block is written as a change from the
status quo, so it adds exactly 0 there; a block that cannot be (a subsidy paid
at the status quo too) says so in the registry, and the model then evaluates
the status quo as well and subtracts it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ... import limits
from ...calibration import Figure
from ...errors import ParameterError, on_command_line
from ..base import Lever, ParameterRow, lever_array
from . import blocks
from .blocks import Context, LeverSpec, Structure

__all__ = ["TradeModel"]


@dataclass(frozen=True)
class TradeModel:
    """A compiled trade-model scenario: structure plus sourced figures by dotted path."""

    structure: Structure
    strategy_keys: tuple[tuple[str, ...], ...]
    strategy_labels: tuple[tuple[str, ...], ...]
    figures: Mapping[str, Figure]
    categorical: Mapping[tuple[str, str], tuple[Any, ...]]
    aliases: Mapping[str, str]
    links: Mapping[str, str]
    """Strategy lever paths that take another path's value (``stockpile_days = "baseline"``)."""
    checks: Mapping[str, Any]
    blocks: tuple[str, ...]
    citation: str = ""
    confidence: str = ""
    units: str = ""

    # -- parameters ---------------------------------------------------------------------------
    def resolve(self, name: str) -> list[str]:
        """Paths an override name refers to: a path, an alias, or a calibration key."""
        if name in self.figures:
            return [name]
        if self.aliases.get(name) in self.figures:
            return [self.aliases[name]]
        return [path for path, fig in self.figures.items() if fig.ref == name]

    def _unknown(self, name: str, what: str, known: list[str]) -> ParameterError:
        # a last part given alone ("eps_s") matches the dotted names that end in it
        ending = [k for k in known if k.endswith(f".{name}")]
        close = ending[:3] or difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {' or '.join(map(repr, close))}? " if close else ""
        return ParameterError(f"unknown {what} {name!r}; {hint}{_listing(what)}")

    def environment(self, values: Mapping[str, Any] | None = None) -> dict[str, np.ndarray]:
        """Every figure as an array (any shape that broadcasts), with ``values`` applied."""
        overrides: dict[str, np.ndarray] = {}
        set_by: dict[str, str] = {}
        for name, value in (values or {}).items():
            if not isinstance(name, str):
                raise ParameterError(f"parameter names are strings such as 'sigma'; got {name!r}")
            paths = self.resolve(name)
            if not paths and name in self._lever_table:
                where = (
                    "choose the strategy that sets it"
                    if on_command_line()
                    else "set it in Scenario.payoffs settings, or choose the strategy that sets it"
                )
                raise ParameterError(
                    f"{name} is a lever, not a parameter: {where}; `tradegame show` lists the "
                    "levers and the parameters"
                )
            if not paths:
                # aliases only of figures this scenario has: another scenario's alias is unknown
                known = [
                    *self.figures,
                    *(a for a, path in self.aliases.items() if path in self.figures),
                    *{f.ref for f in self.figures.values() if f.ref},
                ]
                raise self._unknown(name, "parameter", known)
            arr = lever_array(name, value)
            if arr.size == 0:
                raise ParameterError(
                    f"{name}: give a number or a non-empty array of values; got shape {arr.shape}"
                )
            for path in paths:
                if path in set_by:
                    raise ParameterError(
                        f"{set_by[path]} and {name} both set {path}; give one of them"
                    )
                set_by[path] = name
                if path in self.checks:
                    ok, expectation = self.checks[path]
                    _require(name if name == path else f"{name} ({path})", arr, ok, expectation)
                overrides[path] = arr
        env = {
            path: overrides.get(path, np.asarray(fig.value, dtype=float))
            for path, fig in self.figures.items()
        }
        for path, target in self.links.items():
            env[path] = env[target]
        _batch_shape(env, {})
        return env

    def check_values(self, values: Mapping[str, Any]) -> None:
        self.environment(values)

    def parameter_rows(self, values: Mapping[str, Any] | None = None) -> list[ParameterRow]:
        env = self.environment(values)
        rows = []
        for path, fig in self.figures.items():
            value = np.ravel(env[path])
            rows.append(
                ParameterRow(
                    path,
                    float(value[0]),
                    fig.low,
                    fig.high,
                    fig.unit,
                    fig.source,
                    fig.confidence,
                    fig.ref or "",
                )
            )
        return rows

    # -- levers -------------------------------------------------------------------------------
    @cached_property
    def _lever_table(self) -> dict[str, tuple[str, LeverSpec]]:
        """Lever key (``"us.tariff"``) -> (player key, spec), in game order."""
        return {
            f"{player}.{lever}": (player, self.structure.lever_spec(player, lever))
            for player in self.structure.players
            for lever in self.structure.levers[player]
        }

    def _status_quo_value(self, player: str, spec: LeverSpec, env: Mapping[str, np.ndarray]) -> Any:
        sq = spec.status_quo
        if isinstance(sq, str) and sq.startswith("figure:"):
            return env[sq.removeprefix("figure:")]
        if isinstance(sq, str) and sq.startswith("param:"):
            path = f"{player}.{sq.removeprefix('param:')}"
            return env[path] if path in env else np.asarray(0.0)
        return sq

    def status_quo(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The observed lever setting as ``{"player.lever": value}`` (scalar ``values``)."""
        env = self.environment(values)
        out = {}
        for key, (player, spec) in self._lever_table.items():
            value = self._status_quo_value(player, spec, env)
            out[key] = float(value) if isinstance(value, np.ndarray) else value
        return out

    def levers(self, values: Mapping[str, Any] | None = None) -> list[Lever]:
        env = self.environment(values)
        out = []
        for key, (player, spec) in self._lever_table.items():
            name = self.structure.names[player]
            sq = self._status_quo_value(player, spec, env)
            if spec.options is not None:
                low = high = None
            elif spec.bounds is not None:
                low, high = spec.bounds
            else:  # the range the strategies and the status quo span
                index = self.structure.players.index(player)
                spanned = [
                    float(np.ravel(env[self._strategy_path(player, s, spec.name)])[0])
                    for s in self.strategy_keys[index]
                ]
                low, high = min(*spanned, float(sq)), max(*spanned, float(sq))
            shown = sq if spec.options is not None else float(np.ravel(sq)[0])
            out.append(
                Lever(
                    name,
                    key,
                    spec.unit,
                    low,
                    high,
                    spec.options,
                    spec.domain,
                    shown,
                    spec.description,
                )
            )
        return out

    def _strategy_path(self, player: str, strategy: str, lever: str) -> str:
        return f"{player}.{strategy}.{lever}"

    def strategy_settings(
        self, values: Mapping[str, Any] | None = None
    ) -> list[list[dict[str, Any]]]:
        env = self.environment(values)
        out = []
        for i, player in enumerate(self.structure.players):
            rows = []
            for s, skey in enumerate(self.strategy_keys[i]):
                row = {}
                for lever in self.structure.levers[player]:
                    if (player, lever) in self.categorical:
                        row[f"{player}.{lever}"] = self.categorical[(player, lever)][s]
                    else:
                        row[f"{player}.{lever}"] = float(
                            env[self._strategy_path(player, skey, lever)]
                        )
                rows.append(row)
            out.append(rows)
        return out

    # -- payoffs ------------------------------------------------------------------------------
    def _lever_arrays(self, settings: Mapping[str, Any]) -> dict[str, np.ndarray]:
        if not isinstance(settings, Mapping):
            raise ParameterError(
                'settings must be a mapping of levers to values, e.g. {"us.tariff": 0.47}; '
                f"got {type(settings).__name__}"
            )
        table = self._lever_table
        out = {}
        for key, value in settings.items():
            if key not in table:
                raise self._unknown(str(key), "lever", list(table))
            spec = table[key][1]
            options = spec.options
            if options is None and any(
                isinstance(v, str) and v in labels
                for v in np.ravel(np.asarray(value, dtype=object))
                for labels in self.strategy_labels
            ):
                raise ParameterError(
                    f"{key} takes a number, not a strategy name; "
                    "Scenario.strategy_settings() gives each strategy's lever values"
                )
            arr = lever_array(key, value, options)
            if spec.check is not None and options is None:
                _require(key, arr, *spec.check)
            out[key] = arr
        return out

    def _complete(self, levers: dict[str, np.ndarray], env: Mapping[str, np.ndarray]) -> dict:
        """Fill the levers not set with their status-quo values."""
        full = dict(levers)
        for key, (player, spec) in self._lever_table.items():
            if key not in full:
                sq = self._status_quo_value(player, spec, env)
                full[key] = lever_array(key, sq, spec.options)
        return full

    def _context(
        self,
        env: Mapping[str, np.ndarray],
        levers: Mapping[str, np.ndarray],
        shown: tuple[Any, Any] = (None, None),
        *,
        observe: bool = False,
    ) -> Context:
        points = math.prod(_batch_shape(env, levers))
        players = len(self.structure.players)
        _guard(points, "settings and parameter points", players, points * players)
        ctx = Context(self.structure, env, levers, observe=observe)
        try:
            with np.errstate(all="ignore"):  # extreme values are reported, not warned
                for block in blocks.REGISTRY:
                    if block.name in self.blocks:
                        block.evaluate(ctx)
        except ParameterError as exc:  # a block met a value its inputs made invalid
            raise ParameterError(
                f"the model cannot be evaluated{_shown(*shown)}: {exc}; an extreme value "
                "overflows it, check the values you set"
            ) from None
        return ctx

    def outcomes(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> dict[str, np.ndarray]:
        """Observable quantities at a lever setting, for checks against the record.

        ``imports_change.<flow>`` (import value relative to the status quo, minus
        1), ``exporter_share.<flow>`` (share of a small tariff the exporters
        bear), ``shortfall.<importer>`` and ``price_multiple.<importer>`` (mean
        over the control's duration), ``exports_change.<supplier>`` (fall in its
        sales of the controlled input) and ``entry_probability.<supplier>``;
        arrays in the broadcast shape of the arguments.
        """
        env = self.environment(values)
        levers = self._complete(self._lever_arrays(settings), env)
        ctx = self._context(env, levers, (values, settings), observe=True)
        return {
            name: np.asarray(v) + 0.0 for name, v in sorted(ctx.shared.get("outcomes", {}).items())
        }

    def _evaluate(
        self,
        env: Mapping[str, np.ndarray],
        levers: Mapping[str, np.ndarray],
        shown: tuple[Any, Any] = (None, None),
    ) -> np.ndarray:
        players = self.structure.players
        ctx = self._context(env, levers, shown)
        out = np.zeros((*_batch_shape(env, levers), len(players)))
        for k, player in enumerate(players):
            out[..., k] = ctx.out.get(player, 0.0)
        return out

    def payoffs(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Every player's payoff change from the status quo at a batch of lever settings.

        The arguments and result are those of :meth:`tradegame.Scenario.payoffs`.
        """
        env = self.environment(values)
        levers = self._complete(self._lever_arrays(settings), env)
        shown = (values, settings)
        return self._finite(self._change(env, levers, shown), values, settings)

    def _change(
        self,
        env: Mapping[str, np.ndarray],
        levers: Mapping[str, np.ndarray],
        shown: tuple[Any, Any],
    ) -> np.ndarray:
        """Payoffs at ``levers`` minus those at the status quo (computed only when a block
        is not zero there by construction)."""
        out = self._evaluate(env, levers, shown)
        active = [b for b in blocks.REGISTRY if b.name in self.blocks]
        if all(b.zero_at_status_quo for b in active):
            return out
        base = self._evaluate(env, self._complete({}, env), shown)
        with np.errstate(all="ignore"):  # overflow is reported by the caller
            return out - base

    def tensors(self, values: Mapping[str, Any] | None = None) -> np.ndarray:
        """Payoffs at every strategy profile for a batch of parameter points.

        ``values`` arrays must be 1-d of one length ``B`` (or scalars); the
        result has shape ``(B, n_players, *shape)``.
        """
        for name, value in (values or {}).items():
            if np.ndim(value) > 1:
                raise ParameterError(
                    f"{name}: give a number or a 1-d array of values; got shape {np.shape(value)}"
                )
        env = self.environment(values)
        sizes = {np.size(v) for v in env.values() if np.ndim(v) == 1} - {1}
        if len(sizes) > 1:
            raise ParameterError("the parameter arrays must all have the same length")
        n = len(self.structure.players)
        profiles = math.prod(len(k) for k in self.strategy_keys)
        points = max(sizes, default=1)
        _guard(points, "parameter points", n, points * n * profiles)
        env = {k: np.reshape(v, (-1,) + (1,) * n) if np.ndim(v) == 1 else v for k, v in env.items()}
        levers: dict[str, np.ndarray] = {}
        for i, player in enumerate(self.structure.players):
            for lever in self.structure.levers[player]:
                key = f"{player}.{lever}"
                if (player, lever) in self.categorical:
                    options = self._lever_table[key][1].options
                    column = lever_array(key, list(self.categorical[(player, lever)]), options)
                    stacked = column.reshape((1,) * (i + 1) + (-1,) + (1,) * (n - i - 1))
                else:
                    parts = [
                        np.reshape(np.asarray(env[self._strategy_path(player, s, lever)]), (-1,))
                        for s in self.strategy_keys[i]
                    ]
                    width = max(p.size for p in parts)
                    stacked = np.stack([np.broadcast_to(p, (width,)) for p in parts], axis=1)
                    stacked = stacked.reshape((width,) + (1,) * i + (-1,) + (1,) * (n - i - 1))
                levers[key] = stacked
        full = self._complete(levers, env)
        out = self._finite(self._change(env, full, (values, None)), values, None)
        shape = tuple(len(k) for k in self.strategy_keys)
        out = np.broadcast_to(out, np.broadcast_shapes(out.shape, (1, *shape, n)))
        return np.moveaxis(out, -1, 1).copy()

    def _finite(self, out: np.ndarray, values: Any, settings: Any) -> np.ndarray:
        if not np.isfinite(out).all():
            raise ParameterError(
                f"the payoffs are not finite numbers{_shown(values, settings)}: an extreme "
                "value overflows the model, check the values you set"
            )
        return out


def _guard(points: int, what: str, players: int, cells: int) -> None:
    """Refuse a call that would evaluate more than MAX_MODEL_PAYOFFS payoffs at once."""
    if cells > limits.MAX_MODEL_PAYOFFS:
        raise ParameterError(
            f"{points:,} {what} of this {players}-player scenario need {cells:,} payoffs at "
            f"once, more than the limit of {limits.MAX_MODEL_PAYOFFS:,} "
            "(tradegame.limits.MAX_MODEL_PAYOFFS): evaluate them in smaller batches"
        )


def _batch_shape(env: Mapping[str, np.ndarray], levers: Mapping[str, np.ndarray]) -> tuple:
    """The broadcast shape of every parameter and lever array, or a one-line error."""
    try:
        return np.broadcast_shapes(
            *(a.shape for a in env.values()), *(a.shape for a in levers.values())
        )
    except (ValueError, RuntimeError):
        shaped = {k: a.shape for k, a in {**levers, **env}.items() if a.ndim}
        shown = ", ".join(f"{k} {v}" for k, v in list(shaped.items())[:6])
        raise ParameterError(
            f"the settings and parameter arrays do not broadcast together: {shown}"
        ) from None


def _listing(what: str) -> str:
    if what == "lever":
        return "Scenario.levers() lists the levers"
    return "`tradegame show` lists the parameters"


def _require(name: str, arr: np.ndarray, ok: Any, expectation: str) -> None:
    good = np.asarray(ok(arr))
    if not np.all(good):
        bad = np.broadcast_to(arr, good.shape)[~good]
        raise ParameterError(f"{name} must be {expectation}; got {float(np.ravel(bad)[0]):g}")


def _shown(values: Mapping[str, Any] | None, settings: Mapping[str, Any] | None) -> str:
    """The values a caller set, for a message: ' at vault_days=1.8e+308'."""
    parts = []
    for mapping in (values or {}, settings or {}):
        for name, value in mapping.items():
            try:
                arr = np.ravel(np.asarray(value, dtype=float))
            except (TypeError, ValueError):
                continue
            more = f" (and {arr.size - 1} more)" if arr.size > 1 else ""
            parts.append(f"{name}={arr[0]:g}{more}")
    return " at " + ", ".join(parts) if parts else ""
