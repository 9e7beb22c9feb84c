"""The core types shared by every feature: plain, small dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field

# Token kinds produced by kazkit.text.tokenize.
WORD = "word"  # a word in Cyrillic (Kazakh/Russian) script, including hyphenated compounds
LATIN = "latin"  # a word in Latin script (English, or Kazakh in the 2021 Latin alphabet)
NUMBER = "number"  # digits, optionally with a hyphenated suffix: 5-сынып, 2020-да, 3,14
ABBR = "abbr"  # abbreviations and initials: ҚР, т.б., А.Е.
PUNCT = "punct"
SPACE = "space"
URL = "url"
EMAIL = "email"
HASHTAG = "hashtag"  # #hashtags and @mentions
OTHER = "other"
TOKEN_KINDS = (WORD, LATIN, NUMBER, ABBR, PUNCT, SPACE, URL, EMAIL, HASHTAG, OTHER)


def format_feats(feats: dict[str, str]) -> str:
    """UD features in CoNLL-U order and syntax (``Case=Loc|Number=Plur``); ``_`` when empty."""
    if not feats:
        return "_"
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower()))


@dataclass(frozen=True, slots=True)
class Token:
    """A span of the input text: ``text == source[start:end]`` always holds."""

    text: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span of the input text; ``lang`` is filled in by language identification."""

    text: str
    start: int
    end: int
    lang: str = ""


@dataclass(slots=True)
class Analysis:
    """One morphological reading of a word.

    ``feats`` are UD features (``{"Case": "Loc", "Number": "Plur"}``); ``segments`` are the
    surface morphs, so ``мектептерімізде`` has ``["мектеп", "тер", "іміз", "де"]``.
    """

    lemma: str
    pos: str
    feats: dict[str, str] = field(default_factory=dict)
    segments: list[str] = field(default_factory=list)
    guessed: bool = False

    @property
    def feats_str(self) -> str:
        """Features in CoNLL-U order and syntax (``Case=Loc|Number=Plur``), ``_`` when empty."""
        return format_feats(self.feats)

    def to_dict(self) -> dict:
        return {
            "lemma": self.lemma,
            "pos": self.pos,
            "feats": self.feats_str if self.feats else "",
            "segments": list(self.segments),
            "guessed": self.guessed,
        }


@dataclass(slots=True)
class Diagnostic:
    """A finding of ``kazkit check``; fields follow LanguageTool's and LSP's diagnostics."""

    rule_id: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    line: int = 0
    column: int = 0
    replacements: list[str] = field(default_factory=list)
