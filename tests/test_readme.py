"""Every command example in the README runs: no traceback, and an exit code the README promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

SKIPPED_SECTIONS = ("## Quick start", "## Development")


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for section in re.split(r"(?m)^(?=## )", text):
        if section.startswith(SKIPPED_SECTIONS):
            continue
        for block in re.findall(r"```bash\n(.*?)```", section, re.S):
            for line in block.replace("\\\n", " ").splitlines():
                line = re.sub(r"\s+#\s.*$", "", line).strip()
                if line and "kazkit" in line:
                    commands.append(line)
    return commands


@pytest.mark.parametrize("command", readme_commands())
def test_readme_example_runs(command, tmp_path):
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "NO_COLOR": "1"}
    if "kazkit" not in os.listdir(bindir):
        pytest.skip("the kazkit console script is not installed beside this Python")
    result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, timeout=120)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    # check-like commands exit 1 when they find something; anything else is a failure
    assert result.returncode in (0, 1), (command, result.stderr.decode())
    if result.returncode == 1:
        assert re.search(r"kazkit (subs |terms )?(check|fix|consistency)\b", command), command
