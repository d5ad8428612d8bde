"""Where the built-in scenario files and the calibration table live."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["builtin_dir"]


def builtin_dir() -> Path:
    """Folder of the built-in scenarios (packaged, or the repository's scenarios/)."""
    packaged = resources.files("tradegame") / "_scenarios"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "scenarios"
