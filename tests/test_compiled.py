"""The compiled build's module list (kazkit/compiled.py) and, in CI's run against a compiled wheel,
that every listed module really is the compiled extension."""

from __future__ import annotations

import importlib.util
import os
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
