"""The tradegame command: outputs in each format, and one-line errors with exit status 2."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tradegame as tg
from tradegame.cli import main
from tradegame.scenario import scenario_paths

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
    assert "1/2 concede + 1/2 escalate" in out
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


def test_scenarios_command(capsys) -> None:
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


# ------------------------------------------------------------------ output that fits a terminal
BUILT_INS = sorted(scenario_paths())
ESC = "\x1b["


class _FakeReport:
    """Stands in for tradegame.report.write_report: records the call, writes two small files."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __call__(self, scenarios, out, *, baseline=None, timestamp=True, parents=True):
        self.calls.append((list(scenarios), Path(out), baseline, timestamp))
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "index.md").write_text("# report\n")
        html = Path(out) / "index.html"
        html.write_text("<html></html>\n")
        return html


@pytest.fixture
def fake_report(monkeypatch):
    import tradegame.report

    fake = _FakeReport()
    monkeypatch.setattr(tradegame.report, "write_report", fake)
    return fake


@pytest.fixture
def columns(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)

    def set_columns(width: int) -> int:
        monkeypatch.setenv("COLUMNS", str(width))
        return width

    return set_columns


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _commands(name: str) -> list[list[str]]:
    from tradegame.analyses import available

    kinds = available(tg.load_scenario(name))
    return [["show", name], ["solve", name], *(["analyze", name, f"--{k}"] for k in kinds)]


@pytest.mark.parametrize("name", BUILT_INS)
def test_every_command_fits_80_and_100_columns(capsys, columns, name) -> None:
    for width in (80, 100):
        columns(width)
        for argv in _commands(name):
            code, out, err = run(capsys, *argv)
            assert code == 0 and err == "", (argv, err)
            assert _widest(out) <= width, (argv, width)
            assert ESC not in out  # never colour into a pipe or a file


def test_the_tables_keep_their_content_when_narrow(capsys, columns) -> None:
    columns(80)
    code, out, _ = run(capsys, "solve", "rare_earth_escalation_2025")
    assert code == 0 and "equilibrium 1\n" in out  # one block per equilibrium
    assert "    United States:        20.8% tariff, chips licensed (15% share)" in out
    assert "    max regret:           0" in out
    code, out, _ = run(capsys, "solve", "tariff_chicken")
    assert "1/2 concede +" in out and "3 equilibria (all found)" in out  # wrapped in its cell
    code, out, _ = run(capsys, "show", "rare_earth_escalation_2025")
    params = tg.load_scenario("rare_earth_escalation_2025").parameters()
    for row in params.itertuples():  # every parameter, every source, words intact
        assert f"  {row.parameter} = " in out
        assert " ".join(row.source.split()[:5]) in " ".join(out.split())


def test_the_demo_is_a_short_tour_that_ends_with_the_report(
    capsys, columns, fake_report, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a short path: the last line shows it whole
    columns(100)
    code, out, err = run(capsys, "demo", "--report", "r")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) <= 60 and _widest(out) <= 100
    for name in BUILT_INS:  # a headline for every built-in scenario
        title = tg.load_scenario(name).title
        assert f"{title} ({name}, " in out
    assert "Tariff prisoners' dilemma" in out and "one equilibrium - United States: optimal" in out
    assert fake_report.calls == [
        (
            ["rare_earth_escalation_2025", "quid_pro_quo_busan_2025"],
            Path("r"),
            "rare_earth_escalation_2025",
            True,
        )
    ]
    assert lines[-1] == "wrote r/index.html"
    columns(80)
    code, out, _ = run(capsys, "demo", "--report", "r")
    assert code == 0 and _widest(out) <= 80


