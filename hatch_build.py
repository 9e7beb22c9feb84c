"""Build hook: a regular wheel of kazkit carries its hot modules compiled with Cython, and the
cache files of the default analyser and speller.

- The modules named in ``kazkit/compiled.py`` are compiled from their unchanged Python sources
  into C extensions, which the wheel holds beside the sources (Python imports an extension
  before a ``.py`` file of the same name).
- The engine's and the speller's cache files (``kazkit/grammar/morphology/cache.py``) are built by
  the installing Python from the sources and shipped in ``kazkit/_prebuilt/``, so that the first
  run on a fresh machine builds nothing (bench/check.py times such a first run).

Editable builds do neither, and neither does a build with ``KAZKIT_PURE_PYTHON`` set. A step that
fails for any reason (no C compiler, no Python headers) is reported in one line and left out:
the wheel then works as a pure-Python one.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Cython options: Python semantics throughout (annotations are documentation here, not C types).
DIRECTIVES = {"language_level": 3, "annotation_typing": False}
#: Run by the installing Python with the sources on the path: builds (and caches) the default
#: engine and the speller's indexes.
PREBUILD = "from kazkit.grammar.suggest import get_speller; get_speller().indexes"


def compiled_module_names(root: Path) -> tuple[str, ...]:
    """``MODULES`` of ``kazkit/compiled.py``, read without importing kazkit."""
    tree = ast.parse((root / "kazkit" / "compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MODULES":
            return tuple(ast.literal_eval(node.value))
    raise ValueError("kazkit/compiled.py defines no MODULES")


class KazkitBuild(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """What the two steps need, fetched by the build front end: nothing for a pure-Python
        build, so that ``KAZKIT_PURE_PYTHON=1 pip install .`` needs no more than hatchling."""
        if os.environ.get("KAZKIT_PURE_PYTHON"):
            return []
        # Cython and setuptools compile; regex and PyYAML are what building the cache files imports.
        return ["cython>=3.0", "setuptools>=64", "regex>=2023.0", "pyyaml>=6.0"]

    def initialize(self, version: str, build_data: dict) -> None:
        self._workdir: Path | None = None
        if self.target_name != "wheel" or version == "editable" or os.environ.get("KAZKIT_PURE_PYTHON"):
            return
        self._workdir = Path(tempfile.mkdtemp(prefix="kazkit-build-"))
        root = Path(self.root)
        for step, what in ((self._compile, "compiling"), (self._prebuild, "building the cache files")):
            try:
                built = step(root)
            except Exception as error:  # noqa: BLE001 - any failure leaves that step out
                message = " ".join(str(getattr(error, "stderr", "") or error).split())[-300:]
                print(f"kazkit: {what} failed, left out ({type(error).__name__}: {message})", file=sys.stderr)
                continue
            if step == self._compile:
                build_data["pure_python"] = False
                build_data["infer_tag"] = True
            for source, target in built:
                build_data["force_include"][source] = target

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    def _compile(self, root: Path) -> list[tuple[str, str]]:
        """Compile the modules into a temporary folder: (extension file, its path in the wheel)."""
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext

        assert self._workdir is not None
        work = self._workdir / "compiled"
        names = compiled_module_names(root)
        jobs = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        here = os.getcwd()
        os.chdir(root)  # relative sources: the extensions get their dotted names from the paths
        try:
            # No debugging symbols: they would triple the extensions' size.
            flags = [] if sys.platform == "win32" else ["-g0"]
            extensions = [Extension(name, [name.replace(".", "/") + ".py"], extra_compile_args=flags)
                          for name in names]
            modules = cythonize(extensions, build_dir=str(work / "c"), compiler_directives=DIRECTIVES,
                                nthreads=jobs, quiet=True)
            command = build_ext(Distribution({"name": "kazkit", "ext_modules": modules}))
            command.build_lib = str(work / "lib")
            command.build_temp = str(work / "temp")
            command.parallel = jobs
            command.ensure_finalized()
            command.run()
            built = []
            for extension in modules:
                path = Path(command.get_ext_fullpath(extension.name))
                built.append((str(path), path.relative_to(work / "lib").as_posix()))
        finally:
            os.chdir(here)
        return built

    def _prebuild(self, root: Path) -> list[tuple[str, str]]:
        """The default engine's and speller's cache files, built by this Python from the sources
        in ``root``: (file, its path in the wheel)."""
        assert self._workdir is not None
        cache = self._workdir / "cache"
        env = {k: v for k, v in os.environ.items() if k not in ("KAZKIT_NO_CACHE", "PYTHONPATH")}
        env.update(XDG_CACHE_HOME=str(cache), KAZKIT_NO_WORD_CACHE="1",
                   PYTHONPATH=os.pathsep.join(filter(None, (str(root), os.environ.get("PYTHONPATH")))))
        subprocess.run([sys.executable, "-c", PREBUILD], cwd=root, env=env, check=True, capture_output=True,
                       text=True, timeout=600)
        files = sorted((cache / "kazkit").glob("*.pickle"))
        if sorted(f.name.split("-", 1)[0] for f in files) != ["engine", "speller"]:
            raise RuntimeError(f"unexpected cache files: {[f.name for f in files]}")
        return [(str(f), f"kazkit/_prebuilt/{f.name}") for f in files]
