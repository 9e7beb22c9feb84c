"""The compiled build's module list (kazkit/compiled.py) and, in CI's run against a regular wheel,
that every listed module really is the compiled extension and that the wheel's prebuilt cache
files (hatch_build.py) serve a first run on a fresh machine."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kazkit.compiled import MODULES, compiled_modules

REPO = Path(__file__).resolve().parents[1]


def test_every_listed_module_has_a_python_source():
    for name in MODULES:
        assert (REPO / (name.replace(".", "/") + ".py")).is_file(), name


def test_the_build_hook_reads_the_same_list():
    sys.path.insert(0, str(REPO))
    try:
        from hatch_build import compiled_module_names
    except ImportError as error:  # hatchling is a build requirement, not a runtime one
        pytest.skip(f"hatchling is not installed: {error}")
    finally:
        sys.path.remove(str(REPO))
    assert compiled_module_names(REPO) == MODULES


def test_compiled_modules_names_only_listed_extensions():
    found = compiled_modules()
    assert set(found) <= set(MODULES)
    for name in found:
        origin = importlib.util.find_spec(name).origin
        assert not origin.endswith(".py"), origin


@pytest.mark.skipif(os.environ.get("KAZKIT_EXPECT_COMPILED") != "1",
                    reason="only in CI's run of the tests against a compiled wheel (KAZKIT_EXPECT_COMPILED=1)")
def test_this_run_imports_the_compiled_modules():
    assert compiled_modules() == list(MODULES)


@pytest.mark.skipif(os.environ.get("KAZKIT_EXPECT_COMPILED") != "1",
                    reason="only in CI's run of the tests against a compiled wheel (KAZKIT_EXPECT_COMPILED=1)")
def test_a_first_run_reads_the_prebuilt_cache_files(tmp_path):
    from kazkit.grammar.morphology.cache import prebuilt_dir

    assert sorted(p.name.split("-", 1)[0] for p in prebuilt_dir().glob("*.pickle")) == ["engine", "speller"]
    env = {k: v for k, v in os.environ.items() if k != "KAZKIT_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = "from kazkit.grammar.suggest import get_speller; print(get_speller().suggest('окушылар'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                         check=True).stdout
    assert "оқушылар" in out
    assert not (tmp_path / "kazkit").exists()  # the engine and the indexes came from the wheel
