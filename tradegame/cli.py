"""The ``tradegame`` command line.

``tradegame solve PATH...`` solves scenario (``.toml``) or Gambit (``.nfg``)
files and prints the equilibria as a table, JSON or CSV; ``tradegame demo``
tours the built-in scenarios and writes a report comparing escalation with
the quid-pro-quo deal; ``tradegame scenarios`` lists them; ``report`` writes
a report on scenarios (Markdown and standalone HTML with figures); ``show``
prints a scenario's parameters with their sources and its levers; ``validate``
checks the trade model against the observed record (exit status 3 when a
moment falls outside its band); ``export`` writes a game as a Gambit file;
``compare`` solves several scenarios or parameter variants and shows who
gains and who loses against a baseline; ``sweep`` finds a scenario's
equilibria over a grid or Monte Carlo draws of its parameters, writes them as
Parquet chunks (resumable) and summarizes the regimes.
Text output fits the terminal (``COLUMNS``, else the terminal's width, else 100
columns when not a terminal): wide tables wrap their cells or become one block
per row (see :mod:`tradegame.terminal`); colour only on a terminal and
never with ``NO_COLOR`` set. JSON and CSV output is never wrapped.
Every user error (bad input, a bad option, an output file that must not be
replaced) prints one line and exits with status 2; a bug
prints one line and exits with status 1, and ``--debug`` shows its traceback.
Solvers stop at ``--time-limit`` and say so; on a terminal a progress line
shows how much of the budget a long run has used.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import stat
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from . import __version__
from .compare import strategy_texts
from .errors import ParameterError, TradegameError, command_line_terms
from .game import Game
from .limits import DEFAULT_TIME_LIMIT
from .nfg import read_nfg, write_nfg
from .scenario import list_scenarios, load_scenario, read_number, scenario_paths
from .solvers import METHODS, SolverResult, solve
from .solvers._budget import progress_reporter
from .terminal import (
    DEFAULT_WIDTH,
    colour,
    colour_enabled,
    fit_rows,
    fit_table,
    fit_text,
    layout_of,
    natural_width,
    terminal_width,
    wrap,
)

__all__ = ["main"]

FORMATS = ("table", "json", "csv")
_SNIFF_BYTES = 1 << 16  # read this much of a file without an extension to tell .nfg from TOML


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line that points to ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _seconds(text: str) -> float | None:
    if text.strip().lower() in ("none", "inf", "unlimited"):
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(
            f"expected a positive number of seconds or 'none', got {text!r}"
        )
    return value


def _positive_int(text: str) -> int:
    value = int(text) if text.strip().isascii() and text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def _port(text: str) -> int:
    value = int(text) if text.strip().isascii() and text.strip().isdigit() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port number from 0 to 65535 (0: a free one), got {text!r}"
        )
    return value


def _label(text: str) -> int | str:
    if text.strip().lower() == "all":
        return "all"
    if not text.strip().isdigit():  # int() would also take '1_0' and '+1'
        raise argparse.ArgumentTypeError(
            f"expected a label number (0-based, row strategies first) or 'all', got {text!r}"
        )
    return int(text)


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1 (a fraction of each player's payoff range), "
            f"got {text!r}"
        )
    return value


def _named(pairs: Sequence[str] | None, flag: str, form: str) -> Iterator[tuple[str, str]]:
    """``NAME=TEXT`` option values split once, each name at most once."""
    seen: set[str] = set()
    for pair in pairs or ():
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise ParameterError(f"{flag} expects {form}, got {pair!r}")
        if name in seen:
            raise ParameterError(f"{flag} {name} is given twice; give each parameter once")
        seen.add(name)
        yield name, text


def _overrides(pairs: Sequence[str] | None) -> dict[str, float]:
    """``--set name=value`` pairs as numbers (parsed with float, never evaluated)."""
    out: dict[str, float] = {}
    for name, text in _named(pairs, "--set", "NAME=VALUE"):
        try:
            out[name] = read_number(text)
        except ValueError:
            raise ParameterError(f"--set {name}: expected a number, got {text!r}") from None
    return out


def _is_nfg(path_or_name: str) -> bool:
    """Whether to read the target as a Gambit file: by extension, else by its first word."""
    suffix = Path(path_or_name).suffix.lower()
    if suffix in (".nfg", ".toml"):
        return suffix == ".nfg"
    try:
        if not stat.S_ISREG(os.stat(path_or_name).st_mode):
            return False  # a pipe or device: the scenario reader refuses it with a message
        with open(path_or_name, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except (OSError, ValueError):
        return False  # a built-in name, or an error the scenario reader reports
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"NFG")


def load_game(
    path_or_name: str, overrides: Sequence[str] | None = None, max_profiles: int | None = None
) -> tuple[Game, str]:
    """A game from a ``.nfg`` file, a scenario file, or a built-in scenario name, with the
    units of its payoffs (empty for a ``.nfg`` file, which does not say)."""
    if _is_nfg(path_or_name):
        if overrides:
            raise ParameterError(f"{path_or_name}: a .nfg game has no parameters to --set")
        return read_nfg(path_or_name, max_profiles=max_profiles), ""
    scenario = load_scenario(path_or_name, _overrides(overrides), max_profiles=max_profiles)
    return scenario.game(), scenario.payoff_units


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _screen() -> tuple[int, bool]:
    """Columns standard output may use, and whether to colour it."""
    return terminal_width(sys.stdout), colour_enabled(sys.stdout)


def _lines(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Prose wrapped to ``width`` (one empty line for empty text)."""
    return wrap(text, width, indent=indent, hanging=hanging) or [indent.rstrip()]


