"""The modules a regular install compiles with Cython, and which of them this installation runs
compiled.

``pip install .`` (a regular, non-editable install) turns each module of :data:`MODULES` into a C
extension beside its unchanged ``.py`` source (``hatch_build.py``); Python imports the extension
first. The code is the same Python, so the findings are the same; only the interpreter's overhead
on the hot paths goes (``bench/check.py`` times both builds). Where Cython or a C compiler is
missing, or with ``KAZKIT_PURE_PYTHON=1`` at install time, the install is pure Python. Editable
installs (``pip install -e``) always run the sources, so that an edited module never hides behind
a stale extension.

This module imports nothing of kazkit's: the build hook reads :data:`MODULES` from it.
"""

from __future__ import annotations

#: The hot paths of ``kazkit check``, measured with callgrind on 1 MB of text (the spell check and
#: its suggestion search, the analyser, the document layer, the rule engine), then the modules
#: that a cProfile of a compiled install still showed taking hundredths of a second.
MODULES: tuple[str, ...] = (
    "kazkit.grammar.suggest",
    "kazkit.grammar.checks.spelling",
    "kazkit.grammar.morphology.engine",
    "kazkit.grammar.morphology.analyzer",
    "kazkit.grammar.morphology.phonology",
    "kazkit.grammar.morphology.ranking",
    "kazkit.grammar.morphology.lexicon",
    "kazkit.grammar.morphology.guesser",
    "kazkit.grammar.morphology.cache",
    "kazkit.grammar.checks.consistency",
    "kazkit.grammar.checks.repetition",
    "kazkit.grammar.rules",
    "kazkit.text.tokenize",
    "kazkit.text.sentences",
    "kazkit.text.langid",
)


def compiled_modules() -> list[str]:
    """The modules of :data:`MODULES` that this installation imports as compiled extensions."""
    import importlib.machinery
    import importlib.util

    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found = []
    for name in MODULES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith(suffixes):
            found.append(name)
    return found
