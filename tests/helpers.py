"""Helpers shared by the tests: run the real command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "data" / "samples"


def run_kazkit(*args: str, input: str | bytes | None = None, env: dict | None = None,
               cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``python -m kazkit ARGS`` and capture bytes; decode with ``.stdout.decode()``."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    data = input.encode("utf-8") if isinstance(input, str) else input
    return subprocess.run(
        [sys.executable, "-m", "kazkit", *args],
        input=data if data is not None else b"",
        capture_output=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=timeout,
    )