def format_table(
    result: SolverResult,
    origin: str,
    units: str = "",
    *,
    width: int = DEFAULT_WIDTH,
    colour_on: bool = False,
) -> str:
    """A readable block: the game, the method, the equilibria, within ``width`` columns.

    The equilibria are a table with one row each when it fits (cells wrapped
    if need be), else one block per equilibrium.
    """
    game = result.game
    title = f"{_one_line(game.name) or Path(origin).stem}  ({origin})"
    lines = [colour(line, "bold", colour_on) for line in _lines(title, width, "", "  ")]
    if game.source:
        lines.extend(_lines(f"source: {game.source}", width, "  ", "    "))
    if units:
        lines.extend(_lines(f"payoffs: {units}", width, "  ", "    "))
    lines.append("  players and strategies:")
    for player, labels in zip(game.players, game.strategies, strict=True):
        lines.extend(_lines(f"{player}: {' | '.join(labels)}", width, "    ", "      "))
    count = len(result.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    if not result.complete:
        kind = "may be incomplete"
    elif result.method == "pure":
        kind = "all pure equilibria found"
    else:
        kind = "all found"
    lines.extend(_lines(f"method: {result.method}; {count} {noun} ({kind})", width, "  ", "    "))
    headers = ["#", *game.players, *(f"{p} payoff" for p in game.players), "max regret"]
    rows = []
    # a payoff within the verification tolerance of zero is a rounding residue (4.6e-19)
    shown = result.tolerances
    for k, eq in enumerate(result.equilibria):
        rows.append(
            [
                str(k + 1),
                *strategy_texts(result, k),  # "1/2 concede + 1/2 escalate", as everywhere
                *(
                    "0" if abs(v) <= tol else f"{v:.4g}"
                    for v, tol in zip(eq.payoffs, shown, strict=True)
                ),
                f"{eq.max_regret:.1e}" if eq.max_regret else "0",
            ]
        )
    if rows:
        lines.append(
            fit_rows(
                headers,
                rows,
                width,
                indent="  ",
                heading=lambda row: f"equilibrium {row[0]}",
                colour_on=colour_on,
            )
        )
    for note in result.notes:
        lines.extend(_lines(f"note: {note}", width, "  ", "    "))
    return "\n".join(lines)


class _ProgressLine:
    """A one-line progress display on a terminal: share of the time budget used, and status."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.width = 0

    def __call__(self, method: str, elapsed: float, limit: float | None, status: str) -> None:
        columns = terminal_width(self.stream)
        if limit:
            filled = int(20 * min(1.0, elapsed / limit))
            head = f"[{'#' * filled}{'.' * (20 - filled)}] {elapsed:3.0f}/{limit:g} s"
        else:
            head = f"{elapsed:6.1f} s"
        text = f"{head}  {method}: {status}"[: max(10, columns - 1)]
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _solve_options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {"time_limit": args.time_limit}
    if args.label is not None:
        options["initial_dropped_label"] = args.label
    if args.exact is not None:
        options["exact"] = args.exact
    if args.tol is not None:
        options["tol"] = args.tol
    return options


def _cmd_solve(args: argparse.Namespace) -> int:
    results = []
    progress = _ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        with progress_reporter(progress):
            for target in args.paths:
                game, units = load_game(target, args.set, args.max_profiles)
                result = solve(game, args.method, **_solve_options(args))
                results.append((target, result, units))
                if progress is not None:
                    progress.clear()
    finally:
        if progress is not None:
            progress.clear()
    out = sys.stdout
    if args.format == "json":
        docs = [r.to_dict() for _, r, _ in results]
        json.dump(docs[0] if len(docs) == 1 else docs, out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        import pandas as pd

        frames = []
        for target, r, _ in results:
            frame = r.to_frame()
            frame.insert(0, "game", target)
            frames.append(frame)
        pd.concat(frames, ignore_index=True).to_csv(out, index=False, lineterminator="\n")
        for target, r, _ in results:  # the table and JSON say so; a CSV has no place for it
            if not r.complete:
                print(f"note: {target}: the list may be incomplete: {r.notes[-1]}", file=sys.stderr)
    else:
        width, colour_on = _screen()
        out.write(
            "\n\n".join(
                format_table(r, t, units, width=width, colour_on=colour_on)
                for t, r, units in results
            )
            + "\n"
        )
    return 0


def _profile(text: str, game: Game) -> dict[str, str]:
    """``--truce 'PLAYER=STRATEGY; ...'``: labels, unique prefixes or 1-based numbers."""
    chosen: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, label = (x.strip() for x in part.partition("="))
        if not sep or name not in game.players:
            raise ParameterError(
                f"--truce expects PLAYER=STRATEGY pairs separated by ';' with players "
                f"{', '.join(game.players)}; got {part!r}"
            )
        if name in chosen:
            raise ParameterError(f"--truce gives a strategy for {name!r} twice")
        menu = game.strategies[game.player_index(name)]
        if label in menu:
            chosen[name] = label
            continue
        if label.isdigit() and 1 <= int(label) <= len(menu):
            chosen[name] = menu[int(label) - 1]
            continue
        matches = [m for m in menu if m.startswith(label)] if label else []
        if len(matches) != 1:
            shown = "; ".join(f"{k + 1}: {m}" for k, m in enumerate(menu))
            raise ParameterError(
                f"--truce: {name!r} has no strategy {'matching ' if matches else ''}{label!r} "
                f"({'ambiguous' if matches else 'unknown'}); its strategies are {shown}"
            )
        chosen[name] = matches[0]
    return chosen  # players left out: tradegame.analyses checks them


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .analyses import analyze

    kind = args.analysis or "truce"  # --truce stores its PROFILE instead
    target = args.target
    suffix = Path(target).suffix.lower()
    if suffix == ".efg" or (suffix != ".toml" and _is_efg(target)):
        if kind != "sequential":
            raise ParameterError(
                f"{target}: a .efg game tree supports --sequential only (got --{kind})"
            )
        if args.set:
            raise ParameterError(f"{target}: a .efg game has no parameters to --set")
        from .extensive import read_efg, subgame_perfect

        result = subgame_perfect(read_efg(target))
        if args.format == "json":
            json.dump(result.to_dict(), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(fit_text(_tree_table(result, target), _screen()[0]))
        return 0
    if _is_nfg(target):
        raise ParameterError(
            f"{target}: a .nfg game has no move order or analysis tables; use a scenario file "
            "(docs/reference/scenario-format.md) or, for sequential play, a .efg tree"
        )
    scenario = load_scenario(target, _overrides(args.set), max_profiles=args.max_profiles)
    profile = None
    if kind == "truce" and args.truce:
        profile = _profile(args.truce, scenario.game())
    result = analyze(scenario, kind, profile=profile)
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        width, colour_on = _screen()
        sys.stdout.write(format_analysis(result, width=width, colour_on=colour_on))
    return 0


def format_analysis(result: Any, *, width: int = DEFAULT_WIDTH, colour_on: bool = False) -> str:
    """A :class:`tradegame.analyses.Analysis` as text of at most ``width`` columns.

    The findings as wrapped bullets, then each table (its first rows; JSON
    has them all), side by side when it fits, else one block per row.
    """
    from .analyses._record import TEXT_ROWS

    head = f"{result.analysis}: {result.game.get('name', '')}"
    lines = [colour(line, "bold", colour_on) for line in _lines(head, width, "", "  ")]
    if result.game.get("units"):
        lines.extend(_lines(f"payoffs in {result.game['units']}", width))
    lines.append("")
    for finding in result.findings:
        lines.extend(_lines(finding, width, "- ", "  "))
    if result.depends_on:
        shown = ", ".join(f"{k} = {v:g}" for k, v in result.depends_on.items())
        lines.extend(_lines(f"depends on: {shown}", width, "- ", "  "))
    for name, frame in result.tables.items():
        if frame.empty:
            continue
        shown = frame.head(TEXT_ROWS)
        shown = shown.set_axis([_header(c) for c in shown.columns], axis=1)
        lines.extend(["", colour(f"{name}:", "bold", colour_on)])
        lines.append(fit_table(shown, width, colour_on=colour_on))
        if len(frame) > TEXT_ROWS:
            lines.append(f"... {len(frame) - TEXT_ROWS} more rows (--format json has all)")
    return "\n".join(lines) + "\n"


def _header(name: Any) -> str:
    """A column name as a table heading: ``delta_star`` reads ``delta star`` (and can wrap);
    a dotted parameter name (``us.revenue_share``) stays as it is spelt."""
    text = str(name)
    return text if "." in text else text.replace("_", " ")


def _is_efg(path: str) -> bool:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except (OSError, ValueError):
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"EFG")


def _tree_table(result: Any, origin: str) -> str:
    doc = result.to_dict()
    count = len(doc["equilibria"])
    lines = [f"{origin}: {count} subgame-perfect equilibri{'um' if count == 1 else 'a'}"]
    lines.extend(f"note: {note}" for note in doc.get("notes", []))
    for k, eq in enumerate(doc["equilibria"], 1):
        path = " > ".join(eq["path"]) or "(decided at the root by chance or mixing)"
        pays = ", ".join(f"{p} {v:.6g}" for p, v in eq["payoffs"].items())
        lines.append(f"{k}. path {path}; payoffs {pays}")
        for off in eq.get("offpath", []):
            if not isinstance(off, dict) or off.get("kind") == "neither":
                continue
            whom = ", ".join(off.get("threatens", []) + off.get("promises", []))
            lines.append(
                f"   off the path, at {off.get('node')}: {off.get('player')} plays "
                f"{off.get('action')!r}, a {off.get('kind')} to {whom}"
            )
    return "\n".join(lines) + "\n"


DEMO_REPORT = ("rare_earth_escalation_2025", "quid_pro_quo_busan_2025")
"""The scenarios the demo's report compares; the first is the baseline."""


def _demo_headline(result: SolverResult, units: str, width: int) -> list[str]:
    """What the model predicts for a scenario: its first equilibrium, in a few lines."""
    game = result.game
    count = len(result.equilibria)
    if not count:
        return _lines("no equilibrium found within the time limit", width, "  ", "    ")
    eq = result.equilibria[0]
    # mixed strategies read as in compare, sweep and reports: "0.5 concede + 0.5 escalate"
    texts = strategy_texts(result, 0)
    plays = "; ".join(f"{p}: {t}" for p, t in zip(game.players, texts, strict=True))
    pays = ", ".join(
        f"{p} {0 if abs(v) <= tol else v:.4g}"
        for p, v, tol in zip(game.players, eq.payoffs, result.tolerances, strict=True)
    )
    which = "one equilibrium" if count == 1 else f"equilibrium 1 of {count}"
    if not result.complete:
        which += " (more may exist)"
    lines = _lines(f"{which} - {plays}", width, "  ", "    ")
    lines.extend(_lines(f"payoffs: {pays}" + (f" ({units})" if units else ""), width, "  ", "    "))
    return lines


_DEMO_NEXT = (
    ("tradegame solve NAME", "every equilibrium, with its max regret (--format json or csv)"),
    ("tradegame show NAME", "the parameters with their sources, the levers, the payoff table"),
    (
        "tradegame analyze NAME --truce",
        "is a deal self-enforcing? (also --sequential, --bargain, "
        "--alliance, --attrition where a scenario supports them)",
    ),
    ("tradegame compare A B", "who gains and who loses, against a baseline"),
    ("tradegame sweep NAME --summary", "where the equilibrium switches as parameters move"),
    ("tradegame report NAME --out DIR", "a report with figures; README.md for the Python API"),
    ("tradegame explore NAME", "sliders on the parameters, live equilibria, in the browser"),
)


def _glossary(entries: Sequence[tuple[str, str]], width: int) -> list[str]:
    """``term  explanation`` lines, explanations lined up and wrapped beside the terms (or
    below them, when the terms would take more than half the line)."""
    column = 2 + max(len(term) for term, _ in entries) + 2
    lines = []
    for term, text in entries:
        if column <= width // 2:
            lines.extend(_lines(text, width, f"  {term}".ljust(column), " " * column))
        else:
            lines.append(f"  {term}")
            lines.extend(_lines(text, width, "      "))
    return lines


def _cmd_demo(args: argparse.Namespace) -> int:
    width, colour_on = _screen()
    out: list[str] = []
    paths = scenario_paths()
    out.extend(
        _lines(
            f"tradegame {__version__}: a short tour. Each of the {len(paths)} built-in scenarios "
            "is a game between trade powers, solved just now for its Nash equilibria (each one "
            "verified: no player gains by changing strategy alone).",
            width,
        )
    )
    for name, path in paths.items():
        scenario = load_scenario(path)
        result = solve(scenario.game())
        shape = "x".join(str(n) for n in scenario.game().shape)
        out.append("")
        out.extend(
            colour(line, "bold", colour_on)
            for line in _lines(f"{_one_line(scenario.title)} ({name}, {shape})", width, "", "  ")
        )
        out.extend(_demo_headline(result, scenario.payoff_units, width))
    out.extend(["", colour("Next:", "bold", colour_on)])
    out.extend(_glossary(_DEMO_NEXT, width))
    baseline, deal = DEMO_REPORT
    out.append("")
    out.extend(
        _lines(
            f"Writing the report that compares escalation ({baseline}) with the quid-pro-quo "
            f"deal ({deal}), with figures; open index.html in a browser (the Markdown is beside "
            "it, index.md):",
            width,
        )
    )
    sys.stdout.write("\n".join(out) + "\n")
    sys.stdout.flush()  # the tour shows while the report is being written
    from .report import write_report

    path = write_report([baseline, deal], args.report, baseline=baseline)
    sys.stdout.write(colour(f"wrote {path}", "bold", colour_on) + "\n")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    scenarios = args.scenarios
    if args.set:
        overrides = _overrides(args.set)
        scenarios = [load_scenario(name, overrides) for name in scenarios]
    path = write_report(
        scenarios, args.out, baseline=args.baseline, timestamp=not args.no_timestamp
    )
    print(f"wrote {path}")
    print(f"wrote {Path(path).with_name('index.md')}")
    return 0


def _cmd_explore(args: argparse.Namespace) -> int:
    from .explorer import Catalog, serve

    catalog = Catalog()
    default = None
    if args.name is not None:
        default = args.name if args.name in catalog.names else catalog.add(args.name)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how the explorer is stopped
        serve(
            catalog,
            default=default,
            host=args.host,
            port=args.port,
            open_browser=not args.no_browser,
            announce=lambda line: print(line, flush=True),
        )
    print("explorer stopped", flush=True)
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    width, colour_on = _screen()
    frame = list_scenarios()
    print(fit_table(frame, width, colour_on=colour_on))
    print()
    print(
        "\n".join(
            _lines(
                "Solve one with `tradegame solve NAME`; see its parameters and sources with "
                "`tradegame show NAME`.",
                width,
            )
        )
    )
    return 0


def _parameter_lines(params: Any, width: int, colour_on: bool) -> list[str]:
    """The parameter table if it fits; else a block per parameter, its source below it."""
    rows = [
        [
            r.parameter + (" *" if r.overridden else ""),
            f"{r.value:.6g}",
            _range(r.low, r.high),
            r.unit,
            r.confidence,
            f"{r.source} [{r.ref}]" if r.ref else r.source,
        ]
        for r in params.itertuples()
    ]
    headers = ["parameter", "value", "low-high", "unit", "confidence", "source [calibration key]"]
    if natural_width(headers, rows) + 2 <= width:
        return [fit_rows(headers, rows, width, indent="  ", layout="table", colour_on=colour_on)]
    lines = []
    for name, value, span, unit, confidence, source in rows:
        head = f"{name} = {value}" + (f" {unit}" if unit else "")
        facts = [f"low-high {span}"] if span else []
        facts.append(f"confidence {confidence}")
        lines.extend(
            colour(line, "bold", colour_on) if k == 0 else line
            for k, line in enumerate(_lines(f"{head} ({'; '.join(facts)})", width, "  ", "    "))
        )
        lines.extend(_lines(source, width, "      "))
    return lines


def _cmd_show(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.name, _overrides(args.set), max_profiles=args.max_profiles)
    width, colour_on = _screen()
    lines = [
        colour(line, "bold", colour_on)
        for line in _lines(f"{_one_line(scenario.title)}  ({scenario.path})", width, "", "  ")
    ]
    if scenario.description:
        lines.extend(_lines(scenario.description, width, "  "))
    units = scenario.payoff_units or "unstated units"
    lines.extend(_lines(f"model: {scenario.model}; payoffs in {units}", width, "  ", "    "))
    lines.extend(
        _lines(
            f"source: {scenario.citation} [confidence: {scenario.confidence}]", width, "  ", "    "
        )
    )
    lines.append("")
    params = scenario.parameters()
    if scenario.model != "explicit":
        lines.extend(
            _lines("Parameters (override with --set NAME=VALUE; sweep within low-high):", width)
        )
        lines.extend(_parameter_lines(params, width, colour_on))
        if any(params["overridden"]):
            lines.append("  * overridden on the command line")
        lines.append("")
        lines.extend(
            _lines(
                "Levers (what each player sets; payoffs are changes from the status quo):", width
            )
        )
        rows = [
            [
                lv.lever,
                " / ".join(_option(v) for v in lv.values)
                if lv.values is not None
                else _range(lv.low, lv.high),
                lv.unit if isinstance(lv.unit, str) else "",
                _option(lv.status_quo),
                lv.description,
            ]
            for lv in scenario.levers().itertuples()
        ]
        headers = ["lever", "values", "unit", "status quo", "description"]
        lines.append(fit_rows(headers, rows, width, indent="  ", colour_on=colour_on))
        lines.append("")
    lines.append("Payoff table:")
    lines.append(_payoff_table(scenario.game(), width, colour_on))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _payoff_table(game: Game, width: int, colour_on: bool) -> str:
    """A game's payoffs, one row per profile: a strategy column per player when that fits,
    else the profile in one wrapped column; one block per profile when neither fits."""
    frame = game.to_frame()
    pay = [c for c in frame.columns if c.endswith(" payoff")]
    rows = [
        [
            f"{round(v, 3) + 0.0:g}" if c in pay else _one_line(str(v))  # + 0.0: no '-0'
            for c, v in zip(frame.columns, row, strict=True)
        ]
        for row in frame.itertuples(index=False, name=None)
    ]
    headers = [str(c) for c in frame.columns]
    if layout_of(headers, rows, width) != "records":
        return fit_rows(headers, rows, width, colour_on=colour_on)
    n = game.n_players
    merged = [[" / ".join(row[:n]), *row[n:]] for row in rows]
    profile = f"profile ({' / '.join(game.players)})"
    merged_headers = [profile, *game.players]
    if layout_of(merged_headers, merged, width, max_lines=6) != "records":
        return fit_rows(merged_headers, merged, width, max_lines=6, colour_on=colour_on)
    return fit_rows(headers, rows, width, colour_on=colour_on)


def _range(low: Any, high: Any) -> str:
    def shown(x: Any) -> str:
        return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.6g}"

    low_text, high_text = shown(low), shown(high)
    return f"{low_text}-{high_text}" if low_text or high_text else ""


