"""Every documented error path of the command line: exit status 2, one line, no traceback.

Each row is a command a careless or hostile user might type, the files it
needs, and a pattern the one-line message must contain. Messages speak in
command-line terms (``--label``, ``--method pure``), never in Python names.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tradegame.cli import main

ROOT = Path(__file__).resolve().parent.parent
PD = (ROOT / "scenarios" / "tariff_prisoners_dilemma.toml").read_text()
NAU = (
    'NFG 1 R "Nau" { "P1" "P2" "P3" } { 2 2 2 }\n0 0 2 3 0 0 0 3 0 0 0 0 1 1 0 0 0 0 0 0 0 0 0 3\n'
)
CHICKEN_NFG = 'NFG 1 R "chicken" { "A" "B" } { 2 2 }\n0 0 1 -1 -1 1 -10 -10\n'
RARE_EARTH = (ROOT / "scenarios" / "rare_earth_escalation_2025.toml").read_text()
EMPTY_TRADE_MODEL = """format = 2
model = "trade-model"
[source]
citation = "x"
confidence = "illustrative"
[[players]]
name = "A"
strategies = ["a", "b"]
[[players]]
name = "B"
strategies = ["c"]
"""

# (id, argv with {tmp} for the folder, files to create {name: text}, pattern)
CASES = [
    ("missing toml", ["solve", "{tmp}/missing.toml"], {}, r"missing\.toml: file not found"),
    ("missing nfg", ["solve", "{tmp}/missing.nfg"], {}, r"missing\.nfg: file not found"),
    ("unknown name", ["solve", "no_such_scenario"], {}, r"no such scenario file or built-in"),
    ("bad toml", ["solve", "{tmp}/bad.toml"], {"bad.toml": "format = = 1"}, "not valid TOML"),
    (
        "nested toml",
        ["solve", "{tmp}/deep.toml"],
        {"deep.toml": "x = " + "[" * 5000 + "]" * 5000},
        r"deep\.toml: not valid TOML",
    ),
    (
        "format as text",
        ["solve", "{tmp}/f.toml"],
        {"f.toml": 'format = "1"\n' + PD.replace("format = 1\n", "")},
        r"format: expected a whole number such as 2 \(format = 2\), got '1'",
    ),
    (
        "wrong shape",
        ["solve", "{tmp}/s.toml"],
        {"s.toml": PD.replace('"Brazil" = [[100, 120], [70, 90]]', '"Brazil" = [[100, 120]]')},
        r"payoffs\.Brazil: has 1 entries along axis 0",
    ),
    (
        "text payoff",
        ["solve", "{tmp}/t.toml"],
        {"t.toml": PD.replace("[[100, 70], [120, 90]]", '[["100", 70], [120, 90]]')},
        r"expected a number, got '100'",
    ),
    (
        "label with a line break",
        ["solve", "{tmp}/l.toml"],
        {"l.toml": PD.replace('"free trade", "optimal tariff"]', '"free\\ntrade", "tariff"]', 1)},
        "must not contain line breaks",
    ),
    (
        "truncated nfg",
        ["solve", "{tmp}/t.nfg"],
        {"t.nfg": 'NFG 1 R "t" { "a" "b" } { 2 2 } 1 2'},
        r"t\.nfg: line 1: file ends early",
    ),
    (
        "nfg number beyond float",
        ["solve", "{tmp}/o.nfg"],
        {"o.nfg": 'NFG 1 R "t" { "a" "b" } { 1 1 }\n1e309 0'},
        r"o\.nfg: line 2: payoff 1 of 2 is '1e309', outside the range of floating-point",
    ),
    (
        "nfg huge exponent",
        ["solve", "{tmp}/e.nfg"],
        {"e.nfg": 'NFG 1 R "t" { "a" "b" } { 1 1 } 1e99999999 0'},
        "outside the range of floating-point numbers",
    ),
    (
        "nfg a billion strategies",
        ["solve", "{tmp}/b.nfg"],
        {"b.nfg": 'NFG 1 R "" { "a" "b" } { 1000000000 2 }'},
        r"a 1000000000x2 game has 2,000,000,000 pure profiles, more than the limit of "
        r"10,000,000 \(raise it with --max-profiles\)",
    ),
    (
        "max profiles",
        ["solve", "{tmp}/c.nfg", "--max-profiles", "3"],
        {"c.nfg": CHICKEN_NFG},
        "more than the limit of 3",
    ),
    (
        "not utf-8",
        ["solve", "{tmp}/u.nfg"],
        {"u.nfg": b'NFG 1 R "\xff" { "a" "b" } { 1 1 } 1 2'},
        r"u\.nfg: is not UTF-8 text",
    ),
    ("unknown method", ["solve", "tariff_chicken", "--method", "magic"], {}, "invalid choice"),
    ("no command", [], {}, "the following arguments are required"),
    (
        "two-player method on three players",
        ["solve", "{tmp}/nau.nfg", "--method", "vertex-enumeration"],
        {"nau.nfg": NAU},
        r"--method vertex-enumeration solves two-player games; this game has 3 players "
        r"\(use --method pure for N-player games\)",
    ),
    (
        "float on three players",
        ["solve", "{tmp}/nau.nfg", "--float"],
        {"nau.nfg": NAU},
        r"--float/--exact does not apply to games of 3 players; "
        r"it applies to: --method vertex-enumeration, --method lemke-howson",
    ),
    (
        "label with pure",
        ["solve", "tariff_chicken", "--method", "pure", "--label", "1"],
        {},
        r"--label does not apply to --method pure; it applies to: --method lemke-howson",
    ),
    (
        "label out of range",
        ["solve", "tariff_chicken", "--method", "lemke-howson", "--label", "9"],
        {},
        r"--label must be an integer in 0\.\.3 \(row strategies first\)",
    ),
    ("label not a number", ["solve", "tariff_chicken", "--label", "x"], {}, "or 'all', got 'x'"),
    ("time limit zero", ["solve", "tariff_chicken", "--time-limit", "0"], {}, "positive number"),
    ("time limit text", ["solve", "tariff_chicken", "--time-limit", "soon"], {}, "'soon'"),
    ("tol too big", ["solve", "tariff_chicken", "--tol", "2"], {}, "between 0 and 1"),
    ("float and exact", ["solve", "tariff_chicken", "--float", "--exact"], {}, "not allowed"),
    (
        "set twice",
        ["solve", "india_magnet_shortage_2025", "--set", "alpha=0.01", "--set", "alpha=0.02"],
        {},
        "--set alpha is given twice",
    ),
    ("set without =", ["solve", "india_magnet_shortage_2025", "--set", "alpha"], {}, "NAME=VALUE"),
    (
        "set unknown",
        ["solve", "india_magnet_shortage_2025", "--set", "sigam=0.2"],
        {},
        r"unknown parameter 'sigam'; did you mean 'sigma'\?",
    ),
    (
        "set out of range",
        ["solve", "india_magnet_shortage_2025", "--set", "sigma=-1"],
        {},
        "sigma must be >= 0; got -1",
    ),
    (
        "set on nfg",
        ["solve", "{tmp}/c.nfg", "--set", "alpha=1"],
        {"c.nfg": CHICKEN_NFG},
        r"a \.nfg game has no parameters to --set",
    ),
    (
        "export to read-only",
        ["export", "tariff_chicken", "{tmp}/ro.nfg"],
        {"ro.nfg": "keep"},
        r"ro\.nfg: is read-only",
    ),
    (
        "export to missing folder",
        ["export", "tariff_chicken", "{tmp}/no/such/out.nfg"],
        {},
        r"out\.nfg: folder .* does not exist \(create it, or pass --parents\)",
    ),
    ("export to a folder", ["export", "tariff_chicken", "{tmp}"], {}, "is a folder"),
    (
        "export to a named pipe",
        ["export", "tariff_chicken", "{tmp}/fifo"],
        {"fifo": None},
        r"fifo: is a named pipe, not a regular file",
    ),
    ("show unknown", ["show", "nope"], {}, "no such scenario"),
    (
        "read a named pipe",
        ["solve", "{tmp}/fifo.nfg"],
        {"fifo.nfg": None},
        r"fifo\.nfg: is a named pipe; tradegame reads regular files only",
    ),
    ("read a device", ["solve", "/dev/null"], {}, "/dev/null: is a character device"),
    (
        "show an nfg file",
        ["show", "{tmp}/c.nfg"],
        {"c.nfg": CHICKEN_NFG},
        r"is a Gambit \.nfg game, not a scenario; read it with tradegame solve",
    ),
    (
        "trade model without blocks",
        ["show", "{tmp}/empty.toml"],
        {"empty.toml": EMPTY_TRADE_MODEL},
        "no player has levers, parameters or flows",
    ),
    (
        "chip buyer as a list",
        ["solve", "{tmp}/cb.toml"],
        {"cb.toml": RARE_EARTH.replace('chip_buyer = "China"', 'chip_buyer = ["China"]')},
        r"chip_buyer: unknown player \['China'\]",
    ),
    (
        "a 400-digit payoff",
        ["solve", "{tmp}/big.toml"],
        {"big.toml": PD.replace("[[100, 70]", "[[1" + "0" * 400 + ", 70]")},
        r"payoffs must be finite numbers, got 1000",
    ),
    (
        "a key of 5000 dotted parts",
        ["solve", "{tmp}/deep.toml"],
        {"deep.toml": ".".join(["a"] * 5000) + " = 1\n"},
        r"deep\.toml: line 1: a key with more than 32 dotted parts",
    ),
    (
        "22 players",
        ["solve", "{tmp}/wide.nfg"],
        {
            "wide.nfg": 'NFG 1 R "" { '
            + " ".join(f'"p{k}"' for k in range(22))
            + " } { "
            + "2 " * 22
            + "}"
        },
        r"92,274,688 payoffs \(22 players x 4,194,304 profiles\)",
    ),
    (
        "an extreme parameter",
        ["solve", "metallic_alliance_2026", "--set", "pool_value=1.7976931348623157e308"],
        {},
        r"the model cannot be evaluated at pool_value=1.79769e\+308",
    ),
    ("label with an underscore", ["solve", "tariff_chicken", "--label", "1_0"], {}, "'1_0'"),
    (
        "report without --out",
        ["report", "tariff_chicken"],
        {},
        r"tradegame report: error: the following arguments are required: --out",
    ),
    ("report without a scenario", ["report", "--out", "{tmp}/r"], {}, "NAME_OR_PATH"),
    (
        "report on an unknown scenario",
        ["report", "nope", "--out", "{tmp}/r"],
        {},
        r"nope: no such scenario file or built-in scenario; built-in scenarios: ",
    ),
    (
        "report against an unknown baseline",
        ["report", "tariff_chicken", "--baseline", "nope", "--out", "{tmp}/r"],
        {},
        r"nope: no such scenario file or built-in scenario",
    ),
    ("demo with an empty report folder", ["demo", "--report"], {}, "expected one argument"),
]


def _prepare(tmp: Path, files: dict) -> None:
    for name, text in files.items():
        path = tmp / name
        if text is None:
            os.mkfifo(path)
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        if name.startswith("ro."):
            path.chmod(0o444)


@pytest.mark.parametrize(
    ("argv", "files", "pattern"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_user_errors_exit_2_with_one_line(capsys, tmp_path, argv, files, pattern) -> None:
    _prepare(tmp_path, files)
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1, err
    prefixes = (
        "tradegame: error",
        *(f"tradegame {c}: error: " for c in ("solve", "report", "demo")),
    )
    assert err.startswith(prefixes)
    assert "Traceback" not in err and "initial_dropped_label" not in err
    assert re.search(pattern, err), err


def test_a_bug_exits_1_with_a_hint(capsys, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("tradegame.cli.solve", broken)
    code = main(["solve", "tariff_chicken"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("tradegame: internal error: ZeroDivisionError: division by zero")
    assert "rerun with --debug" in err


def test_the_installed_command_prints_no_traceback(tmp_path) -> None:
    bad = tmp_path / "b.nfg"
    bad.write_text('NFG 1 R "" { "a" "b" } { 1000000000 2 }')
    proc = subprocess.run(
        [sys.executable, "-m", "tradegame", "solve", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_byte_order_mark_and_upper_case_extension_are_read(capsys, tmp_path) -> None:
    nfg = tmp_path / "GAME.NFG"
    nfg.write_bytes(b"\xef\xbb\xbf" + CHICKEN_NFG.encode())
    toml = tmp_path / "pd.TOML"
    toml.write_bytes(b"\xef\xbb\xbf" + PD.encode())
    unnamed = tmp_path / "game"  # no extension: told apart by its first word
    unnamed.write_text(CHICKEN_NFG)
    for path in (nfg, toml, unnamed):
        assert main(["solve", str(path)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.count("equilibri") >= 3


def test_export_with_parents_creates_the_folder(capsys, tmp_path) -> None:
    target = tmp_path / "a" / "b" / "chicken.nfg"
    assert main(["export", "tariff_chicken", str(target), "--parents"]) == 0
    assert target.exists() and str(target) in capsys.readouterr().out
