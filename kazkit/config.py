"""Project configuration: ``kazkit.toml``, found by walking up from the working folder.

Example::

    [rules]
    disable = ["KK_ELLIPSIS"]          # rule ids switched off
    enable = ["KK_SOME_OPTIONAL_RULE"] # rules shipped with enabled: false
    min_severity = "warning"           # hint < warning < error
    extra_rules = ["style/*.yaml"]     # more rule files, relative to this file

    [categories]
    disable = ["style"]

    [words]
    accept = ["Абай", "kazkit"]        # never reported as misspelt or rejected
    accept_file = "words.txt"          # one word a line
    reject = ["әр түрлі"]              # always reported (KK_REJECTED_WORD)

    [model]
    name = "./models/kazllm-8b"        # summarize/paraphrase model when --model and KAZKIT_MODEL are not set

The keys ``min_severity``, ``accept``, ``accept_file``, ``reject`` and ``extra_rules`` may also
stand at the top level. Any mistake is a :class:`~kazkit.errors.UsageError` naming the file.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kazkit.errors import UsageError

CONFIG_NAME = "kazkit.toml"
SEVERITIES = ("hint", "warning", "error")

_SECTIONS = {
    "rules": {"disable", "enable", "min_severity", "extra_rules"},
    "categories": {"disable", "enable"},
    "words": {"accept", "accept_file", "reject"},
    "model": {"name"},
}
_TOP_LEVEL = {"min_severity", "accept", "accept_file", "reject", "extra_rules"}


@dataclass(frozen=True)
class Config:
    """What ``kazkit check`` and ``kazkit fix`` take from ``kazkit.toml`` (defaults: everything on)."""

    path: Path | None = None
    disable_rules: frozenset[str] = frozenset()
    enable_rules: frozenset[str] = frozenset()
    disable_categories: frozenset[str] = frozenset()
    enable_categories: frozenset[str] = frozenset()
    min_severity: str = "hint"
    accept: frozenset[str] = frozenset()
    reject: tuple[str, ...] = ()
    extra_rules: tuple[Path, ...] = field(default_factory=tuple)
    model_name: str | None = None

    def rule_on(self, rule_id: str, category: str, enabled_by_default: bool = True) -> bool:
        """Whether a rule reports: an id named in ``enable``/``disable`` wins over its category."""
        if rule_id in self.disable_rules:
            return False
        if rule_id in self.enable_rules:
            return True
        if category in self.disable_categories:
            return False
        return enabled_by_default or category in self.enable_categories

    def severity_on(self, severity: str) -> bool:
        return SEVERITIES.index(severity) >= SEVERITIES.index(self.min_severity)


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``kazkit.toml`` in ``start`` (default: the working folder) or a parent."""
    folder = Path(start or os.getcwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: str | os.PathLike[str] | None = None, *,
                start: str | os.PathLike[str] | None = None) -> Config:
    """Read ``path`` (``--config``), or the ``kazkit.toml`` found from ``start``; defaults if none."""
    if path is None:
        found = find_config(start)
        if found is None:
            return Config()
        path = found
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: config file not found") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        data = _parse_toml(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:  # tomllib.TOMLDecodeError is a ValueError
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    return _config_from(data, path)


def _parse_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ImportError:
            raise UsageError("reading kazkit.toml on Python 3.10 needs tomli "
                             "(pip install tomli)") from None
    return tomllib.loads(text)


def _strings(value: Any, where: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: {where} must be a list of texts, e.g. [\"KK_ELLIPSIS\"]")
    return value


def _config_from(data: dict[str, Any], path: Path) -> Config:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise UsageError(f"{path}: [{key}] must be a table")
            unknown = set(value) - _SECTIONS[key]
            if unknown:
                raise UsageError(f"{path}: unknown key(s) in [{key}]: {', '.join(sorted(unknown))} "
                                 f"(use {', '.join(sorted(_SECTIONS[key]))})")
            for name, item in value.items():
                flat[f"{key}.{name}" if name in ("disable", "enable") or key == "model" else name] = item
        elif key in _TOP_LEVEL:
            flat[key] = value
        else:
            raise UsageError(f"{path}: unknown key {key!r} (use [rules], [categories], [words], [model])")
    severity = flat.get("min_severity", "hint")
    if severity not in SEVERITIES:
        raise UsageError(f"{path}: min_severity must be one of {', '.join(SEVERITIES)}")
    categories = {c for k in ("categories.disable", "categories.enable")
                  for c in _strings(flat.get(k, []), k, path)}
    from kazkit.grammar.rules import CATEGORIES

    unknown = categories - set(CATEGORIES)
    if unknown:
        raise UsageError(f"{path}: unknown categor(ies) {', '.join(sorted(unknown))} "
                         f"(use {', '.join(CATEGORIES)})")
    model_name = flat.get("model.name")
    if model_name is not None and (not isinstance(model_name, str) or not model_name.strip()):
        raise UsageError(f"{path}: [model] name must be a model folder or hub name, e.g. \"./models/kazllm-8b\"")
    accept = set(_strings(flat.get("accept", []), "accept", path))
    if "accept_file" in flat:
        accept |= _read_words(path, flat["accept_file"])
    return Config(
        path=path,
        disable_rules=frozenset(_strings(flat.get("rules.disable", []), "rules.disable", path)),
        enable_rules=frozenset(_strings(flat.get("rules.enable", []), "rules.enable", path)),
        disable_categories=frozenset(_strings(flat.get("categories.disable", []), "categories.disable", path)),
        enable_categories=frozenset(_strings(flat.get("categories.enable", []), "categories.enable", path)),
        min_severity=severity,
        accept=frozenset(w.lower() for w in accept),
        reject=tuple(_strings(flat.get("reject", []), "reject", path)),
        extra_rules=tuple(_rule_files(path, _strings(flat.get("extra_rules", []), "extra_rules", path))),
        model_name=_model_location(path, model_name.strip()) if model_name else None,
    )


def _model_location(path: Path, name: str) -> str:
    """A model folder is relative to the config file (like ``extra_rules``); a hub name
    (``issai/LLama-3.1-KazLLM-1.0-8B``) with no such folder is kept as written."""
    local = (path.parent / Path(name).expanduser()).resolve()
    if name.startswith((".", "~", "/")) or local.exists():
        return str(local)
    return name


def _read_words(path: Path, name: Any) -> set[str]:
    if not isinstance(name, str):
        raise UsageError(f"{path}: accept_file must be a file name")
    words_path = (path.parent / name).resolve()
    try:
        lines = words_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: accept_file {name}: cannot be read ({error})") from None
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _rule_files(path: Path, patterns: list[str]) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        full = pattern if os.path.isabs(pattern) else str(path.parent / pattern)
        matched = sorted(glob.glob(full, recursive=True))
        if not matched:
            raise UsageError(f"{path}: extra_rules {pattern!r} matches no file")
        files.extend(Path(m) for m in matched)
    return files