def test_demo_report_folder_defaults_to_demo_report(capsys, fake_report, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    assert fake_report.calls[0][1] == Path("demo-report")
    assert capsys.readouterr().out.endswith("wrote demo-report/index.html\n")


def test_report_command_passes_its_options(capsys, fake_report, tmp_path) -> None:
    out_dir = tmp_path / "brief"
    code, out, err = run(
        capsys,
        "report",
        "quid_pro_quo_busan_2025",
        "rare_earth_escalation_2025",
        "--baseline",
        "rare_earth_escalation_2025",
        "--out",
        str(out_dir),
        "--no-timestamp",
    )
    assert code == 0 and err == ""
    assert fake_report.calls == [
        (
            ["quid_pro_quo_busan_2025", "rare_earth_escalation_2025"],
            out_dir,
            "rare_earth_escalation_2025",
            False,
        )
    ]
    assert out == f"wrote {out_dir / 'index.html'}\nwrote {out_dir / 'index.md'}\n"
    run(capsys, "report", "tariff_chicken", "--out", str(out_dir))
    assert fake_report.calls[-1] == (["tariff_chicken"], out_dir, None, True)


def test_report_and_demo_help(capsys) -> None:
    for argv, words in (
        (["report", "--help"], ["--baseline", "--out DIR", "--no-timestamp", "index.html"]),
        (["demo", "--help"], ["--report DIR", "demo-report", "quid_pro_quo_busan_2025"]),
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
        text = " ".join(capsys.readouterr().out.split())
        assert all(w in text for w in words), text


def test_the_real_report_is_written(capsys, tmp_path) -> None:
    code, out, err = run(
        capsys, "report", "tariff_war_2025", "--out", str(tmp_path), "--no-timestamp"
    )
    assert code == 0, err
    assert (tmp_path / "index.html").is_file() and (tmp_path / "index.md").is_file()
    assert out == f"wrote {tmp_path / 'index.html'}\nwrote {tmp_path / 'index.md'}\n"
    assert "<html" in (tmp_path / "index.html").read_text()


def test_colour_on_a_terminal_only(capsys, columns, monkeypatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    columns(80)
    for argv in (["solve", "rare_earth_escalation_2025"], ["compare", "tariff_chicken"]):
        screen = Tty()
        monkeypatch.setattr(sys, "stdout", screen)
        assert main(argv) == 0
        shown = screen.getvalue()
        assert "\x1b[1m" in shown  # bold headings
        plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
        assert _widest(plain) <= 80
        monkeypatch.setenv("NO_COLOR", "1")
        screen = Tty()
        monkeypatch.setattr(sys, "stdout", screen)
        assert main(argv) == 0
        assert ESC not in screen.getvalue() and screen.getvalue() == plain
        monkeypatch.delenv("NO_COLOR")
    monkeypatch.undo()


def test_gains_green_losses_red_in_compare(columns, monkeypatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    columns(100)
    screen = Tty()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["compare", "tariff_chicken", "--baseline-equilibrium", "1"]) == 0
    assert "\x1b[32m+1.5\x1b[0m" in screen.getvalue() and "\x1b[31m-0.5\x1b[0m" in screen.getvalue()


def test_json_and_csv_are_never_wrapped(capsys, columns) -> None:
    outputs = {}
    for width in (40, 200):
        columns(width)
        for fmt in ("json", "csv"):
            code, out, _ = run(capsys, "solve", "rare_earth_escalation_2025", "--format", fmt)
            assert code == 0
            outputs[width, fmt] = out
    assert outputs[40, "json"] == outputs[200, "json"] and outputs[40, "csv"] == outputs[200, "csv"]
    assert _widest(outputs[40, "csv"]) > 40


@pytest.mark.parametrize("width", [80, 100])
def test_other_commands_fit_too(capsys, columns, width) -> None:
    columns(width)
    for argv in (
        ["scenarios"],
        ["validate"],
        ["compare", "quid_pro_quo_busan_2025", "rare_earth_escalation_2025"],
    ):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and _widest(out) <= width, argv


def test_a_game_tree_with_long_labels_fits(capsys, columns, tmp_path, monkeypatch) -> None:
    from tradegame.extensive import GameTree, decision, terminal

    enter = "enter the market with a new rare-earth magnet plant in 2028"
    tree = GameTree(
        decision(
            "Challenger",
            {
                enter: decision(
                    "Incumbent",
                    {"acquiesce and share the market": terminal([2, 1]), "fight": terminal([0, 0])},
                ),
                "stay out": terminal([1, 2]),
            },
        ),
        ("Challenger", "Incumbent"),
        name="entry",
    )
    monkeypatch.chdir(tmp_path)
    tg.write_efg(tree, "entry.efg")
    columns(40)
    code, out, _ = run(capsys, "analyze", "entry.efg", "--sequential")
    assert code == 0 and _widest(out) <= 40
    words = " ".join(out.split())
    assert words.startswith("entry.efg: 1 subgame-perfect equilibrium 1. path " + enter)
