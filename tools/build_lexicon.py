"""Build kazkit's Kazakh stem lexicon and corpus form frequencies from the shared language data.

Usage::

    python tools/build_lexicon.py [--shared PATH] [--out DIR]

``--shared`` defaults to the repository's sibling folder ``../shared``; ``--out`` defaults to the
repository's ``data/lexicon``.  Two files are written atomically, byte-identical for the same input:

* ``lexicon.tsv``: one line per (lemma, upos, paradigm), see ``data/README.md`` for the format;
* ``formfreq.tsv``: lower-cased word forms of the raw corpus with their counts (count >= 2).

Only facts are taken from the sources (stems, parts of speech, classes); no grammar code is used.
Counts per part of speech and per source go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORMAT_VERSION = 1
BUILT_BY = "tools/build_lexicon.py"

UPOS = "NOUN PROPN ADJ ADV VERB NUM PRON DET ADP CCONJ SCONJ PART INTJ AUX X".split()
PARADIGMS = "noun propn adj adv verb num pron det adp cconj sconj part intj abbr x".split()
FLAGS = (
    "elide", "tv", "iv", "front", "back", "novoice", "ant", "cog", "top", "org", "m", "f", "px3",
)  # fmt: skip
SOURCES = ("apertium", "apertium-extra", "hunspell", "bidix", "ud", "kazkit")
#: Source 6: words no source has, added by hand (not from ../shared).
ADDITIONS = REPO / "data" / "lexicon" / "additions.tsv"
#: Flags the sources miss on lemmas they have (the elided stem of әріп -> әрпі), added by hand.
FLAG_FIXES = REPO / "data" / "lexicon" / "flags.tsv"

# The Kazakh Cyrillic alphabet (42 letters); anything else in a lemma drops the entry.
KAZ_LOWER = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
KAZ_UPPER = KAZ_LOWER.upper()
LEMMA_RE = re.compile(rf"[{KAZ_LOWER}{KAZ_UPPER}]+(?:[ -][{KAZ_LOWER}{KAZ_UPPER}]+)*")
# A lemma may be a bound clitic written with a leading hyphen (-ақ).
CLITIC_RE = re.compile(rf"-[{KAZ_LOWER}]+")
WORD_RE = re.compile(rf"[{KAZ_LOWER}{KAZ_UPPER}]+(?:-[{KAZ_LOWER}{KAZ_UPPER}]+)*")

# Latin letters that look like Cyrillic ones; the sources contain a few mixed-script words
# (e.g. hunspell "Iсмет" with a Latin I, apertium "cәуір" with a Latin c).
HOMOGLYPHS = str.maketrans("AaBCcEeHIiKMOoPpTXxy", "АаВСсЕеНІіКМОоРрТХху")

# Default paradigm for each UPOS (closed classes are mostly uninflected; the engine decides).
PARADIGM_OF = {
    "NOUN": "noun",
    "PROPN": "propn",
    "ADJ": "adj",
    "ADV": "adv",
    "VERB": "verb",
    "AUX": "verb",
    "NUM": "num",
    "PRON": "pron",
    "DET": "det",
    "ADP": "adp",
    "CCONJ": "cconj",
    "SCONJ": "sconj",
    "PART": "part",
    "INTJ": "intj",
    "X": "x",
}


def log(*parts: object) -> None:
    """Print a progress or statistics line to stderr (stdout stays clean)."""
    print(*parts, file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# The lexicon being built
# ---------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One lexicon line under construction: facts are unioned as sources agree."""

    lemma: str
    upos: str
    paradigm: str
    flags: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)

    def line(self) -> str:
        flags = ",".join(sorted(self.flags)) or "-"
        sources = "+".join(s for s in SOURCES if s in self.sources)
        classes = "+".join(sorted(self.classes)) or "-"
        return "\t".join((self.lemma, self.upos, self.paradigm, flags, sources, classes))


