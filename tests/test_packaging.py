"""The wheel carries the language data, and an installed kazkit finds it from any folder."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling (in the dev extra) is needed to build the wheel offline")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )
    (found,) = out.glob("kazkit-*.whl")
    return found


def shipped_data_files() -> set[str]:
    data = REPO / "data"
    return {
        "kazkit/data/" + p.relative_to(data).as_posix()
        for p in data.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.slow
def test_wheel_contains_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = shipped_data_files() - names
    assert not missing, sorted(missing)[:10]
    assert "kazkit/cli.py" in names


@pytest.mark.slow
def test_installed_wheel_finds_its_data_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import kazkit.paths as p; d = p.data_dir(); "
        "print(d); assert (d / 'samples' / 'article.txt').is_file()"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == site / "kazkit" / "data"
