"""Safe file output: what `safe_output` refuses, what it keeps, and what it never leaves behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import tradegame as tg
from tradegame.files import safe_output, write_bytes, write_text


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_new_file_gets_the_usual_mode_and_content(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_text(tmp_path / "out.txt", "hello\n")
    finally:
        os.umask(old)
    assert path.read_text() == "hello\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == []


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    path.chmod(0o640)
    write_text(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "keep.nfg"
    path.write_text("precious")
    path.chmod(0o444)
    with pytest.raises(tg.OutputError, match=r"keep\.nfg: is read-only") as info:
        write_text(path, "new")
    assert "\n" not in str(info.value) and ".tmp" not in str(info.value)
    assert path.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_symlink_is_followed_and_survives(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text(link, "new")
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "made.txt")
    write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "made.txt").read_text() == "x"


def test_symlink_loop_is_an_error_naming_the_link(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(tg.OutputError, match=r"/a: cannot be written"):
        write_text(a, "x")


def test_missing_folder_is_created_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "2026" / "game.nfg"
    with pytest.raises(
        tg.OutputError, match=r"game\.nfg: folder .*reports/2026 does not exist \(create it, or"
    ):
        write_text(path, "x")
    assert not (tmp_path / "reports").exists()
    write_text(path, "x", parents=True)
    assert path.read_text() == "x"


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(tg.OutputError, match=r"pipe: is a named pipe, not a regular file"):
        write_text(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(tg.OutputError, match="is a folder, not a regular file"):
        write_text(tmp_path, "x")


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_device_node_is_refused_and_kept(tmp_path: Path) -> None:
    # a private copy of /dev/full (character device 1, 7), so no real device is at risk
    device = tmp_path / "full"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with pytest.raises(tg.OutputError, match=r"full: is a character device"):
        write_text(device, "x")
    assert stat.S_ISCHR(device.stat().st_mode)


def test_failure_while_writing_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), safe_output(path) as handle:
        handle.write("partial")
        raise Boom
    assert path.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_binary_output_and_a_path_that_is_not_a_path(tmp_path: Path) -> None:
    assert write_bytes(tmp_path / "x.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    with pytest.raises(tg.OutputError, match="expected a file path"):
        write_text(None, "x")  # type: ignore[arg-type]


def test_write_nfg_goes_through_the_safe_writer(tmp_path: Path) -> None:
    game = tg.load_scenario("tariff_chicken").game()
    path = tmp_path / "g.nfg"
    path.write_text("old")
    path.chmod(0o444)
    with pytest.raises(tg.OutputError, match="read-only"):
        tg.write_nfg(game, path)
    with pytest.raises(tg.OutputError, match="does not exist"):
        tg.write_nfg(game, tmp_path / "new" / "g.nfg")
    written = tg.write_nfg(game, tmp_path / "new" / "g.nfg", parents=True)
    assert tg.read_nfg(written) == game


def test_the_callers_own_errors_pass_through_and_leave_no_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with pytest.raises(FileNotFoundError), safe_output(path) as handle:
        handle.write("partial")
        (tmp_path / "no-such-input").read_text()  # an error of the caller's, not of the output
    assert not path.exists() and leftovers(tmp_path) == []


def test_a_read_only_folder_is_not_written_into(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(tg.OutputError, match="locked is read-only"):
            write_text(folder / "x.txt", "x")
    finally:
        folder.chmod(0o755)


def test_a_name_at_the_length_limit_can_be_written(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 250 + ".nfg")
    assert write_text(path, "x").read_text() == "x"
