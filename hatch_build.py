"""Build hook: a regular wheel of kazkit carries its hot modules compiled with Cython.

The modules named in ``kazkit/compiled.py`` are compiled from their unchanged Python sources into
C extensions, which the wheel holds beside the sources (Python imports an extension before a
``.py`` file of the same name). Editable builds are left pure Python, and so is every build where
``KAZKIT_PURE_PYTHON`` is set or the compilation fails for any reason (no C compiler, no Python
headers): the failure is reported in one line and the wheel is the pure-Python one.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Cython options: Python semantics throughout (annotations are documentation here, not C types).
DIRECTIVES = {"language_level": 3, "annotation_typing": False}


def compiled_module_names(root: Path) -> tuple[str, ...]:
    """``MODULES`` of ``kazkit/compiled.py``, read without importing kazkit."""
    tree = ast.parse((root / "kazkit" / "compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "MODULES":
            return tuple(ast.literal_eval(node.value))
    raise ValueError("kazkit/compiled.py defines no MODULES")


class CompiledModules(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """What compiling needs, fetched by the build front end: nothing for a pure-Python build,
        so that ``KAZKIT_PURE_PYTHON=1 pip install .`` needs no more than hatchling."""
        return [] if os.environ.get("KAZKIT_PURE_PYTHON") else ["cython>=3.0", "setuptools>=64"]

    def initialize(self, version: str, build_data: dict) -> None:
        self._workdir: Path | None = None
        if self.target_name != "wheel" or version == "editable" or os.environ.get("KAZKIT_PURE_PYTHON"):
            return
        try:
            built = self._compile(Path(self.root))
        except Exception as error:  # noqa: BLE001 - any failure leaves the pure-Python wheel
            message = " ".join(str(error).split())[:300]
            print(f"kazkit: building the pure-Python package (compiling failed: {type(error).__name__}: "
                  f"{message})", file=sys.stderr)
            return
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

        self._workdir = work = Path(tempfile.mkdtemp(prefix="kazkit-compile-"))
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
