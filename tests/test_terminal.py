"""Text that fits a terminal: width detection, fitted tables and prose, colour only on a tty."""

from __future__ import annotations

import io
import re
import textwrap
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame import terminal
from tradegame.cli import main
from tradegame.terminal import (
    cell_text,
    colour,
    colour_enabled,
    fit_rows,
    fit_table,
    fit_text,
    layout_of,
    natural_width,
    terminal_width,
    visible_width,
    wrap,
)

ESC = "\x1b["
ROOT = Path(__file__).resolve().parent.parent


def columns(text: str) -> int:
    """Screen columns of ``text``, computed here independently of the module under test:
    East Asian Wide/Fullwidth take 2, combining marks and format characters 0, others 1."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return sum(
        0
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in text
    )


def widest(text: str) -> int:
    return max((columns(line) for line in text.split("\n")), default=0)


class _Tty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        super().isatty()  # raises on a closed stream, as a real terminal does
        return True


@pytest.fixture
def plain_env(monkeypatch):
    for name in ("COLUMNS", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# ------------------------------------------------------------------ width and colour
def test_width_is_100_when_not_a_terminal(plain_env) -> None:
    assert terminal_width(io.StringIO()) == 100


def test_columns_is_honoured_and_floored_at_40(plain_env) -> None:
    plain_env.setenv("COLUMNS", "80")
    assert terminal_width(io.StringIO()) == 80
    plain_env.setenv("COLUMNS", "12")
    assert terminal_width(io.StringIO()) == terminal.MIN_WIDTH == 40
    for junk in ("wide", "-5", "0", "\uff18\uff10"):  # not a positive ASCII whole number
        plain_env.setenv("COLUMNS", junk)
        assert terminal_width(io.StringIO()) == 100


def test_a_terminal_reports_its_own_width(plain_env) -> None:
    seen = {}

    def fake_size(fallback):
        seen["fallback"] = tuple(fallback)
        return pd.Series([132, 50], index=["columns", "lines"])

    plain_env.setattr(terminal.shutil, "get_terminal_size", fake_size)
    assert terminal_width(_Tty()) == 132
    assert seen["fallback"] == (100, 24)
    plain_env.setenv("COLUMNS", "90")  # the variable wins over the terminal
    assert terminal_width(_Tty()) == 90


def test_colour_only_on_a_terminal_without_no_color(plain_env) -> None:
    assert colour_enabled(io.StringIO()) is False
    assert colour_enabled(_Tty()) is True
    plain_env.setenv("NO_COLOR", "1")
    assert colour_enabled(_Tty()) is False
    plain_env.setenv("NO_COLOR", "")  # no-color.org: an empty value does not opt out
    assert colour_enabled(_Tty()) is True
    plain_env.setenv("TERM", "dumb")
    assert colour_enabled(_Tty()) is False


def test_a_closed_stream_is_not_a_terminal(plain_env) -> None:
    stream = _Tty()
    stream.close()
    assert colour_enabled(stream) is False and terminal_width(stream) == 100


def test_colour_codes() -> None:
    assert colour("gain", "green", enabled=True) == "\x1b[32mgain\x1b[0m"
    assert colour("heading", "bold", enabled=True) == "\x1b[1mheading\x1b[0m"
    assert colour("gain", "green", enabled=False) == "gain"
    assert colour("", "red", enabled=True) == ""
    assert visible_width(colour("loss", "red", enabled=True)) == 4
    with pytest.raises(ValueError, match=r"style must be one of bold, dim, .*; got 'blink'"):
        colour("x", "blink", enabled=True)


# ------------------------------------------------------------------ cells and prose
def test_cell_text() -> None:
    values = [0.123456, 12345678.0, float("nan"), None, True, np.bool_(False), np.int64(7)]
    assert [cell_text(v) for v in values] == ["0.1235", "1.235e+07", "-", "-", "yes", "no", "7"]
    assert cell_text(float("inf")) == "inf" and cell_text(np.float32(0.5)) == "0.5"
    assert cell_text("a\n  b\tc ") == "a b c"


def test_wrap_breaks_between_words_and_keeps_hyphenated_words() -> None:
    text = "China's October-2025 regime against the US tariff of 125% and chips banned"
    lines = wrap(text, 30, indent="  - ", hanging="    ")
    assert lines == [
        "  - China's October-2025",
        "    regime against the US",
        "    tariff of 125% and chips",
        "    banned",
    ]
    assert wrap("   ", 40) == []


def test_wrap_breaks_a_word_longer_than_the_line() -> None:
    lines = wrap("x" * 50, 40, indent="  ")
    assert lines == ["  " + "x" * 38, "  " + "x" * 12]


def test_fit_text_keeps_lines_that_fit_and_hangs_bullets() -> None:
    text = "short line\n- " + "word " * 20 + "\n    label: " + "value " * 12
    out = fit_text(text, 40)
    assert out.split("\n")[0] == "short line"
    assert all(len(line) <= 40 for line in out.split("\n"))
    assert out.split("\n")[1].startswith("- word") and out.split("\n")[2].startswith("  word")
    value_lines = [line for line in out.split("\n") if "value" in line]
    assert value_lines[0].startswith("    label: value")
    assert all(line.startswith(" " * 11 + "value") for line in value_lines[1:])


# ------------------------------------------------------------------ tables
HEADERS = ["player", "strategy", "payoff"]
ROWS = [
    ["United States", "raise the tariff to 125% and ban chips", "-114.5"],
    ["China", "October-2025 regime", "-17.63"],
]


def test_a_table_that_fits_is_left_as_it_is() -> None:
    out = fit_rows(HEADERS, ROWS, 100, indent="  ")
    assert out == (
        "  player         strategy                                payoff\n"
        "  -------------  --------------------------------------  ------\n"
        "  United States  raise the tariff to 125% and ban chips  -114.5\n"
        "  China          October-2025 regime                     -17.63"
    )
    assert layout_of(HEADERS, ROWS, 100) == "table"
    assert natural_width(HEADERS, ROWS) == 13 + 38 + 6 + 4


def test_a_wide_table_wraps_its_cells_at_word_boundaries() -> None:
    out = fit_rows(HEADERS, ROWS, 50)
    assert layout_of(HEADERS, ROWS, 50) == "wrapped"
    assert out == (
        "player         strategy                  payoff\n"
        "-------------  ------------------------  ------\n"
        "United States  raise the tariff to 125%  -114.5\n"
        "               and ban chips\n"
        "\n"
        "China          October-2025 regime       -17.63"
    )


def test_too_narrow_for_a_table_gives_one_block_per_row() -> None:
    headers = ["#", "China", "United States", "China payoff", "United States payoff"]
    rows = [
        ["1", "October-2025 regime", "20.8% tariff, chips licensed (15% share)", "-2.029", "-0.35"],
        ["2", "general licences", "125% tariff, chips banned", "-17.66", "-114.5"],
    ]
    out = fit_rows(headers, rows, 40, indent="  ", heading=lambda row: f"equilibrium {row[0]}")
    assert layout_of(headers, rows, 40, indent="  ") == "records"
    assert out == (
        "  equilibrium 1\n"
        "    China:         October-2025 regime\n"
        "    United States: 20.8% tariff, chips\n"
        "                   licensed (15% share)\n"
        "    China payoff:  -2.029\n"
        "    United States payoff:\n"
        "      -0.35\n"
        "\n"
        "  equilibrium 2\n"
        "    China:         general licences\n"
        "    United States: 125% tariff, chips\n"
        "                   banned\n"
        "    China payoff:  -17.66\n"
        "    United States payoff:\n"
        "      -114.5"
    )


def test_records_default_heading_and_forced_layouts() -> None:
    out = fit_rows(HEADERS, ROWS[:1], 100, layout="records")
    assert out.split("\n")[0] == "player: United States"
    assert out.split("\n")[1] == "  strategy: raise the tariff to 125% and ban chips"
    wide = fit_rows(HEADERS, ROWS, 40, layout="table")  # the caller's choice, even if too wide
    assert max(len(line) for line in wide.split("\n")) == natural_width(HEADERS, ROWS)


def test_rows_of_several_lines_are_told_apart_by_a_gap() -> None:
    rows = [["a", "word " * 8], ["b", "word " * 8], ["c", "one"]]
    out = fit_rows(["k", "text"], rows, 30)
    assert out.split("\n")[4] == "" and "\n\nc" in out


def test_short_headers_are_never_broken() -> None:
    rows = [["x", "false", "0"]]
    out = fit_rows(["lever", "status quo", "value"], rows, 40)
    assert "status quo" in out


def test_fit_table_reads_a_frame() -> None:
    frame = pd.DataFrame(
        {"player": ["China", "EU"], "payoff": [-2.02945, np.nan], "valid": [True, False]}
    )
    assert fit_table(frame, 60) == (
        "player  payoff  valid\n------  ------  -----\nChina   -2.029  yes\nEU           -  no"
    )


def test_colour_styles_apply_on_request_and_keep_the_width() -> None:
    styles = {"payoff": lambda t: "loss" if t.startswith("-") else "gain"}
    plain = fit_rows(HEADERS, ROWS, 50, styles=styles)
    coloured = fit_rows(HEADERS, ROWS, 50, styles=styles, colour_on=True)
    assert ESC not in plain
    assert "\x1b[31m-114.5\x1b[0m" in coloured and "\x1b[1mplayer\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    records = fit_rows(HEADERS, ROWS, 40, layout="records", styles=styles, colour_on=True)
    assert "\x1b[31m-17.63\x1b[0m" in records
    assert all(visible_width(line) <= 40 for line in records.split("\n"))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="every row must have 3 cells, one per header"):
        fit_rows(HEADERS, [["a", "b"]], 80)
    with pytest.raises(ValueError, match="layout must be 'auto', 'table' or 'records'; got 'grid'"):
        fit_rows(HEADERS, ROWS, 80, layout="grid")
    assert fit_rows([], [], 80) == ""


# ------------------------------------------------------------------ wide and zero-width text
def test_display_width_counts_wide_characters_twice_and_marks_not_at_all() -> None:
    assert visible_width("中国") == 4 and visible_width("美国 tariff") == 11
    assert visible_width("关税 of 125%") == 12  # mixed scripts
    assert visible_width("e\u0301") == visible_width("\u00e9") == 1  # combining acute accent
    assert visible_width("a\u200bb") == 2  # zero-width space (category Cf)
    assert visible_width("\uff21\uff22") == 4  # fullwidth Latin letters (East Asian F)
    assert visible_width("\u00ad") == 1  # the soft hyphen is shown (Kuhn's wcwidth)
    assert visible_width(colour("中国", "red", enabled=True)) == 4
    assert visible_width("") == 0 and visible_width("plain ASCII") == 11


def test_wrap_measures_display_width() -> None:
    assert wrap("中国 美国 关税", 10) == ["中国 美国", "关税"]  # 14 columns, though 8 characters
    assert wrap("中国 美国 关税", 14) == ["中国 美国 关税"]
    assert wrap("abcd\u200b efgh", 9) == ["abcd\u200b efgh"]  # the zero-width space takes none
    assert wrap("cafe\u0301 cafe\u0301", 9) == ["cafe\u0301 cafe\u0301"]  # 9 columns
    lines = wrap("美国: 让步 | 升级关税", 16, indent="  ", hanging="    ")
    assert lines == ["  美国: 让步 |", "    升级关税"]  # 23 columns, though 15 characters


def test_long_wide_words_break_between_characters_never_inside_one() -> None:
    assert wrap("关税" * 5, 7) == ["关税关", "税关税", "关税关", "税"]  # 6 columns: 关 won't fit
    assert wrap("关税" * 5, 9, indent="  ") == ["  关税关", "  税关税", "  关税关", "  税"]
    # like textwrap, a word longer than a line starts on the current line
    assert wrap("ab " + "关税" * 5, 8) == ["ab 关税", "关税关税", "关税关税"]
    # an accent stays with its letter
    assert wrap("e\u0301" * 10, 4) == ["e\u0301" * 4, "e\u0301" * 4, "e\u0301" * 2]


def test_a_table_of_wide_labels_lines_up() -> None:
    out = fit_rows(["player", "strategy"], [["中国", "关税"], ["美国", "让步"]], 40)
    assert out == ("player  strategy\n------  --------\n中国    关税\n美国    让步")
    out = fit_rows(["player", "payoff"], [["Cafe\u0301", "1.5"], ["中国", "-2"]], 40)
    assert out == "player  payoff\n------  ------\nCafe\u0301       1.5\n中国        -2"
    assert natural_width(["中国"], [["关税 of"]]) == 7


def test_a_wide_table_of_wide_labels_wraps_by_display_width() -> None:
    headers = ["player", "strategy", "payoff"]
    rows = [
        ["美国", "加征关税 百分之一百二十五 禁止芯片出口", "-114.5"],
        ["中国", "十月新规", "-17.63"],
    ]
    assert natural_width(headers, rows) == 6 + 38 + 6 + 4  # 21 characters in the strategy
    assert layout_of(headers, rows, 100) == "table"
    assert layout_of(headers, rows, 40) == "wrapped"
    assert fit_rows(headers, rows, 40) == (
        "player  strategy          payoff\n"
        "------  ----------------  ------\n"
        "美国    加征关税          -114.5\n"
        "        百分之一百二十五\n"
        "        禁止芯片出口\n"
        "\n"
        "中国    十月新规          -17.63"
    )


def test_records_of_wide_labels_line_up_their_values() -> None:
    headers = ["#", "中国", "美国", "中国 payoff"]
    rows = [["1", "十月新规", "加征关税 百分之一百二十五", "-2.029"]]
    out = fit_rows(
        headers, rows, 40, indent="  ", layout="records", heading=lambda r: f"均衡 {r[0]}"
    )
    assert out == (
        "  均衡 1\n"
        "    中国:        十月新规\n"
        "    美国:        加征关税\n"
        "                 百分之一百二十五\n"
        "    中国 payoff: -2.029"
    )
    styles = {"中国 payoff": lambda t: "loss"}
    coloured = fit_rows(headers, rows, 40, layout="records", styles=styles, colour_on=True)
    assert "\x1b[31m-2.029\x1b[0m" in coloured and widest(coloured) <= 40


def test_fit_text_hangs_under_a_wide_label() -> None:
    out = fit_text("  - " + "关税 " * 12 + "\n    美国: " + "让步 " * 14, 30)
    assert out.split("\n") == [
        "  - 关税 关税 关税 关税 关税",
        "    关税 关税 关税 关税 关税",
        "    关税 关税",
        "    美国: 让步 让步 让步 让步",
        "          让步 让步 让步 让步",
        "          让步 让步 让步 让步",
        "          让步 让步",
    ]
    assert widest(out) <= 30


def _chinese_scenario(tmp_path: Path) -> Path:
    """tariff_chicken with Chinese players and strategies (the strategic analyses, which
    name the old labels, dropped). One name keeps Latin letters: a player's key comes
    from the ASCII letters of its name, so two wholly Chinese names would share one."""
    text = (ROOT / "scenarios" / "tariff_chicken.toml").read_text(encoding="utf-8")
    text = text[: text.index("# Strategic analyses")]
    text = text.replace("United States", "美国 (US)").replace("China", "中国")
    text = text.replace('"concede", "escalate"', '"让步", "升级关税到百分之一百二十五"')
    path = tmp_path / "chicken_zh.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["solve", "show"])
def test_the_commands_fit_40_columns_with_chinese_labels(
    command, capsys, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    path = _chinese_scenario(tmp_path)
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert max(columns(line) for line in lines) <= 40, [x for x in lines if columns(x) > 40]
    assert "美国 (US)" in out and "中国" in out and "让步" in out
    assert any(len(line) < columns(line) for line in lines)  # wide labels were shown


# ------------------------------------------------------------------ properties
ASCII = "abcdefghijklmnopqrstuvwxyz0123456789%.-()"
WORD = st.text(alphabet=ASCII, min_size=1, max_size=15)
CELL = st.lists(WORD, min_size=0, max_size=8).map(" ".join)
# Chinese (wide), fullwidth, a combining accent and grave, a zero-width space and joiner
WIDE = ASCII + "中国美国关税让步升级" + "\uff21\uff11" + "\u0301\u0300\u200b\u200d"
WIDE_WORD = st.text(alphabet=WIDE, min_size=1, max_size=10).filter(lambda w: columns(w) <= 15)
WIDE_CELL = st.lists(WIDE_WORD, min_size=0, max_size=8).map(" ".join)


@st.composite
def tables(draw, cell=WIDE_CELL):
    n_cols = draw(st.integers(1, 9))
    headers = draw(st.lists(cell.filter(bool), min_size=n_cols, max_size=n_cols))
    n_rows = draw(st.integers(0, 6))
    rows = draw(st.lists(st.lists(cell, min_size=n_cols, max_size=n_cols), max_size=n_rows))
    return headers, rows


def _words(headers, rows) -> list[str]:
    return [w for cell in [*headers, *(c for r in rows for c in r)] for w in cell.split()]


@settings(max_examples=150, deadline=None)
@given(
    table=tables(),
    width=st.integers(40, 160),
    indent=st.sampled_from(["", "  ", "    "]),
    layout=st.sampled_from(["auto", "records"]),
)
def test_every_line_fits_and_no_word_is_lost(table, width, indent, layout) -> None:
    headers, rows = table
    out = fit_rows(headers, rows, width, indent=indent, layout=layout)
    assert widest(out) <= width  # on screen, wide characters counted twice
    tokens = set(out.split())
    if layout_of(headers, rows, width, indent=indent) != "records" and layout == "auto":
        shown = headers  # a table shows every header
    else:  # a record shows the first column and the others' non-empty cells, with labels
        used = [c == 0 or any(r[c] for r in rows) for c in range(len(headers))]
        shown = [h for h, u in zip(headers, used, strict=True) if u and rows]
    for word in _words(shown, rows):  # each word whole: none broken, none dropped
        assert word in tokens or any(word in t for t in tokens), word
    if layout == "auto" and natural_width(headers, rows) + len(indent) <= width:
        assert len(out.split("\n")) == len(rows) + 2  # fits: nothing wrapped


@settings(max_examples=60, deadline=None)
@given(table=tables(), width=st.integers(40, 160))
def test_a_frame_fits_too(table, width) -> None:
    headers, rows = table
    frame = pd.DataFrame(rows, columns=range(len(headers))).set_axis(headers, axis=1)
    out = fit_table(frame, width)
    assert widest(out) <= width
    assert sorted(out.split()) == sorted(
        fit_rows(headers, rows, width).split()
    )  # the same text as the rows themselves


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(WIDE_WORD, max_size=60),
    width=st.integers(40, 120),
    lead=st.sampled_from(["", "  ", "  - ", "    note: ", "  美国: "]),
)
def test_prose_fits_and_keeps_its_words_in_order(words, width, lead) -> None:
    text = lead + " ".join(words)
    out = fit_text(text, width)
    assert widest(out) <= width
    assert out.split() == text.split()
    lines = wrap(" ".join(words), width, indent=lead, hanging=" " * columns(lead))
    assert all(columns(line) <= width for line in lines)
    assert " ".join(lines).split() == (text.split() if words else [])


# letters, a wide character and an accented letter (e + combining acute), and spaces
PIECES = ["a", "b", " ", "关", "e\u0301"]


@settings(max_examples=60, deadline=None)
@given(
    text=st.lists(st.sampled_from(PIECES), max_size=300).map("".join),
    width=st.integers(40, 80),
)
def test_long_words_are_broken_but_no_letter_is_lost(text, width) -> None:
    lines = wrap(text, width, indent="  ")
    assert all(columns(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.lstrip().startswith("\u0301") for line in lines)  # accent kept


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(WORD, max_size=40),
    width=st.integers(2, 60),
    indent=st.sampled_from(["", "  ", "  - ", "    note: "]),
    hanging=st.sampled_from([None, "", "    "]),
)
def test_ascii_text_wraps_exactly_as_textwrap_does(words, width, indent, hanging) -> None:
    text = " ".join(words)
    keep = max(1, width // 2)  # wrap keeps at most half a line of indent
    first = indent[:keep]
    rest = (indent if hanging is None else hanging)[:keep]
    expected = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=True,
        break_on_hyphens=False,
    )
    # textwrap can leave a space at the end of a line (before a broken long word); wrap never does
    assert wrap(text, width, indent=indent, hanging=hanging) == [x.rstrip() for x in expected]