class Lexicon:
    """Entries keyed by (lemma, upos, paradigm), with a case-insensitive lemma index."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], Entry] = {}
        self.by_lemma: dict[str, list[Entry]] = {}
        self.verbs: set[str] = set()

    def add(
        self,
        lemma: str,
        upos: str,
        paradigm: str,
        source: str,
        flags: Iterable[str] = (),
        cls: str | None = None,
    ) -> Entry:
        """Add or merge one fact; returns the entry it landed in."""
        key = (lemma, upos, paradigm)
        entry = self.entries.get(key)
        if entry is None:
            entry = Entry(lemma, upos, paradigm)
            self.entries[key] = entry
            self.by_lemma.setdefault(lemma.lower(), []).append(entry)
            if upos in ("VERB", "AUX"):
                self.verbs.add(lemma)
        entry.flags.update(flags)
        entry.sources.add(source)
        if cls:
            entry.classes.add(cls)
        return entry

    def has(self, lemma: str, upos: str, paradigm: str) -> bool:
        return (lemma, upos, paradigm) in self.entries

    def lemma_entries(self, lemma: str) -> list[Entry]:
        """All entries whose lemma equals ``lemma`` ignoring case (Қазақ/қазақ)."""
        return self.by_lemma.get(lemma.lower(), [])

    def sorted_entries(self) -> list[Entry]:
        return [self.entries[k] for k in sorted(self.entries)]


def normalise_lemma(raw: str, upos: str, paradigm: str) -> str | None:
    """NFC, homoglyph repair, space clean-up and the contract's casing; None if not Kazakh.

    >>> normalise_lemma("Кітап", "NOUN", "noun")
    'кітап'
    >>> normalise_lemma("астана", "PROPN", "propn")
    'Астана'
    """
    text = unicodedata.normalize("NFC", raw)
    text = " ".join(text.split())
    if re.search(r"[A-Za-z]", text) and re.search(r"[\u0400-\u04ff]", text):
        text = text.translate(HOMOGLYPHS)
    if upos == "PROPN":
        # Proper nouns keep their capitals; an all-lowercase name gets an initial capital.
        if text[:1].islower():
            text = text[:1].upper() + text[1:]
    elif paradigm != "abbr":
        # Abbreviations keep their capitals (БАҚ is not бақ 'happiness').
        text = text.lower()
    if CONSONANT_Y_RE.search(text.lower()):
        return None  # й only follows a vowel in Kazakh (and Russian) spelling: "менй" is junk
    if LEMMA_RE.fullmatch(text) or CLITIC_RE.fullmatch(text):
        return text
    return None


CONSONANT_Y_RE = re.compile(r"[бвгғдджзклмнңпрстфхһцчшщ]й")


@dataclass
class Stats:
    """Counters reported on stderr and in data/README.md."""

    dropped_chars: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Source 1: apertium-kaz lexc
# ---------------------------------------------------------------------------------------------

# Continuation class -> (upos, paradigm, flags) readings.  Read from the lexc's own comments
# and the tags each class emits (see data/README.md for the reasoning per class).
_N = [("NOUN", "noun", ())]
_ADJ = [("ADJ", "adj", ())]
_ADV = [("ADV", "adv", ())]
_PRON = [("PRON", "pron", ())]
_DET = [("DET", "det", ())]
_NUM = [("NUM", "num", ())]
_ADP = [("ADP", "adp", ())]
_CCONJ = [("CCONJ", "cconj", ())]
_PART = [("PART", "part", ())]
LEXC_CLASSES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    # nouns: N1 plain; N3 singularia tantum; N5/N6 Russian loans; N1-Ә stems in ә (куә);
    # N-COMPOUND-PX* compounds cited with the 3rd person possessive (ауа райы);
    # N-INFL-NKI spatial nouns (алд, арт, үст)
    **{
        c: _N
        for c in (
            "N1",
            "N1-PL",
            "N1-VN",
            "N1-NAT",
            "N1-ADR",
            "N1-Ә",
            "N3",
            "N5",
            "N6",
            "N-INFL-NKI",
        )
    },
    # compounds cited with the 3rd person possessive (отбасы, ауа райы): `px3` lets the
    # analyser also continue them like a possessed noun (отбасы+нда, отбасы+на)
    **{
        c: [("NOUN", "noun", ("px3",))]
        for c in ("N-COMPOUND-PX", "N-COMPOUND-PX-PL", "N-COMPOUND-PX-COMMON")
    },
    "N1-ABBR": [("NOUN", "abbr", ())],  # inflecting abbreviations: БАҚ-қа
    "ABBR": [("NOUN", "abbr", ())],  # <abbr>, uninflected
    "ADV-LANG": [
        ("NOUN", "noun", ()),
        ("ADV", "adv", ()),
    ],  # қазақша: 'Kazakh (language)', 'in Kazakh'
    # proper nouns
    "NP-ANT-M": [("PROPN", "propn", ("ant", "m"))],
    "NP-ANT-F": [("PROPN", "propn", ("ant", "f"))],
    "NP-PAT-VICH": [("PROPN", "propn", ("ant", "m"))],  # patronymics in -вич (<pat><m>)
    "NP-COG-M": [("PROPN", "propn", ("cog", "m"))],
    "NP-COG-OB": [("PROPN", "propn", ("cog", "m"))],  # -ов/-ев, base reading <cog><m>
    "NP-COG-IN": [("PROPN", "propn", ("cog", "m"))],  # -ин, base reading <cog><m>
    "NP-COG-MF": [("PROPN", "propn", ("cog",))],  # dual-gender surnames
    "NP-TOP": [("PROPN", "propn", ("top",))],
    "NP-TOP-RUS": [("PROPN", "propn", ("top",))],
    "NP-TOP-ASSR": [("PROPN", "propn", ("top",))],
    "NP-TOP-COMPOUND": [("PROPN", "propn", ("top",))],
    "NP-TOP-ABBR": [("PROPN", "abbr", ("top",))],
    "NP-ORG": [("PROPN", "propn", ("org",))],
    "NP-ORG-LAT": [("PROPN", "propn", ("org",))],
    "NP-ORG-COMPOUND": [("PROPN", "propn", ("org",))],
    "NP-ORG-ABBR": [("PROPN", "abbr", ("org",))],
    "NP-AL": [("PROPN", "propn", ())],  # <al>: other names (Eurovision)
    "NP-AL-ABBR": [("PROPN", "abbr", ())],
    # adjectives A1..A6 differ only in derivations (substantive/adverbial/comparative)
    **{c: _ADJ for c in ("A1", "A2", "A3", "A4", "A6")},
    # verbs: transitivity is the class's <tv>/<iv>
    **{
        c: [("VERB", "verb", ("tv",))]
        for c in (
            "V-TV",
            "V-TV-PASS",
            "V-TV-NOPASS",
            "V-TV-CAUS",
            "V-TV-REFL",
        )
    },
    **{c: [("VERB", "verb", ("iv",))] for c in ("V-IV", "V-IV-COOP", "V-IV-REFL")},
    # <vaux>: auxiliaries (жатыр, жүр, бол ...); UD tags these AUX
    **{c: [("AUX", "verb", ())] for c in ("Vinfl-AUX", "Vinfl-AUX-IMPF", "Vinfl-AUX-IMPF-NEG")},
    # adverbs; <cnjadv> conjunctive adverbs (алайда) follow UD Kazakh-KTB, which tags them SCONJ;
    # <postadv> (ғана, да, -ақ) likewise follows KTB (ADV); ideophones (жарқ, жалт) and
    # parentheticals (өкінішке орай) are adverbial
    **{
        c: _ADV
        for c in ("ADV", "ADV-WITH-KI", "ADV-WITH-KI-I", "ADV-ITG", "POSTADV", "IDEO", "PAREN")
    },
    "CA": [("SCONJ", "sconj", ())],
    "CS": [("SCONJ", "sconj", ())],
    **{c: _CCONJ for c in ("CC", "CC-SOYED", "CC-PROTIV", "CC-RAZDEL")},
    **{c: _ADP for c in ("POST", "POST-NOM", "POST-NOM-GEN", "POST-DAT", "POST-ABL", "POST-INS")},
    **{c: _PART for c in ("QST", "MOD", "MOD-ASS")},
    "INTERJ": [("INTJ", "intj", ())],
    **{c: _NUM for c in ("NUM", "NUM-TWENTY", "NUM-COLL", "NUM-ITG", "NUM-ROMAN")},
    **{
        c: _PRON
        for c in (
            "PRON-IND",
            "PRON-IND-PL",
            "PRON-QNT",
            "PRON-QNT-POSS",
            "PRNNEG",
            "PRON-RECIP",
            "PRON-REF",
            "PRON-ITG-QAYSI",
            "PRON-ITG-QANSHA",
            "PRON-ITG-QANDAY",
            "PRON-ITG-INFL",
            "PRON-DEM-ANA",
        )
    },
    **{c: _DET for c in ("DET-DEM", "DET-QNT", "DET-IND", "DET-ITG", "DET-NEG", "DET-REF")},
}
# Classes that close a fully inflected (hard-coded) form rather than a stem.
LEXC_FORM_CLASSES = {"#", "GER-INFL"}
# Stem lexicons with plain entries, and lexicons whose entries are tagged pronoun/copula stems.
LEXC_STEM_LEXICONS = {"Common", "Abbreviations", "Proper", "InterrogativePronouns"}
LEXC_TAGGED_LEXICONS = {
    "PRON-PERS",
    "PRON-DEM-BUL",
    "PRON-DEM-MINA",
    "PRON-DEM-MINAU",
    "PRON-DEM-ALGI",
    "DemonstrativePronouns",
    "Copula",
}
LEXC_FIRST_TAG = {"prn": ("PRON", "pron"), "cop": ("AUX", "verb")}

# Archiphonemes in lower sides and the flag each is evidence for (apertium-kaz.kaz.twol):
# {y} is the "unepenthesised vowel", deleted before consonant + vowel (орын -> орны);
# {э} is a front vowel that surfaces as nothing (forces front harmony: қауіп -> қаупі);
# {а}, {ъ} force back harmony (тарих -> тарихы, ми -> миы, БАҚ -> БАҚ-қа);
# {❗} blocks intervocalic voicing of к/қ/п (құқ -> құқы, not құғы).
ARCHIPHONEME_FLAG = {
    "y": "elide",
    "э": "front",
    "а": "back",
    "ъ": "back",
    "Ъ": "back",
    "❗": "novoice",
}
ARCHI_RE = re.compile(r"%\{(.)%\}")


@dataclass
class LexcEntry:
    lexicon: str
    upper: str  # raw, still escaped
    lower: str
    cls: str
    comment: str
    line_no: int

    @property
    def analysis_only(self) -> bool:
        """Dir/LR lines are accepted in analysis but never generated (variants, misspellings)."""
        return "Dir/LR" in self.comment

    @property
    def gloss(self) -> str:
        found = re.search(r'"([^"]*)"', self.comment)
        return found.group(1).strip() if found else ""


def split_comment(line: str) -> tuple[str, str]:
    """Split a lexc line at the first unescaped ``!``."""
    i = 0
    while i < len(line):
        if line[i] == "%":
            i += 2
            continue
        if line[i] == "!":
            return line[:i], line[i + 1 :]
        i += 1
    return line, ""


def lexc_tokens(code: str) -> list[str]:
    """Whitespace-separated tokens of a lexc line, keeping ``%`` escapes inside tokens."""
    tokens: list[str] = []
    current = ""
    i = 0
    while i < len(code):
        ch = code[i]
        if ch == "%" and i + 1 < len(code):
            current += code[i : i + 2]
            i += 2
            continue
        if ch.isspace() or ch == ";":
            if current:
                tokens.append(current)
                current = ""
            if ch == ";":
                tokens.append(";")
        else:
            current += ch
        i += 1
    if current:
        tokens.append(current)
    return tokens


def split_colon(form: str) -> tuple[str, str]:
    """``upper:lower`` at the first unescaped colon (``form`` alone means upper == lower)."""
    i = 0
    while i < len(form):
        if form[i] == "%":
            i += 2
            continue
        if form[i] == ":":
            return form[:i], form[i + 1 :]
        i += 1
    return form, form


def unescape(text: str) -> str:
    """Remove lexc ``%`` escapes: ``ауыз% үй`` -> ``ауыз үй``."""
    return re.sub(r"%(.)", r"\1", text)


def parse_lexc(path: Path) -> Iterator[LexcEntry]:
    """Yield every entry line of every LEXICON with its lexicon name and comment."""
    lexicon = ""
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code, comment = split_comment(raw)
        tokens = lexc_tokens(code)
        if not tokens:
            continue
        if tokens[0] == "LEXICON" and len(tokens) >= 2:
            lexicon = tokens[1]
            continue
        if ";" not in tokens or tokens.index(";") not in (1, 2):
            continue
        before = tokens[: tokens.index(";")]
        if len(before) == 1:
            continue  # a bare continuation ("N1 ;"), not an entry
        upper, lower = split_colon(before[0])
        yield LexcEntry(lexicon, upper, lower, before[1], comment, line_no)


def lower_matches_lemma(entry: LexcEntry) -> bool:
    """True when the lower side spells the lemma itself, so its archiphonemes are stem facts.

    ``ауыз:ау%{y%}з`` matches (``{y}`` is the ы of ауыз); ``қоқыс% орны:қоқыс% ор%{y%}н`` does
    not (the lemma carries a suffix), nor does ``шай:шәй%{Ъ%}`` (a spelling variant).
    """
    upper = unescape(entry.upper).lower()
    stripped = ARCHI_RE.sub(lambda m: "\0" if m.group(1) == "y" else "", entry.lower)
    stripped = unescape(stripped).lower()
    return any(stripped.replace("\0", v) == upper for v in ("ы", "і"))


def line_flags(entry: LexcEntry) -> set[str]:
    """Flags evidenced by the archiphonemes of one lexc line."""
    if not lower_matches_lemma(entry):
        return set()
    return {ARCHIPHONEME_FLAG[a] for a in ARCHI_RE.findall(entry.lower) if a in ARCHIPHONEME_FLAG}


def elision_attested(lemma: str, lower: str, formfreq: Counter[str]) -> tuple[bool, int, int]:
    """Corpus vote for an elision that apertium only accepts in analysis (Dir/LR).

    Compares tokens starting with the elided stem + ы/і (аузы, аузын ...) with tokens starting
    with the full stem + ы/і (ауызы, ауызын ...); the elided form must be at least twice as common.
    """
    elided = unescape(ARCHI_RE.sub(lambda m: "" if m.group(1) == "y" else "", lower)).lower()
    full = lemma.lower()
    n_elided = sum(
        c for w, c in formfreq.items() if w[: len(elided) + 1] in (elided + "ы", elided + "і")
    )
    n_full = sum(c for w, c in formfreq.items() if w[: len(full) + 1] in (full + "ы", full + "і"))
    return n_elided > 0 and n_elided >= 2 * n_full, n_elided, n_full


def lexc_readings(
    entry: LexcEntry,
) -> tuple[str, list[tuple[str, str, tuple[str, ...]]], str] | None:
    """(lemma, readings, class label) of a stem entry, or None for forms/continuations."""
    if entry.lexicon in LEXC_TAGGED_LEXICONS:
        if "%<" not in entry.upper:
            return None
        lemma_raw, _, tags = entry.upper.partition("%<")
        first_tag = tags.split("%>")[0]
        if first_tag not in LEXC_FIRST_TAG:
            return None
        upos, paradigm = LEXC_FIRST_TAG[first_tag]
        return unescape(lemma_raw), [(upos, paradigm, ())], entry.lexicon
    if entry.lexicon not in LEXC_STEM_LEXICONS:
        return None
    if "%<" in entry.upper or entry.cls in LEXC_FORM_CLASSES:
        return None
    readings = LEXC_CLASSES.get(entry.cls)
    if readings is None:
        return None
    return unescape(entry.upper), readings, entry.cls


def add_apertium(lex: Lexicon, lexc_path: Path, formfreq: Counter[str], stats: Stats) -> None:
    """Source 1: stems of apertium-kaz.kaz.lexc with class-derived POS and flags."""
    unmapped: Counter[str] = Counter()
    # (key) -> list of (LexcEntry, flags from archiphonemes)
    lines_by_key: dict[tuple[str, str, str], list[tuple[LexcEntry, set[str]]]] = {}
    for entry in parse_lexc(lexc_path):
        if entry.lexicon in LEXC_STEM_LEXICONS and entry.cls not in LEXC_CLASSES:
            if entry.cls in LEXC_FORM_CLASSES or "%<" in entry.upper:
                stats.skipped["apertium: hard-coded inflected form"] += 1
            else:
                unmapped[entry.cls] += 1
            continue
        found = lexc_readings(entry)
        if found is None:
            continue
        raw_lemma, readings, cls = found
        archi = line_flags(entry)
        for upos, paradigm, class_flags in readings:
            lemma = normalise_lemma(raw_lemma, upos, paradigm)
            if lemma is None:
                stats.dropped_chars["apertium"] += 1
                continue
            lex.add(lemma, upos, paradigm, "apertium", class_flags, cls)
            lines_by_key.setdefault((lemma, upos, paradigm), []).append((entry, archi))
    for cls, n in sorted(unmapped.items()):
        log(f"apertium: UNMAPPED class {cls} ({n} entries)")
        stats.notes.append(f"unmapped apertium class {cls} ({n})")
    for key, lines in lines_by_key.items():
        lex.entries[key].flags.update(resolve_archiphoneme_flags(key, lines, formfreq, stats))


def resolve_archiphoneme_flags(
    key: tuple[str, str, str],
    lines: list[tuple[LexcEntry, set[str]]],
    formfreq: Counter[str],
    stats: Stats,
) -> set[str]:
    """Decide which archiphoneme flags hold for a lemma that may have several lexc lines.

    * ``novoice`` holds whenever any line has it (it is a property of the stem's consonant);
    * ``front``/``back``/``elide`` from a generated line hold unless another generated line of
      the same class with a different gloss lacks them (a homonym: қайт 'return' vs қайт 'do how');
    * ``elide`` seen only on analysis-only (Dir/LR) lines holds if the corpus prefers the
      elided form (аузы over ауызы); ``front``/``back`` seen only there are variants and dropped.
    """
    result: set[str] = set()
    all_flags = set().union(*(f for _, f in lines))
    for flag in sorted(all_flags):
        with_flag = [e for e, f in lines if flag in f]
        if flag == "novoice":
            result.add(flag)
            continue
        generated = [e for e in with_flag if not e.analysis_only]
        if generated:
            rivals = [
                e
                for e, f in lines
                if flag not in f
                and not e.analysis_only
                and e.gloss
                and any(e.cls == g.cls and e.gloss != g.gloss for g in generated)
            ]
            if rivals:
                stats.notes.append(
                    f"{key[0]} {key[1]}: dropped '{flag}' (homonym without it: "
                    f"'{rivals[0].gloss}', lexc line {rivals[0].line_no})"
                )
                continue
            result.add(flag)
        elif flag == "elide":
            ok, n_el, n_full = elision_attested(key[0], with_flag[0].lower, formfreq)
            verdict = "elide" if ok else "no elide"
            stats.notes.append(
                f"{key[0]}: elision only in analysis (Dir/LR); corpus elided/full = "
                f"{n_el}/{n_full} -> {verdict}"
            )
            if ok:
                result.add(flag)
    return result


# ---------------------------------------------------------------------------------------------
# Verb stems from verbal nouns (-у/-ю): used for lexicon-not-in-kaz.tsv and hunspell
# ---------------------------------------------------------------------------------------------

DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}


def verb_stem(verbal_noun: str) -> str | None:
    """The bare verb stem of a verbal noun in -у/-ю, as apertium and UD cite verbs.

    Stem-final п/к/қ are voiced before -у, so they are devoiced back.

    >>> [verb_stem(w) for w in ("жазу", "табу", "тігу", "жағу", "жуу", "сүю", "кию", "кітап")]
    ['жаз', 'тап', 'тік', 'жақ', 'жу', 'сүй', 'ки', None]
    """
    if len(verbal_noun) < 3:
        return None
    if verbal_noun.endswith("ию"):
        return verbal_noun[:-1]  # ки+у is spelt кию
    if verbal_noun.endswith("ю"):
        return verbal_noun[:-1] + "й"  # сүй+у is spelt сүю
    if not verbal_noun.endswith("у"):
        return None
    stem = verbal_noun[:-1]
    if stem[-1] in DEVOICE:
        stem = stem[:-1] + DEVOICE[stem[-1]]
    return stem


def resolve_verb_stem(verbal_noun: str, verbs: set[str]) -> str | None:
    """Like :func:`verb_stem`, but prefers a known verb in -ы/-і, which the -у form hides.

    оқы+у is spelt оқу, so оқу gives оқы when оқы is a known verb, else оқ.
    """
    stem = verb_stem(verbal_noun)
    if stem is None or stem in verbs:
        return stem
    for vowel in "ыі":
        if stem + vowel in verbs:
            return stem + vowel
    return stem


# ---------------------------------------------------------------------------------------------
# Secondary sources: only new lemmas are added; an identical (lemma, upos, paradigm) gains the source
# ---------------------------------------------------------------------------------------------


def add_secondary(
    lex: Lexicon,
    source: str,
    raw_lemma: str,
    upos: str,
    paradigm: str,
    flags: Iterable[str],
    earlier: set[str] | None,
    stats: Stats,
) -> None:
    """Merge one entry of a secondary source.

    An existing identical key only gains the source name.  A lemma that no earlier source knows
    (``earlier``: lower-cased lemmas before this source started) is added in every part of
    speech this source gives it.  A lemma known earlier with a different part of speech is not
    given a new one (apertium's curated POS wins), unless ``earlier`` is None (UD's hand-checked
    lemma + UPOS pairs are always added).
    """
    lemma = normalise_lemma(raw_lemma, upos, paradigm)
    if lemma is None:
        stats.dropped_chars[source] += 1
        return
    if lex.has(lemma, upos, paradigm):
        lex.add(lemma, upos, paradigm, source, flags)
        stats.merged[source] += 1
        return
    if earlier is not None:
        if lemma.lower() in earlier:
            stats.skipped[f"{source}: known lemma, other POS"] += 1
            return
        problem = derived_word_problem(lemma, upos, lex.verbs)
        if problem:
            stats.skipped[f"{source}: {problem}"] += 1
            return
    lex.add(lemma, upos, paradigm, source, flags)
    stats.added[source] += 1


# Endings of verb forms that dictionaries list as adjectives/adverbs/nouns: converbs (-ып, -а),
# participles (-ған, -атын, -ар, -мас) and negation (-ма) (өт+пе+йтін, абайла+п).
VERB_FORM_SUFFIXES = frozenset(
    """
    ып іп п а е й ған ген қан кен атын етін йтын йтін ар ер р мас мес бас бес пас пес
    ма ме ба бе па пе
""".split()
)
SURNAME_RE = re.compile(r".{3,}(?:ов|ев|ова|ева|енко|ұлы|қызы)$")


def is_verb_form(word: str, verbs: set[str], depth: int = 0) -> bool:
    """True when ``word`` is a known verb stem plus one or two verb-form endings.

    >>> is_verb_form("өтпейтін", {"өт"}), is_verb_form("абайлап", {"абайла"})
    (True, True)
    """
    if depth and word in verbs:
        return True
    if depth >= 2:
        return False
    return any(
        word[cut:] in VERB_FORM_SUFFIXES and is_verb_form(word[:cut], verbs, depth + 1)
        for cut in range(max(2, len(word) - 4), len(word))
    )


def derived_word_problem(lemma: str, upos: str, verbs: set[str]) -> str | None:
    """Why a new nominal lemma of a secondary source is not a stem of its own, or None.

    Verbal nouns (келтіру), participles and converbs (өтпейтін, абайлап) of known verbs are
    produced by the morphology from the verb; lower-cased surnames are not common nouns.
    """
    if upos not in ("NOUN", "ADJ", "ADV"):
        return None
    if lemma.endswith(("у", "ю")) and verb_stem(lemma) in verbs:
        return "verbal noun of a known verb"
    if is_verb_form(lemma, verbs):
        return "verb form of a known verb"
    if upos == "NOUN" and SURNAME_RE.match(lemma):
        return "lower-cased surname"
    return None


# Source 2: apertium-kaz/lexicon-not-in-kaz.tsv (POS, kk, kk, class, Russian gloss).
EXTRA_POS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "A": ("ADJ", "adj", ()),
    "ADV": ("ADV", "adv", ()),
    "V": ("VERB", "verb", ()),
    "N,persn": ("PROPN", "propn", ("ant",)),
    "N,famn": ("PROPN", "propn", ("cog",)),
    "N,topn": ("PROPN", "propn", ("top",)),
    "INTJ": ("INTJ", "intj", ()),
    "IW": ("ADV", "adv", ()),  # imitative words (ideophones), as apertium's IDEO
    "IV": ("ADV", "adv", ()),  # two more imitatives (гүрс-гүрс)
    "PRO": ("PRON", "pron", ()),
    "CONJ": ("CCONJ", "cconj", ()),
    "NUM": ("NUM", "num", ()),
    "PARENTH": ("ADV", "adv", ()),
    "PART": ("PART", "part", ()),
}


def add_apertium_extra(lex: Lexicon, path: Path, stats: Stats) -> None:
    """Source 2: stems from a kk-ru dictionary that apertium-kaz has not absorbed yet."""
    earlier = set(lex.by_lemma)
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 4:
            continue
        pos, word, cls = cols[0].strip(), cols[1].strip(), cols[3].strip()
        if pos == "N":
            # plain N is a common noun (class N1) or a name (NP-UNK)
            reading = ("PROPN", "propn", ()) if cls.startswith("NP") else ("NOUN", "noun", ())
        elif pos in EXTRA_POS:
            reading = EXTRA_POS[pos]
        else:
            stats.skipped[f"apertium-extra: unknown POS {pos!r}"] += 1
            continue
        upos, paradigm, flags = reading
        if upos == "VERB":
            stem = resolve_verb_stem(word, lex.verbs)
            if stem is None:
                stats.skipped["apertium-extra: verb not in -у/-ю"] += 1
                continue
            word = stem
        add_secondary(lex, "apertium-extra", word, upos, paradigm, flags, earlier, stats)


# Source 3: hunspell kk_KZ.
# The .aff has one suffix layer; flags A..L (with lower-case twins for the plural) are nominal
# endings (A plural, B-E possessives, F 3rd person possessive, G genitive, H dative, I accusative,
# J locative, K ablative, L instrumental); M..Z (and twins) are verbal endings of dictionary
# words cited in -у (M-P converbs in -ып, Q/q/p past, T-Z present and imperative persons, x the
# bare imperative = the stem).  The 395 names added to the wordlist carry the nominal set without
# A (no plural).  The affix writer gave every word ending in -у the verbal set (so су 'water' and
# тау 'mountain' look like verbs) and every other word the nominal set (so bare verb stems such
# as тітірес, inflected forms such as колхоздан and truncations such as кешенд look like nouns):
# hunspell-only words are therefore filtered before they are added.
HUNSPELL_VERBAL = set("MmNnOoPpQqRrSsTtUuVvWwXxYyZz")
HUNSPELL_NOMINAL = set("AbBcCdDeEfFgGhHiIjJkKlL")

# Endings that turn a known stem into a word form (nominal and verbal inflection, a few
# productive derivations).  A hunspell-only word that is a known stem plus up to three of these
# is an inflected form, not a stem (колхоз+дан, сипатта+л+ады).
INFLECTION_SUFFIXES = frozenset(
    """
    лар лер дар дер тар тер
    ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ым ім м ың ің ң сы сі ы і н
    ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті нда нде да де та те
    нан нен дан ден тан тен мен бен пен менен бенен пенен дағы дегі тағы тегі ндағы ндегі
    дай дей тай тей ндай ндей
    ыл іл л ын ін ыс іс с т дыр дір тыр тір ғыз гіз қыз кіз
    ып іп п ған ген қан кен са се ма ме ба бе па пе у ю й ар ер р атын етін йтын йтін
    ады еді йды йді мақ мек бақ бек пақ пек мас мес бас бес пас пес тан тен
    мын мін сың сің ыз із
""".split()
)
LONGEST_SUFFIX = max(map(len, INFLECTION_SUFFIXES))
DEVOICE_FINAL = {"б": "п", "г": "к", "ғ": "қ"}
# Verb-forming derivational endings (causative, passive, reciprocal, expressive -ңда/-ңде,
# ideophonic -и): a hunspell "noun" ending so is a verb stem given the nominal flags.
VERB_DERIVATION_RE = re.compile(
    r"(?:[ыі]л|[дт][ыі]р|[ғгқк][ыі]з|ң[дт][ае]т?|[ыі]лд[ае]т|[аеыіу]т|[ыі]рт|[аеоөұүыі]йт|[ыі]лт"
    r"|[ыі]с|[аеиу]л|[аеыі]с|[ыі]ңқ[ыі]|[аоұыеөүі][қк]?и)$"
)
# Native words are spelt with a final п/к/қ/т, never б/г/ғ/д; such a word with a Kazakh-only
# letter is a truncation (әдеб, төменг, кешенд is caught by the same test only with ә..і).
TRUNCATION_RE = re.compile(r"^(?=.*[әғқңөұүһі]).*[бгғд]$")


def parse_hunspell_dic(path: Path) -> Iterator[tuple[str, str]]:
    """(word, flags) pairs of a hunspell .dic (the first line is the count)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        word, _, flags = line.strip().partition("/")
        if word:
            yield unicodedata.normalize("NFC", word).translate(HOMOGLYPHS), flags


def is_inflected(word: str, stems: set[str], depth: int = 0) -> bool:
    """True when ``word`` is a known stem (3+ letters) plus up to three inflectional endings.

    >>> is_inflected("колхоздан", {"колхоз"})
    True
    >>> is_inflected("радиотелескоп", {"радио"})
    False
    """
    if depth:
        if word in stems:
            return True
        if word[-1] in DEVOICE_FINAL and word[:-1] + DEVOICE_FINAL[word[-1]] in stems:
            return True
        if depth >= 3:
            return False
    for cut in range(max(3, len(word) - LONGEST_SUFFIX), len(word)):
        if word[cut:] in INFLECTION_SUFFIXES and is_inflected(word[:cut], stems, depth + 1):
            return True
    return False


# A cardinal + the ordinal suffix: the analyser derives ordinals itself, and hunspell lists the
# wrong жиырманшы (the ordinal of жиырма is жиырмасыншы).
NUMERAL_ORDINAL_RE = re.compile(
    r"^(бір|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|он|жиырма|жиырмас|отыз|қырқ|елу|алпыс|жетпіс|"
    r"сексен|тоқсан|жүз|мың)[ыі]?нш[ыі]$"
)


# Kazakh letters and the Russian-keyboard letter typed for each when the Kazakh layout is missing.
KEYBOARD_FALLBACK = {
    "қ": "к", "ғ": "г", "ң": "н", "ү": "у", "ұ": "у", "ө": "о", "ә": "а", "ы": "и", "і": "и",
    "һ": "х",
}  # fmt: skip
FALLBACK_TO_KAZAKH: dict[str, str] = {}
for _kaz, _rus in KEYBOARD_FALLBACK.items():
    # и is left out: и/ы/і alternate in real stems (қилы, қыл; тани, таны), so a stem differing
    # from a known one only there is not evidence of a typo
    if _rus != "и":
        FALLBACK_TO_KAZAKH[_rus] = FALLBACK_TO_KAZAKH.get(_rus, "") + _kaz
PLURAL_ENDINGS = ("лар", "лер", "дар", "дер", "тар", "тер")


def keyboard_variant_of(word: str, stems: set[str]) -> str | None:
    """A known stem that ``word`` spells with one Russian-keyboard letter, or None.

    >>> keyboard_variant_of("ұлттык", {"ұлттық"})
    'ұлттық'
    """
    if len(word) < 4:
        return None  # ан/ән, ам/әм: short words are too often distinct words
    for i, ch in enumerate(word):
        for kaz in FALLBACK_TO_KAZAKH.get(ch, ""):
            if kaz == ch:
                continue
            candidate = word[:i] + kaz + word[i + 1 :]
            if candidate in stems:
                return candidate
    return None


def is_truncated_form(word: str, stems: set[str]) -> bool:
    """True when ``word`` is a known stem + plural ending + one more consonant, cut short.

    >>> is_truncated_form("мектептерд", {"мектеп"})
    True
    """
    head = word[:-1]
    return (
        word[-1] not in VOWELS_LOWER
        and head.endswith(PLURAL_ENDINGS)
        and is_inflected(head, stems)
    )


VOWELS_LOWER = frozenset("аәеоөұүыіэяёюуи")


def hunspell_noun_problem(word: str, verb_stems: set[str], stems: set[str]) -> str | None:
    """Why a hunspell-only lower-case word with nominal flags is not taken as a noun, or None."""
    if word in verb_stems:
        return "verb stem with nominal flags"
    if word[0] in "ңъь":
        return "junk (impossible initial letter)"
    if SURNAME_RE.match(word):
        return "lower-cased surname"
    if TRUNCATION_RE.match(word):
        return "junk (truncated stem)"
    if NUMERAL_ORDINAL_RE.match(word):
        return "ordinal of a numeral (the morphology makes these; жиырманшы is a misspelling)"
    if is_inflected(word, stems):
        return "inflected form of a known stem"
    if keyboard_variant_of(word, stems):
        return "typo: a known stem typed with a Russian-keyboard letter (ұлттык for ұлттық)"
    if is_truncated_form(word, stems):
        return "typo: an inflected form cut short (мектептерд)"
    if VERB_DERIVATION_RE.search(word):
        return "verb-forming ending (likely a verb stem)"
    return None


def add_hunspell(lex: Lexicon, dic: Path, stats: Stats) -> None:
    """Source 3: hunspell stems; known lemmas gain +hunspell, new ones are added conservatively."""
    words: list[tuple[str, str]] = []
    for word, flags in parse_hunspell_dic(dic):
        if len(word) >= 2 and LEMMA_RE.fullmatch(word):
            words.append((word, flags))
        else:
            stats.dropped_chars["hunspell"] += 1
    hunspell_verbs = {
        s
        for w, f in words
        if set(f) & HUNSPELL_VERBAL and (s := resolve_verb_stem(w.lower(), lex.verbs))
    }
    verb_stems = lex.verbs | hunspell_verbs
    # curated stems only: hunspell's own words are too noisy to decompose against
    stems = set(lex.by_lemma) | verb_stems
    for word, flags in words:
        flagset = set(flags)
        if flagset & HUNSPELL_VERBAL:
            stem = resolve_verb_stem(word.lower(), lex.verbs)
            upos, paradigm, extra = "VERB", "verb", ()
        elif flagset & HUNSPELL_NOMINAL:
            stem = word
            if word[:1].isupper():
                # the names list lacks the plural A
                upos, paradigm, extra = "PROPN", "propn", (("ant",) if "A" not in flagset else ())
            else:
                upos, paradigm, extra = "NOUN", "noun", ()
        else:
            # no flags: the POS is unknown, so the word only confirms a known nominal lemma
            known = [e for e in lex.lemma_entries(word) if e.upos not in ("VERB", "AUX")]
            for e in known:
                e.sources.add("hunspell")
            stats.merged["hunspell"] += bool(known)
            stats.skipped["hunspell: no affix flags, unknown lemma (POS unknown)"] += not known
            continue
        lemma = normalise_lemma(stem, upos, paradigm) if stem else None
        if lemma is None:
            stats.skipped["hunspell: -у word without a verb stem"] += 1
            continue
        known = [
            e for e in lex.lemma_entries(lemma) if (e.upos in ("VERB", "AUX")) == (upos == "VERB")
        ]
        if known:
            for e in known:
                e.sources.add("hunspell")
            stats.merged["hunspell"] += 1
            continue
        if upos == "VERB" and len(lemma) < 3:
            # тау 'mountain' -> *та: short stems are nouns in -у, not verbs
            stats.skipped["hunspell: noun in -у given verbal flags"] += 1
            continue
        if upos == "NOUN":
            problem = derived_word_problem(lemma, upos, verb_stems) or hunspell_noun_problem(
                lemma, verb_stems, stems
            )
            if problem:
                stats.skipped[f"hunspell: {problem}"] += 1
                continue
        lex.add(lemma, upos, paradigm, "hunspell", extra)
        stats.added["hunspell"] += 1


# Source 4: Apertium bilingual dictionaries (Kazakh side's first tags).
BIDIX_TAGS: dict[str, tuple[str, str]] = {
    "n": ("NOUN", "noun"),
    "adj": ("ADJ", "adj"),
    "adv": ("ADV", "adv"),
    "v": ("VERB", "verb"),
    "vblex": ("VERB", "verb"),
    "vaux": ("AUX", "verb"),
    "cop": ("AUX", "verb"),
    "np": ("PROPN", "propn"),
    "num": ("NUM", "num"),
    "prn": ("PRON", "pron"),
    "det": ("DET", "det"),
    "post": ("ADP", "adp"),
    "cnjcoo": ("CCONJ", "cconj"),
    "cnjsub": ("SCONJ", "sconj"),
    "cnjadv": ("SCONJ", "sconj"),
    "postadv": ("ADV", "adv"),
    "qst": ("PART", "part"),
    "mod": ("PART", "part"),
    "mod_ass": ("PART", "part"),
    "emph": ("PART", "part"),
    "ij": ("INTJ", "intj"),
    "interj": ("INTJ", "intj"),
    "abbr": ("NOUN", "abbr"),
}
BIDIX_FLAG_TAGS = {"tv", "iv", "ant", "cog", "top", "org", "m", "f"}


def dix_text(elem: ET.Element) -> str:
    """The written form of a dix side: text, ``<b/>`` as space, ``<g>`` groups inline."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == "b":
            parts.append(" ")
        elif child.tag == "g":
            parts.append(dix_text(child))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def bidix_entries(path: Path, side: str) -> Iterator[tuple[str, list[str]]]:
    """(Kazakh lemma, tags) of every entry in the dictionary's sections (not its pardefs)."""
    root = ET.parse(path).getroot()
    for section in root.iter("section"):
        for e in section.iter("e"):
            if e.find("re") is not None:
                continue
            p = e.find("p")
            if p is None:
                continue
            kaz = p.find(side)
            if kaz is None:
                continue
            tags = [s.get("n", "") for s in kaz.iter("s")]
            yield dix_text(kaz), tags


def bidix_reading(tags: list[str]) -> tuple[str, str, tuple[str, ...]] | None:
    """(upos, paradigm, flags) from a Kazakh tag list like ['np', 'ant', 'm']."""
    if not tags or tags[0] not in BIDIX_TAGS:
        return None
    upos, paradigm = BIDIX_TAGS[tags[0]]
    if tags[0] == "n" and "acr" in tags:
        paradigm = "abbr"
    flags = tuple(t for t in tags[1:3] if t in BIDIX_FLAG_TAGS)
    if upos == "PROPN" and "pat" in tags[1:2]:
        flags = ("ant",) + flags
    return upos, paradigm, flags


def add_bidix(lex: Lexicon, shared: Path, stats: Stats) -> None:
    """Source 4: kaz-rus (Kazakh on the left) and eng-kaz (Kazakh on the right)."""
    earlier = set(lex.by_lemma)
    dictionaries = [
        (shared / "apertium-bidix/kaz-rus/apertium-kaz-rus.kaz-rus.dix", "l"),
        (shared / "apertium-bidix/eng-kaz/apertium-eng-kaz.eng-kaz.dix", "r"),
    ]
    for path, side in dictionaries:
        for lemma, tags in bidix_entries(path, side):
            reading = bidix_reading(tags)
            if reading is None or not lemma:
                stats.skipped["bidix: no part-of-speech tag"] += 1
                continue
            upos, paradigm, flags = reading
            add_secondary(lex, "bidix", lemma, upos, paradigm, flags, earlier, stats)


def add_ud(lex: Lexicon, conllu: Path, stats: Stats) -> None:
    """Source 5: lemma + UPOS pairs of the UD Kazakh-KTB train sample (never the dev file)."""
    assert "dev" not in conllu.name, "the UD dev file is held-out evaluation data"
    for line in conllu.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        lemma, upos, xpos = cols[2], cols[3], cols[4]
        if upos not in PARADIGM_OF or upos == "X" or xpos == "x":
            continue  # xpos x: tokens the treebank's analyser could not analyse
        if lemma[:1].isupper() and upos != "PROPN":
            stats.skipped["ud: capitalised lemma outside PROPN"] += 1
            continue
        add_secondary(lex, "ud", lemma, upos, PARADIGM_OF[upos], (), None, stats)


def _hand_rows(path: Path, columns: int) -> Iterator[tuple[str, list[str]]]:
    """``(where, columns)`` of each data line of a hand-written TSV file (none if it is missing);
    comments, blank lines and the header are skipped, a line of another width stops the build."""
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("lemma\t"):
            continue
        cols = line.split("\t")
        if len(cols) != columns:
            raise ValueError(f"{path.name}:{number}: {columns} tab-separated columns expected")
        yield f"{path.name}:{number}", cols


def _hand_flags(flags: str, where: str) -> set[str]:
    flag_set = set() if flags == "-" else set(flags.split(","))
    if not flag_set <= set(FLAGS):
        raise ValueError(f"{where}: unknown flags {sorted(flag_set - set(FLAGS))}")
    return flag_set


def add_additions(lex: Lexicon, path: Path, stats: Stats) -> None:
    """Source 6: ``data/lexicon/additions.tsv``, written by hand. A line whose lemma a source
    already has with that part of speech adds nothing (reported, so that it can be dropped)."""
    for where, (lemma, upos, paradigm, flags, _example) in _hand_rows(path, 5):
        if upos not in UPOS or paradigm not in PARADIGMS:
            raise ValueError(f"{where}: unknown upos or paradigm {upos}/{paradigm}")
        flag_set = _hand_flags(flags, where)
        if any(e.upos == upos for e in lex.lemma_entries(lemma)):
            stats.skipped["kazkit: already in a source (drop the line)"] += 1
            log(f"note: {where}: {lemma} {upos} is already known")
            continue
        lex.add(lemma, upos, paradigm, "kazkit", flag_set)
        stats.added[f"kazkit {upos}"] += 1


def add_flag_fixes(lex: Lexicon, path: Path, stats: Stats) -> None:
    """Source 6 again: ``data/lexicon/flags.tsv``, written by hand: flags that no source gives a
    lemma it has (әріп is in every source, none says that its stem vowel drops: әрпі). A line
    for a lemma that no source has, or whose flags it already has, is an error, so that the file
    never holds a line that does nothing."""
    for where, (lemma, upos, flags, _example) in _hand_rows(path, 4):
        flag_set = _hand_flags(flags, where)
        entry = lex.entries.get((lemma, upos, PARADIGM_OF.get(upos, "")))
        if entry is None:
            raise ValueError(f"{where}: no source has {lemma} {upos} (add it to additions.tsv)")
        if not flag_set or flag_set <= entry.flags:
            raise ValueError(f"{where}: {lemma} {upos} already has {flags} (drop the line)")
        lex.add(lemma, upos, entry.paradigm, "kazkit", flag_set)
        stats.added["kazkit flags"] += 1


# ---------------------------------------------------------------------------------------------
# Corpus form frequencies
# ---------------------------------------------------------------------------------------------


def count_forms(corpus_dir: Path) -> Counter[str]:
    """Lower-cased Kazakh word forms of every ``text`` field in corpus/**/*.jsonl."""
    counts: Counter[str] = Counter()
    for path in sorted(corpus_dir.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    text = unicodedata.normalize("NFC", json.loads(line).get("text", ""))
                    counts.update(m.lower() for m in WORD_RE.findall(text))
    return counts


def formfreq_text(counts: Counter[str]) -> str:
    """The formfreq.tsv file: header with the token total, then forms with count >= 2."""
    rows = sorted(((f, c) for f, c in counts.items() if c >= 2), key=lambda fc: (-fc[1], fc[0]))
    lines = [f"# kazkit-formfreq format={FORMAT_VERSION} tokens={sum(counts.values())}"]
    lines += [f"{form}\t{count}" for form, count in rows]
    return "\n".join(lines) + "\n"


def lexicon_text(lex: Lexicon) -> str:
    """The lexicon.tsv file: header, column names, one sorted line per entry."""
    entries = lex.sorted_entries()
    lines = [
        f"# kazkit-lexicon\tformat={FORMAT_VERSION}\tentries={len(entries)}\tbuilt-by={BUILT_BY}",
        "lemma\tupos\tparadigm\tflags\tsource\tclass",
    ]
    lines += [e.line() for e in entries]
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; data files are world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# An adjective in -лы/-ды/-ты whose stem ends in a vowel + и + consonants (диплоид, тироид): the и
# is a glide after the vowel, so the vowel before it decides the harmony (диплоидты, not the
# диплоидті that apertium lists).
GLIDE_LY_RE = re.compile(r"([аоұыяёюәеөүіэ])и[^аәеоөұүыіэяёюуи]+([лдт])([ыі])$")


def fix_glide_harmony(lex: Lexicon, stats: Stats) -> None:
    """Respell -лы/-ды/-ты adjectives whose suffix vowel ignores a glide и (диплоидті -> диплоидты)."""
    for key, entry in list(lex.entries.items()):
        lemma, upos, paradigm = key
        match = GLIDE_LY_RE.search(lemma) if upos == "ADJ" else None
        if not match:
            continue
        want = "ы" if match.group(1) in "аоұыяёю" else "і"
        if match.group(3) == want:
            continue
        fixed = lemma[:-1] + want
        del lex.entries[key]
        lex.by_lemma[lemma.lower()].remove(entry)
        new = lex.add(fixed, upos, paradigm, next(iter(sorted(entry.sources))), entry.flags)
        new.sources.update(entry.sources)
        new.classes.update(entry.classes)
        stats.skipped["respelled: -лы adjective after a glide и (диплоидті -> диплоидты)"] += 1


def build(shared: Path) -> tuple[Lexicon, Counter[str], Stats]:
    """Build the lexicon and the corpus counts from a shared/ folder."""
    data = shared / "data"
    stats = Stats()
    formfreq = count_forms(data / "corpus")
    lex = Lexicon()
    add_apertium(lex, data / "apertium-kaz/apertium-kaz.kaz.lexc", formfreq, stats)
    add_apertium_extra(lex, data / "apertium-kaz/lexicon-not-in-kaz.tsv", stats)
    add_hunspell(lex, data / "spelling/hunspell_kk_KZ/kk_KZ.dic", stats)
    add_bidix(lex, data, stats)
    add_ud(lex, data / "ud_kk_ktb/kk_ktb-ud-train.conllu", stats)
    add_additions(lex, ADDITIONS, stats)
    add_flag_fixes(lex, FLAG_FIXES, stats)
    fix_glide_harmony(lex, stats)
    return lex, formfreq, stats


def report(lex: Lexicon, formfreq: Counter[str], stats: Stats) -> None:
    """Counts per UPOS, per source and per decision, on stderr."""
    entries = list(lex.entries.values())
    log(f"entries: {len(entries)}")
    log(
        "per upos: "
        + ", ".join(f"{u} {n}" for u, n in Counter(e.upos for e in entries).most_common())
    )
    primary = Counter(next(s for s in SOURCES if s in e.sources) for e in entries)
    log("per first source: " + ", ".join(f"{s} {primary[s]}" for s in SOURCES))
    for source in SOURCES:
        by_upos = Counter(
            e.upos for e in entries if next(s for s in SOURCES if s in e.sources) == source
        )
        log(f"  first source {source}: " + ", ".join(f"{u} {n}" for u, n in by_upos.most_common()))
    touched = Counter(s for e in entries for s in e.sources)
    log("entries citing each source: " + ", ".join(f"{s} {touched[s]}" for s in SOURCES))
    log(
        "flags: "
        + ", ".join(
            f"{f} {n}" for f, n in Counter(f for e in entries for f in e.flags).most_common()
        )
    )
    log("added: " + ", ".join(f"{s} {n}" for s, n in sorted(stats.added.items())))
    log(
        "merged into an existing entry: "
        + ", ".join(f"{s} {n}" for s, n in sorted(stats.merged.items()))
    )
    log(
        "dropped (non-Kazakh characters): "
        + ", ".join(f"{s} {n}" for s, n in sorted(stats.dropped_chars.items()))
    )
    for reason, n in sorted(stats.skipped.items()):
        log(f"skipped: {reason}: {n}")
    for note in stats.notes:
        log(f"note: {note}")
    log(
        f"formfreq: {sum(formfreq.values())} tokens, {len(formfreq)} types, "
        f"{sum(1 for c in formfreq.values() if c >= 2)} with count >= 2"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the shared/ folder holding data/ (default: the repo's sibling ../shared)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "data" / "lexicon",
        help="output folder (default: data/lexicon)",
    )
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        log(f"error: {args.shared}/data not found; pass --shared PATH")
        return 2
    lex, formfreq, stats = build(args.shared)
    write_atomic(args.out / "lexicon.tsv", lexicon_text(lex))
    write_atomic(args.out / "formfreq.tsv", formfreq_text(formfreq))
    report(lex, formfreq, stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