def _option(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validation_table

    table = validation_table(args.name, _overrides(args.set) or None)
    if table.empty:
        raise ParameterError(
            f"no observed moment can be computed from {args.name}: the moments need the US "
            "tariff on China, China's soybean tariff, or China's control against the US, the "
            "EU and Japan; run `tradegame validate` without a name to use the reference scenarios"
        )
    failed = int((~table["passed"]).sum())
    if args.format == "json":
        records = [
            {
                k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in r.items()
            }
            for r in table.to_dict(orient="records")
        ]
        json.dump({"moments": records, "failed": failed}, sys.stdout, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        rows = [
            [
                r.moment.removeprefix("moment_"),
                f"{r.observed:.3g}",
                f"[{r.low:.3g}, {r.high:.3g}]",
                f"{r.model:.3g}",
                "pass" if r.passed else "FAIL",
                r.scenario,
                r.fitted or "-",
            ]
            for r in table.itertuples()
        ]
        headers = ["moment", "observed", "band", "model", "result", "scenario", "fitted"]
        width, colour_on = _screen()
        lines = [
            fit_rows(
                headers,
                rows,
                width,
                styles={"result": lambda t: "green" if t == "pass" else "red"},
                colour_on=colour_on,
            ),
            "",
            "Sources:",
        ]
        for r in table.itertuples():
            lines.extend(
                _lines(
                    f"{r.moment.removeprefix('moment_')}: {r.description}; {r.source}",
                    width,
                    "  ",
                    "    ",
                )
            )
        lines.append("")
        lines.extend(
            _lines(
                f"{len(table) - failed} of {len(table)} moments inside their band"
                + (f"; {failed} outside" if failed else "")
                + ". 'fitted' names the parameters calibrated to that moment.",
                width,
            )
        )
        sys.stdout.write("\n".join(lines) + "\n")
    return 3 if failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    game, _ = load_game(args.source, args.set, args.max_profiles)
    written = write_nfg(game, args.output, outcomes=args.outcomes, parents=args.parents)
    print(f"wrote {written}")
    return 0


def _variant_option(text: str) -> tuple[str, dict[str, float]]:
    """``--variant 'NAME: key=value, key=value'`` as a name and numbers (never evaluated)."""
    name, sep, rest = text.partition(":")
    name = name.strip()
    if not sep or not name:
        raise ParameterError(
            "--variant expects 'NAME: key=value, key=value' (a name, a colon, then the "
            f"overrides; 'NAME:' for the file's own numbers), got {text!r}"
        )
    values: dict[str, float] = {}
    for pair in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, number = (x.strip() for x in pair.partition("="))
        if not eq or not key:
            raise ParameterError(f"--variant {name!r}: expected key=value, got {pair!r}")
        if key in values:
            raise ParameterError(f"--variant {name!r}: {key} is given twice")
        try:
            if "_" in number:  # float() reads 1_0 as 10: a typo, not a number
                raise ValueError(number)
            values[key] = float(number)
        except ValueError:
            raise ParameterError(
                f"--variant {name!r}: {key}: expected a number, got {number!r}"
            ) from None
    return name, values


def _variants(texts: Sequence[str] | None) -> dict[str, dict[str, float]] | None:
    if not texts:
        return None
    out: dict[str, dict[str, float]] = {}
    for text in texts:
        name, values = _variant_option(text)
        if name in out:
            raise ParameterError(f"--variant {name!r} is given twice; variant names are unique")
        out[name] = values
    return out


def _baseline_option(text: str | None) -> str | tuple[str, str] | None:
    """``--baseline NAME`` or ``--baseline 'SCENARIO: VARIANT'`` (variants have no colon)."""
    if text is None or ":" not in text:
        return text
    scenario, _, variant = text.rpartition(":")
    return scenario.strip(), variant.strip()


def _index_option(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number from 0, got {text!r}")
    return int(text)


def _number(value: float, *, signed: bool = False, zero: float = 0.0) -> str:
    if math.isnan(value):
        return "-"
    if abs(value) <= zero:
        return "0"
    return f"{value:+.4g}" if signed else f"{value:.4g}"


def _change(value: float, moved: bool) -> str:
    """A change within the verification tolerance (neither a gain nor a loss) shows as 0."""
    return _number(value, signed=True) if moved or math.isnan(value) else "0"


def _sign_style(text: str) -> str | None:
    """Green for a gain, red for a loss."""
    return (
        "gain" if text.startswith("+") else "loss" if text.startswith("-") and text != "-" else None
    )


def format_comparison(frame: Any, *, width: int = DEFAULT_WIDTH, colour_on: bool = False) -> str:
    """A :func:`tradegame.compare.compare` frame as text of at most ``width`` columns.

    One block per scenario and variant: a headline line per equilibrium (who
    gains, who loses, the total), then a row per player with the payoff, the
    baseline payoff, the change and the strategy.
    """
    from .compare import headline

    base = frame.attrs.get("baseline", {})
    titles = frame.attrs.get("titles", {})
    lines = []
    if base:
        which = (
            f"equilibrium {base['equilibrium']} of {base['equilibria']}"
            if base["equilibrium"] is not None
            else "no equilibrium found"
        )
        lines.extend(
            _lines(f"Baseline: {base['scenario']} ({base['variant']}), {which}", width, "", "  ")
        )
        if base["profile"]:
            lines.extend(_lines(base["profile"], width, "  ", "    "))
    if frame.attrs.get("units"):
        lines.extend(_lines(f"Payoffs: {frame.attrs['units']}.", width, "", "  "))
    lines.extend(
        _lines(
            "change = payoff - the same player's baseline payoff; change % of |baseline payoff|.",
            width,
            "",
            "  ",
        )
    )
    scale = max(1.0, float(frame["payoff"].abs().max())) if len(frame) else 1.0
    zero = 1e-12 * scale  # rounding residues of payoffs that are zero (4.6e-19)
    heads = headline(frame)
    for (scenario, variant), block in frame.groupby(["scenario", "variant"], sort=False):
        title = titles.get(scenario, "")
        head = f"{scenario} / {variant}"
        if (scenario, variant) == (base.get("scenario"), base.get("variant")):
            head += " (baseline)"
        if title and title != scenario:
            head += f" - {title}"
        lines.append("")
        lines.extend(colour(x, "bold", colour_on) for x in _lines(head, width, "", "  "))
        if not block["complete"].iloc[0]:
            lines.append("  (the list of equilibria may be incomplete)")
        for k, rows in block.groupby("equilibrium", sort=False):
            head = heads[
                (heads.scenario == scenario) & (heads.variant == variant) & (heads.equilibrium == k)
            ].iloc[0]
            gains = ", ".join(
                f"{r.player} {_number(r.change, signed=True)}"
                for r in rows[rows.gains].sort_values("change", ascending=False).itertuples()
            )
            losses = ", ".join(
                f"{r.player} {_number(r.change, signed=True)}"
                for r in rows[rows.loses].sort_values("change").itertuples()
            )
            parts = [
                f"gains: {gains or 'none'}",
                f"losses: {losses or 'none'}",
                f"total change {_number(head.total_change, signed=True, zero=zero)}",
            ]
            if head.not_in_baseline:
                parts.append(f"not in the baseline: {head.not_in_baseline}")
            kind = "pure" if head.pure else "mixed"
            lines.extend(
                _lines(f"equilibrium {k} ({kind}): " + "; ".join(parts), width, "  ", "    ")
            )
            table = [
                [
                    r.player,
                    _number(r.payoff, zero=zero),
                    _number(r.baseline_payoff, zero=zero),
                    _change(r.change, r.gains or r.loses),
                    "-" if math.isnan(r.change_pct) else f"{r.change_pct:+.1f}%",
                    r.strategy,
                ]
                for r in rows.itertuples()
            ]
            headers = ["player", "payoff", "baseline", "change", "change %", "strategy"]
            lines.append(
                fit_rows(
                    headers,
                    table,
                    width,
                    indent="    ",
                    styles={"change": _sign_style, "change %": _sign_style},
                    colour_on=colour_on,
                )
            )
    return "\n".join(lines) + "\n"


def _cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare

    frame = compare(
        args.scenarios,
        baseline=_baseline_option(args.baseline),
        variants=_variants(args.variant),
        overrides=_overrides(args.set) or None,
        baseline_equilibrium=args.baseline_equilibrium,
        time_limit=args.time_limit,
    )
    out = sys.stdout
    if args.format == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    elif args.format == "json":
        records = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in frame.to_dict(orient="records")
        ]
        json.dump(records, out, indent=2, allow_nan=False)
        out.write("\n")
    else:
        width, colour_on = _screen()
        out.write(format_comparison(frame, width=width, colour_on=colour_on))
    return 0


def _grid_options(texts: Sequence[str] | None) -> dict[str, Any]:
    from .sweep import parse_grid

    grid: dict[str, Any] = {}
    for text in texts or ():
        name, values = parse_grid(text)
        if name in grid:
            raise ParameterError(f"--grid {name} is given twice; give each parameter once")
        grid[name] = values
    return grid


def _sample_options(texts: Sequence[str] | None) -> dict[str, str]:
    from .sampling import Distribution

    sample: dict[str, str] = {}
    form = "PARAM=DISTRIBUTION, e.g. sigma='uniform(0.1, 0.25)'"
    for name, text in _named(texts, "--sample", form):
        try:
            Distribution.parse(text)
        except ParameterError as exc:
            raise ParameterError(f"--sample {name}: {exc}") from None
        sample[name] = text.strip()
    return sample


def _dask_client(address: str | None) -> Any:
    if address is None:
        return None
    try:
        from distributed import Client
    except ImportError:
        raise ParameterError(
            "--scheduler runs the sweep on a Dask cluster: install the extra with "
            "pip install 'tradegame[dask]'"
        ) from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParameterError(f"--scheduler {address}: cannot connect ({exc})") from None


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep import SweepSpec, run_sweep
    from .sweep_summary import check_sobol_samples, summarize

    if args.summary:
        check_sobol_samples(args.sobol_samples)
    levels = None
    if args.sample_ranges is not None:
        levels = [x.strip() for x in args.sample_ranges.split(",") if x.strip()]
    spec = SweepSpec.build(
        args.name,
        grid=_grid_options(args.grid),
        sample=_sample_options(args.sample),
        sample_ranges=levels,
        samples=args.samples,
        seed=args.seed,
        equilibria=args.equilibria,
        chunk_size=args.chunk_size,
        overrides=_overrides(args.set),
        tol=args.tol,
        time_limit=args.time_limit,
    )
    client = _dask_client(args.scheduler)
    try:
        run = run_sweep(
            spec,
            out=args.out,
            workers=args.workers,
            client=client,
            progress=False if args.no_progress else None,
            keep=args.out is None,
        )
    finally:
        if client is not None:
            client.close()
    out = io.StringIO()
    spec = run.spec  # resuming without --seed takes the recorded one
    what = f"{spec.points:,} points of {spec.scenario.name}"
    if spec.sample:
        what += f" (seed {spec.seed})"
    if args.out is not None:
        resumed = f"; {run.skipped} already on disk were skipped" if run.skipped else ""
        if spec.sample and not spec.seed_given and run.skipped:
            resumed += f"; the draws use the recorded seed {spec.seed}"
        out.write(
            f"sweep: {what} in {spec.chunks} chunks ({run.computed} computed{resumed})\n"
            f"wrote {args.out} (read it with pandas.read_parquet({str(args.out)!r}))\n"
        )
    else:
        out.write(f"sweep: {what}; give --out DIR to keep the table\n")
    if run.damaged:
        out.write(f"note: {run.damaged} damaged chunks on disk were computed again\n")
    summary = summarize(
        run, thresholds=args.summary, sensitivity=args.summary, n_sobol=args.sobol_samples
    )
    out.write(str(summary) + "\n")
    sys.stdout.write(fit_text(out.getvalue(), _screen()[0]))
    return 0


def _common(sub: argparse.ArgumentParser, *, reads: bool = True) -> None:
    # SUPPRESS keeps the subcommand from resetting a --debug given before it
    sub.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    if reads:
        sub.add_argument(
            "--max-profiles",
            type=_positive_int,
            default=None,
            metavar="N",
            help="refuse games with more pure profiles than this (default: 10,000,000)",
        )
        sub.add_argument(
            "--set",
            action="append",
            metavar="NAME=VALUE",
            help="override a scenario parameter, e.g. --set india.inventory_days=60 (repeatable)",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tradegame",
        description="Trade-policy conflicts as games: solve scenarios for equilibria, analyse "
        "them and write reports. Start with `tradegame demo`.",
    )
    parser.add_argument("--version", action="version", version=f"tradegame {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("solve", help="solve scenario (.toml) or Gambit (.nfg) files")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="scenario file, .nfg file or built-in scenario name",
    )
    p.add_argument(
        "--method",
        default="auto",
        choices=["auto", *METHODS],
        metavar="METHOD",
        help=f"equilibrium method: {', '.join(['auto', *METHODS])} (default: auto)",
    )
    p.add_argument(
        "--format", default="table", choices=FORMATS, help="output format (default: table)"
    )
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"stop and report what was found after this long (default: {DEFAULT_TIME_LIMIT:g}; "
        "'none' for no limit)",
    )
    p.add_argument(
        "--label",
        type=_label,
        default=None,
        help="lemke-howson: initial dropped label (0-based; row strategies first) or 'all'",
    )
    arithmetic = p.add_mutually_exclusive_group()
    arithmetic.add_argument(
        "--float",
        dest="exact",
        action="store_false",
        default=None,
        help="pivot in floating point (faster; the default of auto for computed payoffs)",
    )
    arithmetic.add_argument(
        "--exact",
        dest="exact",
        action="store_true",
        help="pivot in exact arithmetic (the default of auto for short fractions)",
    )
    p.add_argument(
        "--tol",
        type=_tolerance,
        default=None,
        help="regret tolerance as a fraction of each player's payoff range (default: 1e-9)",
    )
    _common(p)
    p.set_defaults(func=_cmd_solve)

    p = sub.add_parser(
        "analyze",
        help="strategic analyses: sequential play, truces, bargaining, alliances, standoffs",
    )
    p.add_argument(
        "target", metavar="NAME_OR_PATH", help="built-in scenario name, scenario file or .efg tree"
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--sequential",
        dest="analysis",
        action="store_const",
        const="sequential",
        help="backward induction on the move order; threats and their credibility",
    )
    which.add_argument(
        "--truce",
        nargs="?",
        const="",
        metavar="PROFILE",
        help="critical discount factors of a deal ('PLAYER=STRATEGY; ...'; default: the "
        "scenario's deal)",
    )
    which.add_argument(
        "--bargain",
        dest="analysis",
        action="store_const",
        const="bargain",
        help="Nash, Kalai-Smorodinsky, Rubinstein and threat bargaining over the deal terms",
    )
    which.add_argument(
        "--alliance",
        dest="analysis",
        action="store_const",
        const="alliance",
        help="coalition values, club stability and the pool's cost split",
    )
    which.add_argument(
        "--attrition",
        dest="analysis",
        action="store_const",
        const="attrition",
        help="the standoff as a war of attrition: concession rates and expected length",
    )
    p.add_argument("--format", default="table", choices=["table", "json"], help="output format")
    _common(p)
    p.set_defaults(func=_cmd_analyze, analysis=None)

    p = sub.add_parser(
        "demo",
        help="a short tour: the built-in scenarios solved, then a report comparing escalation "
        "with the quid-pro-quo deal",
        description="Solve every built-in scenario and print what each predicts, then write "
        "the report comparing rare_earth_escalation_2025 (the baseline) with "
        "quid_pro_quo_busan_2025 into --report DIR and print the path of its index.html.",
    )
    p.add_argument(
        "--report",
        default="demo-report",
        metavar="DIR",
        help="folder for the report (index.html, index.md, figures/; default: demo-report)",
    )
    _common(p, reads=False)
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "report",
        help="write a report on scenarios (Markdown and standalone HTML with figures)",
        description="Write DIR/index.html (standalone: figures embedded, no external "
        "requests), DIR/index.md and DIR/figures/: a plain-words summary, the parameters with "
        "their sources, the payoff table, equilibria, strategic analyses, comparisons against "
        "the baseline and sensitivity. Prints the paths written.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="NAME_OR_PATH",
        help="built-in scenario names or scenario files",
    )
    p.add_argument(
        "--baseline",
        metavar="NAME",
        help="the scenario the others are compared with (added when not listed; default: the "
        "first of several)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="folder to write (created if missing; its report files are replaced)",
    )
    p.add_argument(
        "--no-timestamp",
        action="store_true",
        help="leave out the time of writing, so the same inputs give byte-identical files",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a parameter in every scenario named, e.g. --set sigma=0.2 (repeatable)",
    )
    _common(p, reads=False)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "show", help="a scenario's parameters with their sources, and its payoff table"
    )
    p.add_argument("name", metavar="NAME_OR_PATH", help="built-in scenario name or scenario file")
    _common(p)
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser(
        "validate",
        help="check the trade model against observed 2018-2025 moments (exit 3 on a failure)",
    )
    p.add_argument(
        "name",
        metavar="NAME_OR_PATH",
        nargs="?",
        default=None,
        help="scenario to evaluate (default: each moment's reference built-in scenario)",
    )
    p.add_argument("--format", default="table", choices=["table", "json"], help="output format")
    _common(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "explore",
        help="explore a scenario in the browser: sliders on its parameters, live equilibria",
    )
    p.add_argument(
        "name",
        metavar="NAME_OR_PATH",
        nargs="?",
        default=None,
        help="scenario to open first, built-in or file (default: the Busan quid pro quo)",
    )
    p.add_argument("--port", type=_port, default=0, help="port to listen on (default: a free one)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: reachable from this machine only)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    _common(p, reads=False)
    p.set_defaults(func=_cmd_explore)

    p = sub.add_parser("scenarios", help="list the built-in scenarios")
    _common(p, reads=False)
    p.set_defaults(func=_cmd_scenarios)

    p = sub.add_parser("export", help="write a scenario or game as a Gambit .nfg file")
    p.add_argument(
        "source", metavar="PATH", help="scenario file, .nfg file or built-in scenario name"
    )
    p.add_argument(
        "output", metavar="OUT.nfg", help="file to write (replaced whole, or not at all)"
    )
    p.add_argument(
        "--outcomes", action="store_true", help="write the outcome version of the format"
    )
    p.add_argument("--parents", action="store_true", help="create missing folders of OUT.nfg")
    _common(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "compare",
        help="compare scenarios or parameter variants: who gains, who loses, by how much",
        description="Solve each scenario (under each --variant) and compare every player's "
        "equilibrium payoff with the same player's payoff in the baseline.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="NAME_OR_PATH",
        help="built-in scenario names or scenario files (payoffs in the same units)",
    )
    p.add_argument(
        "--baseline",
        metavar="NAME",
        help="what the others are compared with: a scenario, a variant (one scenario) or "
        "'SCENARIO: VARIANT' (default: the first)",
    )
    p.add_argument(
        "--baseline-equilibrium",
        type=_index_option,
        default=0,
        metavar="K",
        help="which of the baseline's equilibria, numbered from 0 as in the csv (default: 0)",
    )
    p.add_argument(
        "--variant",
        action="append",
        metavar="'NAME: KEY=VALUE, ...'",
        help="solve every scenario under these overrides, under this name, e.g. --variant "
        "'long stocks: india.inventory_days=90' (repeatable; 'NAME:' alone for the file's own "
        "numbers)",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a parameter of every scenario and variant (repeatable)",
    )
    p.add_argument(
        "--format",
        default="table",
        choices=FORMATS,
        help="table, or the full tidy frame as csv or json records (default: table)",
    )
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"time each solve may take (default: {DEFAULT_TIME_LIMIT:g}; 'none' for no limit)",
    )
    _common(p, reads=False)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "sweep",
        help="equilibria over a grid or Monte Carlo draws of a scenario's parameters",
        description="Sweep a scenario's parameters: every point's equilibria, one row per "
        "(point, equilibrium, player), written as Parquet chunks to --out (resumable). Without "
        "--grid, --sample or --sample-ranges the scenario file's [sweep] table says what to "
        "sweep. Prints the share of points in each regime (the list of a point's equilibria).",
    )
    p.add_argument("name", metavar="NAME_OR_PATH", help="built-in scenario name or scenario file")
    p.add_argument(
        "--grid",
        action="append",
        metavar="PARAM=START:STOP:NUM",
        help="NUM evenly spaced values from START to STOP (repeatable; every combination)",
    )
    p.add_argument(
        "--sample",
        action="append",
        metavar="PARAM=DIST",
        help="draw PARAM from a distribution, e.g. sigma='uniform(0.1, 0.25)'; also loguniform, "
        "normal, lognormal, triangular, truncnormal (repeatable)",
    )
    p.add_argument(
        "--sample-ranges",
        metavar="LEVELS",
        help="draw every parameter of these confidence levels (low, medium, high, illustrative, "
        "comma-separated, or all; see the confidence column of tradegame show NAME) uniformly "
        "from its calibrated low-high range",
    )
    p.add_argument(
        "--samples", type=_positive_int, metavar="N", help="draws (at every grid point, the same)"
    )
    p.add_argument(
        "--seed",
        type=_index_option,
        metavar="S",
        help="seed of the draws (default: chosen at random and printed; a rerun into the same "
        "--out reuses it)",
    )
    p.add_argument(
        "--equilibria",
        default="auto",
        choices=["auto", "all", "pure"],
        help="all equilibria, pure ones only, or auto (all for two players, pure for more)",
    )
    p.add_argument("--out", metavar="DIR", help="folder for the Parquet table (resumable)")
    p.add_argument(
        "--chunk-size",
        type=_positive_int,
        metavar="N",
        help="points per chunk (default: 32,768, fewer for large games; a rerun into the same "
        "--out must use the same)",
    )
    p.add_argument("--workers", type=_positive_int, metavar="N", help="local worker processes")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the chunks on a Dask cluster (tcp://host:8786; needs tradegame[dask])",
    )
    p.add_argument(
        "--summary",
        action="store_true",
        help="also print the thresholds where the regime switches and Sobol sensitivity indices",
    )
    p.add_argument(
        "--sobol-samples",
        type=_positive_int,
        default=512,
        metavar="N",
        help="base sample N of the Sobol design, a power of 2 (default: 512); the model is "
        "evaluated N x (parameters + 2) times",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--tol", type=_tolerance, default=None, metavar="TOL", help="regret tolerance")
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help="seconds per game where a per-game solver runs",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="fix another parameter, e.g. --set mcpf=1.2 (repeatable)",
    )
    _common(p, reads=False)
    p.set_defaults(func=_cmd_sweep)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    if sys.stdout is None or sys.stderr is None:  # started with an output stream closed
        if sys.stderr is not None:
            print("tradegame: error: standard output is closed", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught, command_line_terms():
        warnings.simplefilter("always")
        code = _run(args)
    if code == 0:  # after an error, its one line is all that is printed
        for w in caught:
            print(f"warning: {_one_line(str(w.message))}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace) -> int:
    """The subcommand, with every failure turned into one line and an exit status."""
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head, say: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except KeyboardInterrupt:
        print("tradegame: interrupted", file=sys.stderr)
        return 130
    except TradegameError as exc:
        if args.debug:
            raise
        print(f"tradegame: error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line unless debugging
        if args.debug:
            raise
        print(
            f"tradegame: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
