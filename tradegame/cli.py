"""The ``tradegame`` command line.

``tradegame solve PATH...`` solves scenario (``.toml``) or Gambit (``.nfg``)
files and prints the equilibria as a table, JSON or CSV; ``tradegame demo``
solves the built-in scenarios; ``tradegame scenarios`` lists them. Errors in
the input print one line naming the file and key and exit with status 2; add
``--debug`` for the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from . import __version__
from .errors import EquilibriumWarning, ParameterError, TradegameError
from .game import Game
from .nfg import read_nfg, write_nfg
from .scenario import list_scenarios, load_scenario, scenario_paths
from .solvers import METHODS, SolverResult, solve

__all__ = ["main"]

FORMATS = ("table", "json", "csv")


def _overrides(pairs: Sequence[str] | None) -> dict[str, float]:
    """``--set name=value`` pairs as numbers (parsed with float, never evaluated)."""
    out: dict[str, float] = {}
    for pair in pairs or ():
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--set expects NAME=VALUE, got {pair!r}")
        try:
            out[name.strip()] = float(text)
        except ValueError:
            raise ParameterError(f"--set {name.strip()}: expected a number, got {text!r}") from None
    return out


def load_game(path_or_name: str, overrides: Sequence[str] | None = None) -> Game:
    """A game from a ``.nfg`` file, a scenario file, or a built-in scenario name."""
    if path_or_name.endswith(".nfg"):
        if overrides:
            raise ParameterError(f"{path_or_name}: a .nfg game has no parameters to --set")
        return read_nfg(path_or_name)
    return load_scenario(path_or_name, _overrides(overrides)).game()


def _strategy_text(result: SolverResult, k: int, player: str) -> str:
    eq = result.equilibria[k]
    profile = result.profile(k, exact=eq.exact is not None)
    parts = profile[player]
    if len(parts) == 1:
        return next(iter(parts))
    if eq.exact is not None:
        return ", ".join(f"{s} {p}" for s, p in parts.items())
    return ", ".join(f"{s} {p:.4g}" for s, p in parts.items())


def _text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def format_table(result: SolverResult, origin: str) -> str:
    """A readable block: the game, the method, one line per equilibrium."""
    game = result.game
    lines = [f"{game.name or Path(origin).stem}  ({origin})"]
    if game.source:
        lines.append(f"  source: {game.source}")
    lines.append("  players and strategies:")
    for player, labels in zip(game.players, game.strategies, strict=True):
        lines.append(f"    {player}: {' | '.join(labels)}")
    count = len(result.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    kind = "all found" if result.complete else "may be incomplete"
    lines.append(f"  method: {result.method}; {count} {noun} ({kind})")
    headers = ["#", *game.players, *(f"{p} payoff" for p in game.players), "max regret"]
    rows = []
    for k, eq in enumerate(result.equilibria):
        rows.append(
            [
                str(k + 1),
                *(_strategy_text(result, k, p) for p in game.players),
                *(f"{v:.4g}" for v in eq.payoffs),
                f"{eq.max_regret:.1e}" if eq.max_regret else "0",
            ]
        )
    if rows:
        lines.extend("  " + line for line in _text_table(headers, rows))
    for note in result.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def _solve_one(target: str, args: argparse.Namespace) -> SolverResult:
    game = load_game(target, args.set)
    options = {}
    if args.label is not None:
        options["initial_dropped_label"] = args.label
    if args.float:
        options["exact"] = False
    return solve(game, args.method, **options)


def _cmd_solve(args: argparse.Namespace) -> int:
    results = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EquilibriumWarning)
        for target in args.paths:
            results.append((target, _solve_one(target, args)))
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    out = sys.stdout
    if args.format == "json":
        docs = [r.to_dict() for _, r in results]
        json.dump(docs[0] if len(docs) == 1 else docs, out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        frames = []
        for target, r in results:
            frame = r.to_frame()
            frame.insert(0, "game", target)
            frames.append(frame)
        pd.concat(frames, ignore_index=True).to_csv(out, index=False, lineterminator="\n")
    else:
        out.write("\n\n".join(format_table(r, t) for t, r in results) + "\n")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    paths = scenario_paths()
    print(f"tradegame {__version__}: solving the {len(paths)} built-in scenarios\n")
    blocks = []
    for path in paths.values():
        result = solve(load_scenario(path).game())
        blocks.append(format_table(result, f"scenarios/{path.name}"))
    print("\n\n".join(blocks))
    print("\nNo files were written: everything above went to the terminal.")
    print("Next: `tradegame solve PATH --format json`, or see README.md for the Python API.")
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    frame = list_scenarios()
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    for line in _text_table(list(frame.columns), rows):
        print(line)
    print(
        "\nSolve one with `tradegame solve NAME`; "
        "see its parameters and sources with `tradegame show NAME`."
    )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.name, _overrides(args.set))
    out = sys.stdout
    out.write(f"{scenario.title}  ({scenario.path})\n")
    if scenario.description:
        out.write(f"  {scenario.description}\n")
    out.write(
        f"  model: {scenario.model}; payoffs in {scenario.payoff_units or 'unstated units'}\n"
    )
    out.write(f"  source: {scenario.citation} [confidence: {scenario.confidence}]\n\n")
    params = scenario.parameters()
    if scenario.trade_model is not None:
        out.write("Parameters (override with --set NAME=VALUE):\n")
        rows = [
            [
                r.parameter + (" *" if r.overridden else ""),
                f"{r.value:.6g}",
                r.unit,
                r.confidence,
                f"{r.source} [{r.ref}]" if r.ref else r.source,
            ]
            for r in params.itertuples()
        ]
        for line in _text_table(
            ["parameter", "value", "unit", "confidence", "source [calibration key]"], rows
        ):
            out.write(f"  {line}\n")
        if any(params["overridden"]):
            out.write("  * overridden on the command line\n")
        out.write("\n")
    out.write("Payoff table:\n")
    frame = scenario.game().to_frame()
    pay = [c for c in frame.columns if c.endswith(" payoff")]
    frame[pay] = frame[pay].round(3)
    out.write(frame.to_string(index=False) + "\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    game = load_game(args.source)
    written = write_nfg(game, args.output, outcomes=args.outcomes)
    print(f"wrote {written}")
    return 0


def _debug_flag(sub: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps the subcommand from resetting a --debug given before it
    sub.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradegame",
        description="Trade-policy conflicts as games: solve scenarios for equilibria.",
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
        help="equilibrium method (default: auto)",
    )
    p.add_argument(
        "--format", default="table", choices=FORMATS, help="output format (default: table)"
    )
    p.add_argument(
        "--label",
        type=int,
        default=None,
        help="lemke-howson: initial dropped label (0-based; row strategies first)",
    )
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a scenario parameter, e.g. --set india.stockpile_days=60 (repeatable)",
    )
    p.add_argument(
        "--float",
        action="store_true",
        help="pivot in floating point instead of exact arithmetic (faster, large games)",
    )
    _debug_flag(p)
    p.set_defaults(func=_cmd_solve)

    p = sub.add_parser("demo", help="solve the built-in scenarios and print their equilibria")
    _debug_flag(p)
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "show", help="a scenario's parameters with their sources, and its payoff table"
    )
    p.add_argument("name", metavar="NAME_OR_PATH", help="built-in scenario name or scenario file")
    p.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable)"
    )
    _debug_flag(p)
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("scenarios", help="list the built-in scenarios")
    _debug_flag(p)
    p.set_defaults(func=_cmd_scenarios)

    p = sub.add_parser("export", help="write a scenario or game as a Gambit .nfg file")
    p.add_argument(
        "source", metavar="PATH", help="scenario file, .nfg file or built-in scenario name"
    )
    p.add_argument("output", metavar="OUT.nfg", help="file to write (atomically)")
    p.add_argument(
        "--outcomes", action="store_true", help="write the outcome version of the format"
    )
    _debug_flag(p)
    p.set_defaults(func=_cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head, say: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except TradegameError as exc:
        if args.debug:
            raise
        print(f"tradegame: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if args.debug:
            raise
        print(f"tradegame: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line unless debugging
        if args.debug:
            raise
        print(
            f"tradegame: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
