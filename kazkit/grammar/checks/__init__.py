"""Programmatic checks: rule types and filters written in code, and whole-document checks.

Two kinds of plug-ins live in this package; every module in it is imported on first use:

* rule types and filters that YAML rules name (``type: repetition``, ``filter: numeral_suffix``),
  registered with :func:`kazkit.grammar.rules.register_rule_type` and
  :func:`kazkit.grammar.rules.register_filter`;
* whole-document checks ``(doc) -> Iterable[Diagnostic]`` registered with :func:`register_check`
  (the morphology-based speller is one: ``checks/spelling.py``). A check names the rule ids it
  reports and which of them ``kazkit fix`` may apply unasked (``safe_rules``).

Example of a check plug-in::

    @register_check("KK_SPELLING", rule_ids={"KK_SPELLING"}, safe_rules=set())
    def spelling(doc: Document) -> Iterator[Diagnostic]:
        ...
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kazkit.types import Diagnostic


@dataclass(frozen=True)
class Check:
    """A registered whole-document check."""

    name: str
    function: Callable[..., Iterable[Diagnostic]]
    rule_ids: frozenset[str]
    safe_rules: frozenset[str]
    category: str


CHECKS: dict[str, Check] = {}


def register_check(name: str, *, rule_ids: Iterable[str] = (), safe_rules: Iterable[str] = (),
                   category: str = "spelling"):
    """Register ``function(doc) -> Iterable[Diagnostic]`` under ``name``.

    ``rule_ids`` are the ids its diagnostics carry (so ``kazkit.toml`` can switch them off);
    ``safe_rules`` those whose first replacement ``kazkit fix`` applies without ``--all``.
    """

    def decorate(function):
        ids = frozenset(rule_ids) or frozenset({name})
        CHECKS[name] = Check(name, function, ids, frozenset(safe_rules), category)
        return function

    return decorate


def _import_plugins() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_import_plugins()
