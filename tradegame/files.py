"""Safe file input and output: the one way tradegame reads and writes a file.

Every writer (``write_nfg``, ``tradegame export``, and any later report or
sweep writer) goes through :func:`safe_output`, which

* writes only regular files: a device, a named pipe, a socket or a folder at
  the target path is refused, so ``/dev/full`` is never replaced by a file;
* never replaces a read-only file (checked on the permission bits, so that
  running as root does not override it);
* follows a symbolic link and replaces the file it points to, so the link
  survives; a link that points to a missing file gets that file created;
* keeps an existing file's permission bits; a new file gets ``0o666`` less
  the process umask (``0o644`` usually);
* creates missing folders only when asked (``parents=True``, ``--parents``);
* writes a temporary file in the target's folder, flushes it to disk and
  renames it over the target, so a reader sees the old file or the complete
  new one, never a part, and a failure leaves the old file untouched;
* names the target path, never the temporary file, in every error.

Hard links to the target are not preserved: the rename gives the target path
a new file, and other names keep the old content.

Reading goes through :func:`read_input`, which reads regular files only (a
named pipe would block, a device such as ``/dev/zero`` never ends) and refuses
a file larger than the reader's limit before reading it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import OutputError, TradegameError, option

__all__ = ["read_input", "safe_output", "write_bytes", "write_text"]

_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _kind(mode: int) -> str | None:
    """What a file of this mode is, if it is not a regular file."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_input(
    path: str | os.PathLike[str], *, max_bytes: int, error: type[TradegameError]
) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, else ``error(path, None, why)``.

    ``error`` is the reader's error type (:class:`~tradegame.errors.NfgError`,
    :class:`~tradegame.errors.ScenarioError`), so messages name the file.
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise error(repr(path), None, "expected a file path")  # type: ignore[call-arg]
    problem = None
    try:
        info = os.stat(path)
        if (kind := _kind(info.st_mode)) is not None:
            problem = f"is {kind}; tradegame reads regular files only"
        elif info.st_size > max_bytes:
            problem = f"is {info.st_size:,} bytes, more than the limit of {max_bytes:,}"
        else:
            with open(path, "rb") as handle:
                return handle.read(max_bytes)
    except FileNotFoundError:
        problem = "file not found"
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL character
        problem = f"cannot be read ({_reason(exc) if isinstance(exc, OSError) else exc})"
    raise error(path, None, problem)  # type: ignore[call-arg]


def _target(path: str | os.PathLike[str], parents: bool) -> tuple[Path, os.stat_result | None]:
    """The file to write (symbolic links followed) and its status if it exists."""
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise OutputError(repr(path), None, "expected a file path")
    given = Path(path)
    try:
        target = Path(os.path.realpath(given, strict=False))
        info = os.stat(target) if os.path.lexists(target) else None
    except (OSError, ValueError) as exc:  # a symbolic-link loop, a long path, a NUL character
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise OutputError(given, None, f"cannot be written ({reason})") from None
    if info is not None:
        if (kind := _kind(info.st_mode)) is not None:
            raise OutputError(
                given, None, f"is {kind}, not a regular file; tradegame writes regular files only"
            )
        if not info.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
            raise OutputError(given, None, "is read-only; make it writable or choose another name")
    folder = target.parent
    try:
        folder_is_dir = folder.is_dir()  # raises for a name too long for the file system
    except OSError as exc:
        raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None
    if folder_is_dir and not os.stat(folder).st_mode & stat.S_IWUSR:
        raise OutputError(given, None, f"folder {folder} is read-only")
    if not folder_is_dir:
        shown = folder if os.path.islink(given) else given.parent  # as the user wrote it
        if folder.exists():
            raise OutputError(given, None, f"{shown} is not a folder")
        if not parents:
            raise OutputError(
                given,
                None,
                f"folder {shown} does not exist (create it, or pass {option('parents')})",
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                given, None, f"cannot create folder {folder} ({_reason(exc)})"
            ) from None
    return target, info


@contextmanager
def safe_output(
    path: str | os.PathLike[str],
    *,
    binary: bool = False,
    parents: bool = False,
    encoding: str = "utf-8",
) -> Iterator[IO]:
    """Open a handle whose content replaces ``path`` only when the block ends without error.

    Parameters
    ----------
    path : str or path-like
        The file to write. See the module docstring for what is refused.
    binary : bool, optional
        Yield a binary handle (for Parquet, images) instead of a text one.
    parents : bool, optional
        Create missing folders on the way to ``path``.
    encoding : str, optional
        Text encoding (text mode only).

    Yields
    ------
    file object
        Write the content here; on an exception inside the block the
        temporary file is removed and the target is left as it was.

    Raises
    ------
    OutputError
        One line naming ``path`` when the target must not or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from tradegame.files import safe_output
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with safe_output(folder / "table.csv") as handle:
    ...     _ = handle.write("player,payoff\\n")
    >>> (folder / "table.csv").read_text()
    'player,payoff\\n'
    """
    for name, flag in (("binary", binary), ("parents", parents)):
        if not isinstance(flag, bool):
            raise OutputError(
                repr(path), None, f"{option(name)} must be True or False; got {flag!r}"
            )
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise OutputError(repr(path), None, f"unknown text encoding {encoding!r}") from None
    target, info = _target(path, parents)
    given = Path(path)
    # a short fixed-length name, so that a target name at the length limit still works
    tmp = target.with_name(f".tradegame-{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never follow or reuse something already there; 0o666 less the umask
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None
    try:
        if info is not None:
            with contextlib.suppress(OSError):  # only root may give a file away
                os.fchown(fd, info.st_uid, info.st_gid)
            os.fchmod(fd, stat.S_IMODE(info.st_mode))  # after chown, which clears setuid
        handle = os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding)
        fd = -1  # owned by the handle from here on
    except OSError as exc:
        _discard(fd, tmp)
        raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None
    with handle:
        try:
            yield handle
        except OSError as exc:  # the disk filling up is about this file; other errors are not
            _discard(-1, tmp)
            if exc.errno in _WRITE_ERRORS:
                raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None
            raise
        except BaseException:  # the caller's own error passes through unchanged
            _discard(-1, tmp)
            raise
        try:
            handle.flush()
            os.fsync(handle.fileno())
        except OSError as exc:
            _discard(-1, tmp)
            raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None
    try:
        os.replace(tmp, target)
    except OSError as exc:
        _discard(-1, tmp)
        raise OutputError(given, None, f"cannot be written ({_reason(exc)})") from None


def _discard(fd: int, tmp: Path) -> None:
    """Close a descriptor not yet handed to a file object, and remove the temporary file."""
    if fd >= 0:
        with contextlib.suppress(OSError):  # a failed fdopen may have closed it already
            os.close(fd)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def write_text(
    path: str | os.PathLike[str], text: str, *, parents: bool = False, encoding: str = "utf-8"
) -> Path:
    """Write ``text`` to ``path`` through :func:`safe_output`; return the path as given."""
    if not isinstance(text, str):
        raise OutputError(repr(path), None, f"text must be a str; got {type(text).__name__}")
    with safe_output(path, parents=parents, encoding=encoding) as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, parents: bool = False) -> Path:
    """Write ``data`` to ``path`` through :func:`safe_output`; return the path as given."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise OutputError(repr(path), None, f"data must be bytes; got {type(data).__name__}")
    with safe_output(path, binary=True, parents=parents) as handle:
        handle.write(data)
    return Path(path)
