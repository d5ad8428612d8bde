"""The tradegame command: outputs in each format, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tradegame as tg
from tradegame.cli import main

ROOT = Path(__file__).resolve().parent.parent
PD_FILE = ROOT / "scenarios" / "tariff_prisoners_dilemma.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pd_json_has_one_equilibrium_both_tariff_payoffs_90(capsys) -> None:
    code, out, err = run(capsys, "solve", str(PD_FILE), "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["game"]["players"] == ["United States", "Brazil"]
    assert doc["game"]["strategies"]["Brazil"] == ["free trade", "optimal tariff"]
    assert len(doc["equilibria"]) == 1
    eq = doc["equilibria"][0]
    assert eq["profile"] == {
        "United States": {"optimal tariff": 1.0},
        "Brazil": {"optimal tariff": 1.0},
    }
    assert eq["payoffs"] == {"United States": 90.0, "Brazil": 90.0}
    assert eq["max_regret"] == 0.0 and eq["pure"] is True
    assert isinstance(doc["method"], str)


def test_table_output_lists_mixed_equilibrium_as_fractions(capsys) -> None:
    code, out, _ = run(capsys, "solve", "tariff_chicken")
    assert code == 0
    assert "concede: 1/2, escalate: 1/2" in out
    assert "3 equilibria (all found)" in out


def test_csv_output_is_a_tidy_frame(capsys) -> None:
    code, out, _ = run(capsys, "solve", "tariff_chicken", "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == [
        "game",
        "equilibrium",
        "player",
        "strategy",
        "probability",
        "payoff",
        "regret",
        "max_regret",
        "pure",
    ]
    assert frame["equilibrium"].nunique() == 3


def test_several_paths_give_a_json_array(capsys) -> None:
    code, out, _ = run(capsys, "solve", "tariff_chicken", str(PD_FILE), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2


def test_lemke_howson_with_label_and_nfg_input(capsys, tmp_path: Path) -> None:
    path = tmp_path / "chicken.nfg"
    code, out, _ = run(capsys, "export", "tariff_chicken", str(path))
    assert code == 0 and path.exists() and str(path) in out
    code, out, _ = run(
        capsys, "solve", str(path), "--method", "lemke-howson", "--label", "2", "--format", "json"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["method"] == "lemke-howson" and doc["parameters"]["initial_dropped_label"] == 2
    assert len(doc["equilibria"]) == 1


def test_three_player_nfg_via_auto(capsys, tmp_path: Path) -> None:
    from games import nau_2x2x2

    path = tg.write_nfg(nau_2x2x2(), tmp_path / "nau.nfg")
    code, out, _ = run(capsys, "solve", str(path))
    assert code == 0 and "method: all;" in out and "(may be incomplete)" in out
    assert "degenerate" in out


def test_demo_and_scenarios_commands(capsys) -> None:
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "Tariff prisoners' dilemma" in out and "No files were written" in out
    code, out, _ = run(capsys, "scenarios")
    assert code == 0 and "tariff_chicken" in out


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (None, ".toml", "missing.toml: file not found"),
        ("format = = 1", ".toml", "bad.toml: not valid TOML"),
        (
            PD_FILE.read_text().replace(
                '"Brazil" = [[100, 120], [70, 90]]', '"Brazil" = [[100, 120]]'
            ),
            ".toml",
            r"bad.toml: payoffs.Brazil: has 1 entries along axis 0; "
            r"strategies imply shape \(2, 2\)",
        ),
        ('NFG 1 R "t" { "a" "b" } { 2 2 } 1 2', ".nfg", "bad.nfg: line 1: file ends early"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path: Path, content, suffix, message) -> None:
    name = "missing" if content is None else "bad"
    path = tmp_path / f"{name}{suffix}"
    if content is not None:
        path.write_text(content)
    code, out, err = run(capsys, "solve", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tradegame: error: ")
    import re

    assert re.search(message, err), err


def test_unknown_method_is_rejected_by_the_parser(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["solve", str(PD_FILE), "--method", "magic"])
    assert info.value.code == 2
    assert "invalid choice: 'magic'" in capsys.readouterr().err


def test_method_for_two_players_on_three_player_game(capsys, tmp_path: Path) -> None:
    from games import nau_2x2x2

    path = tg.write_nfg(nau_2x2x2(), tmp_path / "nau.nfg")
    code, _, err = run(capsys, "solve", str(path), "--method", "vertex-enumeration")
    assert code == 2
    assert "--method vertex-enumeration solves two-player games; this game has 3 players" in err
    assert "(use --method pure for N-player games)" in err


def test_bad_label(capsys) -> None:
    code, _, err = run(capsys, "solve", str(PD_FILE), "--method", "lemke-howson", "--label", "9")
    assert code == 2 and "--label must be an integer in 0..3 (row strategies first)" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    with pytest.raises(tg.ScenarioError):
        main(["--debug", "solve", str(tmp_path / "missing.toml")])


def test_console_entry_point_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tradegame", "solve", str(PD_FILE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["equilibria"][0]["payoffs"]["Brazil"] == 90.0


def test_solving_an_nfg_file_imports_neither_pandas_nor_scipy(tmp_path: Path) -> None:
    """Start-up matters on a slow laptop: the heavy libraries load only when a method needs them."""
    path = tg.write_nfg(tg.load_scenario("tariff_chicken").game(), tmp_path / "c.nfg")
    script = (
        "import sys\n"
        "from tradegame.cli import main\n"
        f"assert main(['solve', {str(path)!r}]) == 0\n"
        "print(sorted(m for m in ('pandas', 'scipy', 'matplotlib') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
