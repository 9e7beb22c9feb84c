"""Kazakh phonology as data: vowel harmony, sound classes and archiphoneme realisation.

Everything here is read from ``data/morphology/phonology.yaml``; this module only interprets it.
A *left context* is a pair ``(harmony, sound_class)``: ``("b", "V")`` after ``бала``,
``("f", "K")`` after ``мектеп``. Suffix templates such as ``{L}{A}р`` are realised from it:
``мектеп`` + ``{L}{A}р`` -> ``тер``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

from kazkit.paths import data_path

BACK, FRONT = "b", "f"
# libyaml's parser when PyYAML was built with it (5x faster on the morphotactics files)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> object:
    """A YAML data file, parsed with the C loader when available (same result either way)."""
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)


@dataclass(frozen=True)
class Phonology:
    """The compiled contents of phonology.yaml."""

    back: frozenset[str]
    front: frozenset[str]
    neutral: frozenset[str]
    neutral_default: dict[str, str]
    soft_signs: frozenset[str]
    class_of: dict[str, str]
    class_parent: dict[str, str]
    archiphonemes: dict[str, dict[str, tuple[str, str]]]
    voicing: dict[str, str]
    verb_p_before_high_vowel: str
    joins: tuple[tuple[frozenset[str], str, str], ...]
    native_letters: frozenset[str] = frozenset()
    neutral_back_consonants: frozenset[str] = frozenset()
    voicing_after_i: frozenset[str] = frozenset()
    soft_sign_drop: bool = False
    epenthesis_clusters: frozenset[str] = frozenset()
    epenthesis_vowel: str = "і"
    drop_clusters: frozenset[str] = frozenset()

    @cached_property
    def vowels(self) -> frozenset[str]:
        # cached: stem building and the guesser ask for it once per stem
        return self.back | self.front

    @cached_property
    def letters(self) -> frozenset[str]:
        """Every letter that has a sound class (all but the soft and hard signs)."""
        return frozenset(self.class_of) | self.vowels

    @cached_property
    def voicing_triggers(self) -> frozenset[str]:
        """Letters that start a morph before which a final п/қ/к voices (vowels and у)."""
        return frozenset(self.vowels | {"у"})

    def harmony(self, text: str, default: str = BACK) -> str:
        """Harmony decided by the last harmony vowel: ``мектеп`` -> front, ``лекция`` -> back."""
        if text and text[-1] in self.soft_signs:
            return FRONT
        vowels = self.vowels
        glided = False  # a neutral и/у met after the current position
        for i in range(len(text) - 1, -1, -1):
            ch = text[i]
            if ch == "у" and not glided and 0 < i < len(text) - 1:
                if (
                    text[i - 1] not in vowels
                    and text[i - 1] not in "иуй"
                    and text[i + 1] not in "иуй"
                    and self.native_letters.isdisjoint(text)
                ):
                    # у between consonants is a loanword's vowel [u]: минутта, институтының
                    return BACK
            if ch in "иу":
                glided = True
            if (
                ch == "и"
                and i < len(text) - 1
                and text[i + 1] not in vowels
                and text[i + 1] not in "йу"
                and (i == 0 or text[i - 1] not in vowels)  # after a vowel it is a glide: диплоид
                and (self.native_letters.isdisjoint(text) or text.endswith("ин"))
            ):
                # и before a final consonant is a loanword's front vowel: архив -> архиві, режимге;
                # not in a word with a Kazakh-only letter (мұхитқа, шоқиды), but the surname
                # ending -ин stays front (Мағауиннің)
                return FRONT
            if ch == "ю" and i > 0 and text[i - 1] not in vowels and text[i - 1] not in "ьъйиу":
                # ю after a consonant is a loanword's fronted [ʲu]: дюймге, абсолюттік, костюмі
                return FRONT
            if ch in self.back:
                return BACK
            if ch in self.front:
                return FRONT
        for ch in reversed(text):
            if ch in self.neutral_default:
                if not self.neutral_back_consonants.isdisjoint(text):
                    return BACK  # қи -> қиып, қиды: қ/ғ occur in back-vowel words only
                return self.neutral_default[ch]
        return default

    def sound_class(self, text: str) -> str:
        """Sound class of the last letter (``V VL R L N Z K``); a final soft sign is skipped."""
        text = text.rstrip("".join(self.soft_signs)) or text
        if not text:
            return "V"
        cls = self.class_of.get(text[-1], "K")
        if cls == "V":
            for ch in reversed(text[:-1]):
                if self.class_of.get(ch, "K") != "V":
                    return "VL" if ch == "л" else "V"
        return cls

    def realise(self, name: str, harmony: str, cls: str) -> str:
        """One archiphoneme in a context: ``realise("G", "f", "K")`` -> ``к``."""
        table = self.archiphonemes[name]
        pair = (
            table.get(cls) or table.get(self.class_parent.get(cls, ""), None) or table.get("else")
        )
        if pair is None:
            pair = table[harmony == BACK and "back" or "front"]
            return pair[0]
        return pair[0] if harmony == BACK else pair[1]


def _pair(value: object) -> tuple[str, str]:
    if isinstance(value, list):
        return (str(value[0]), str(value[1]))
    return (str(value), str(value))


def load_phonology(path: Path | None = None) -> Phonology:
    """Read phonology.yaml (the shipped one by default)."""
    raw = load_yaml(path or data_path("morphology", "phonology.yaml"))
    class_of = {ch: cls for cls, letters in raw["classes"].items() for ch in letters}
    arch: dict[str, dict[str, tuple[str, str]]] = {}
    for name, table in raw["archiphonemes"].items():
        arch[name] = {str(k): _pair(v) for k, v in table.items()}
    joins = tuple(
        (frozenset(j["left"]), str(j["right"]), str(j["result"])) for j in raw.get("joins", [])
    )
    epenthesis = raw.get("cluster_epenthesis") or {}
    return Phonology(
        back=frozenset(raw["vowels"]["back"]),
        front=frozenset(raw["vowels"]["front"]),
        neutral=frozenset(raw["vowels"]["neutral"]),
        neutral_default={
            k: (BACK if v == "back" else FRONT) for k, v in raw["neutral_only_default"].items()
        },
        soft_signs=frozenset(raw["soft_signs"]),
        class_of=class_of,
        class_parent=dict(raw.get("class_parent", {})),
        archiphonemes=arch,
        voicing=dict(raw["voicing"]),
        verb_p_before_high_vowel=str(raw.get("verb_p_before_high_vowel", "у")),
        joins=joins,
        native_letters=frozenset(raw.get("native_letters", [])),
        neutral_back_consonants=frozenset(raw.get("neutral_back_consonants", [])),
        voicing_after_i=frozenset(raw.get("voicing_after_i", [])),
        soft_sign_drop=bool(raw.get("soft_sign_drop_before_vowel", False)),
        epenthesis_clusters=frozenset(epenthesis.get("clusters", [])),
        epenthesis_vowel=str(epenthesis.get("vowel", "і")),
        drop_clusters=frozenset(raw.get("cluster_drop", [])),
    )


@cache
def default_phonology() -> Phonology:
    """The shipped phonology, loaded once."""
    return load_phonology()
