"""The stem lexicon: lexicon.tsv entries plus the closed classes kept as morphology data.

An :class:`Entry` is one lemma with its UPOS, paradigm (its start state in the morphotactics)
and intrinsic features. :func:`stem_variants` lists the surface shapes a stem takes in words:
``кітап`` also appears as ``кітаб-`` before a vowel, ``орын`` as ``орн-``, ``оқы`` as ``оқи-``
before ``-й``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kazkit.paths import data_path

from .morphotactics import NEED_ANY, Need
from .phonology import BACK, FRONT, Phonology, load_yaml

#: The start state of each paradigm of the lexicon contract.
PARADIGM_START = {
    "noun": "N", "propn": "N", "abbr": "N", "adj": "A", "verb": "V", "num": "NUMC",
    "pron": "N", "adv": "ADVS", "det": "CLOSED", "adp": "CLOSED", "cconj": "CLOSED",
    "sconj": "CLOSED", "part": "CLOSED", "intj": "CLOSED", "x": "CLOSED",
}  # fmt: skip
PX3_START = "NX3"  # the second reading of a compound flagged px3 (отбасы+нда)
OPEN_STATES = {"N", "A", "V", "NUMC", "NUMI", "NP", "X3"}
#: Flags of the second stem shape of a loan ending in a cluster (see engine.py): факті- of факт
#: (an epenthetic vowel), уез- of уезд (a dropped consonant).
EPENTHESIS_FLAGS = frozenset({"cluster", "epenthesis"})
DROP_FLAGS = frozenset({"cluster", "drop"})


@dataclass(slots=True)
class Entry:
    """One lemma of the lexicon."""

    lemma: str
    upos: str
    start: str
    flags: frozenset[str] = frozenset()
    feats: dict[str, str] = field(default_factory=dict)
    surface: str = ""  # the written stem in lower case (бұлар for lemma бұл, Number=Plur)

    @property
    def key(self) -> str:
        return self.surface or self.lemma.lower()


#: Entries as one list per field (lemma, upos, start, flags, feats, surface): builtin types only.
EntryColumns = tuple[list[str], list[str], list[str], list[frozenset[str]], list[dict], list[str]]


def entry_columns(entries: list[Entry]) -> EntryColumns:
    """``entries`` field by field, for the engine cache (:func:`entries_from_columns` reverses it).

    Unpickling 55k dataclass objects one by one was the slowest part of reading the cache;
    columns of builtin objects go through :mod:`marshal`. Equal part-of-speech and state strings
    are made one object, which marshal then writes once.
    """
    shared: dict[str, str] = {}
    share = shared.setdefault
    return (
        [e.lemma for e in entries],
        [share(e.upos, e.upos) for e in entries],
        [share(e.start, e.start) for e in entries],
        [e.flags for e in entries],
        [e.feats for e in entries],
        [share(e.surface, e.surface) for e in entries],
    )


def entries_from_columns(columns: EntryColumns) -> list[Entry]:
    """The entries of :func:`entry_columns`, equal to those it was given, in the same order
    (ValueError for columns of different lengths: a broken cache file)."""
    if len(columns) != 6 or len({len(column) for column in columns}) != 1:
        raise ValueError("entry columns of different lengths")
    return list(map(Entry, *columns))


@dataclass(slots=True)
class FullForm:
    """A form listed whole (маған -> мен); ``next_state`` lets regular suffixes follow (екен-ін)."""

    lemma: str
    upos: str
    feats: dict[str, str]
    segments: list[str]
    next_state: str | None = None


def parse_feats(text: str) -> dict[str, str]:
    """``Case=Dat|Number=Plur`` -> ``{"Case": "Dat", "Number": "Plur"}`` (``_`` or empty -> {})."""
    text = text.strip()
    if not text or text == "_":
        return {}
    return dict(part.split("=", 1) for part in text.split("|"))


def read_lexicon_tsv(path: Path) -> list[Entry]:
    """Entries of a lexicon.tsv (format 1 of the lexicon contract)."""
    entries: list[Entry] = []
    append = entries.append
    start_of = PARADIGM_START.get
    no_flags: frozenset[str] = frozenset()
    flag_sets: dict[str, frozenset[str]] = {"-": no_flags, "": no_flags}  # 50k rows, ~30 distinct
    # one read and one split: this loop runs 56k times on every uncached load
    for line in path.read_text("utf-8").split("\n"):
        if not line or line[0] == "#" or line.startswith("lemma\t"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or " " in cols[0] or not line.strip():
            continue
        raw = cols[3] if len(cols) > 3 else "-"
        flags = flag_sets.get(raw)
        if flags is None:
            flags = flag_sets[raw] = frozenset(f for f in raw.split(",") if f and f != "-")
        append(Entry(cols[0], cols[1], start_of(cols[2], "CLOSED"), flags, {}))
        if "px3" in flags:
            # отбасы is also a possessed form: отбасы+нда (state NX3 of nominal.yaml)
            append(Entry(cols[0], cols[1], PX3_START, flags, {}))
    return entries


def _read_word_list(name: str) -> dict[str, str]:
    path = data_path("morphology", name)
    out: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        out[cols[0]] = cols[1] if len(cols) > 1 else ""
    return out


def closed_class_data() -> tuple[list[Entry], dict[str, list[FullForm]], dict[str, str]]:
    """Pronouns, numerals and irregular forms from data/morphology (lexicon-independent)."""
    entries: list[Entry] = []
    forms: dict[str, list[FullForm]] = {}
    pron = load_yaml(data_path("morphology", "pronouns.yaml"))
    cases = pron["cases"]
    for item in pron["irregular"]:
        feats = {str(k): str(v) for k, v in item["feats"].items()}
        for case, slot in zip(cases, item["forms"], strict=False):
            for form in str(slot).split("/"):
                forms.setdefault(form, []).append(
                    FullForm(item["lemma"], "PRON", {**feats, "Case": case}, [form])
                )
    for lemma in pron["det_readings"]:
        feats = {"PronType": "Dem"}
        forms.setdefault(lemma, []).append(FullForm(lemma, "DET", feats, [lemma]))
    for item in pron["regular"]:
        feats = {str(k): str(v) for k, v in item["feats"].items()}
        entries.append(
            Entry(item["lemma"], "PRON", item["start"], frozenset(), feats, item["stem"])
        )
    for item in pron["determiners"]:
        feats = {str(k): str(v) for k, v in item["feats"].items()}
        entries.append(Entry(item["lemma"], "DET", "CLOSED", frozenset(), feats))
    nums = load_yaml(data_path("morphology", "numerals.yaml"))
    elide = set(nums.get("elide", []))
    irregular_ord = nums.get("irregular_ordinals", {})
    for word in nums["cardinals"]:
        flags = frozenset({"elide"} if word in elide else set())
        # жиырма: only жиырмасыншы, never the regular *жиырманшы
        start = "NUMI" if word in irregular_ord else "NUMC"
        entries.append(Entry(word, "NUM", start, flags, {"NumType": "Card"}))
    for word in nums["collectives"]:
        entries.append(Entry(word, "NUM", "N", frozenset(), {"NumType": "Coll"}))
    for card, ordinal in nums.get("irregular_ordinals", {}).items():
        forms.setdefault(ordinal, []).append(
            FullForm(card, "NUM", {"NumType": "Ord"}, [ordinal], "A")
        )
    for line in data_path("morphology", "irregular.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        nxt = cols[5] if len(cols) > 5 and cols[5] else None
        forms.setdefault(cols[0], []).append(
            FullForm(cols[1], cols[2], parse_feats(cols[3]), cols[4].split("+"), nxt)
        )
    return entries, forms, {"pron_irregular": " ".join(i["lemma"] for i in pron["irregular"])}


def harmony_exceptions() -> dict[str, str]:
    return {
        w: (FRONT if v == "front" else BACK)
        for w, v in _read_word_list("harmony_exceptions.tsv").items()
    }


def voicing_exceptions() -> dict[str, str]:
    """Stems that do not voice (value ``""``) or voice optionally (``"both"``: сап -> сапы, сабы)."""
    return _read_word_list("voicing_exceptions.tsv")


def stem_context(phon: Phonology, entry: Entry, harmony_exc: dict[str, str]) -> tuple[str, str]:
    """The left context after a stem: flags and the exception list override the last vowel."""
    key = entry.key
    if "front" in entry.flags:
        h = FRONT
    elif "back" in entry.flags:
        h = BACK
    else:
        h = harmony_exc.get(key) or phon.harmony(key)
    return h, phon.sound_class(key)


def stem_variants(
    phon: Phonology, entry: Entry, novoice: dict[str, str] | set[str]
) -> list[tuple[str, Need]]:
    """Surface shapes of a stem with the constraint each puts on the next morph.

    кітап -> [(кітап, no vowel next), (кітаб, vowel next)]; орын -> [(орын, ...), (орн, vowel next)];
    оқы -> [(оқы, not й/у next), (оқи, й next and swallowed), (оқ, у next)].
    """
    key = entry.surface or entry.lemma.lower()
    if entry.start not in OPEN_STATES or len(key) < 2:
        return [(key, NEED_ANY)]
    trig = phon.voicing_triggers
    last, prev = key[-1], key[-2]
    flags = entry.flags
    if flags and "cluster" in flags:
        # a second shape of a cluster loan: a suffix must follow (the bare факті, уез are not
        # the noun), after the epenthetic vowel a consonant-initial one (факті+ге, факті+сі)
        letters = phon.letters - phon.vowels if "epenthesis" in flags else phon.letters
        return [(key, (letters, None, 0))]
    if flags and "elide" in flags and len(key) >= 3 and prev in phon.vowels:
        return [(key, (None, trig, 0)), (key[:-2] + key[-1], (trig, None, 0))]
    if last in phon.soft_signs and phon.soft_sign_drop and prev not in phon.vowels:
        # фестиваль -> фестивальдер, but фестивалі (the soft sign is not written before a vowel)
        return [(key, (None, trig, 0)), (key[:-1], (trig, None, 0))]
    voices = (
        last in phon.voicing
        and (prev in phon.vowels or _loan_vowel_i(phon, key))
        and "novoice" not in flags
        and key not in novoice
    )
    if (
        not voices
        and key in novoice
        and isinstance(novoice, dict)
        and novoice[key] == "both"
        and last in phon.voicing
    ):
        # two homonyms, one voicing and one not (сап "rank": сапы; сап "handle": сабы)
        return [(key, NEED_ANY), (key[:-1] + phon.voicing[last], (trig, None, 0))]
    if voices:
        if entry.start == "V" and last == "п":
            high = frozenset("ыі")
            return [
                (key, (None, trig, 0)),
                (key[:-1] + "б", (trig - high, None, 0)),
                (key[:-1] + phon.verb_p_before_high_vowel, (high, None, 0)),
            ]
        return [(key, (None, trig, 0)), (key[:-1] + phon.voicing[last], (trig, None, 0))]
    out: list[tuple[str, Need]] = []
    forbid: set[str] = set()
    for left, right, result in phon.joins:
        if last in left:
            forbid.add(right)
            # the stem shape spells the joined letters; the suffix's first letter is swallowed
            out.append((key[:-1] + result, (frozenset(right), None, len(right))))
    return [(key, (None, frozenset(forbid), 0) if forbid else NEED_ANY), *out]


def _loan_vowel_i(phon: Phonology, key: str) -> bool:
    """True for a loan's final к after a vowel и between consonants (академик -> академигі).

    и after a consonant is the vowel [i] of a loanword, so the final consonant stands between
    vowels when a suffix vowel follows. Words with a Kazakh-only letter are not such loans.
    """
    return (
        key[-1] in phon.voicing_after_i
        and len(key) >= 3
        and key[-2] == "и"
        and key[-3] not in phon.vowels
        and key[-3] not in "иуйьъ"
        and phon.native_letters.isdisjoint(key)
    )


def cluster_stems(phon: Phonology, key: str) -> tuple[str, str] | None:
    """The extra stem shape of a loan ending in a cluster Kazakh breaks up, with its kind.

    факт -> ("факті", "epenthesis"): фактісі, фактіге; уезд -> ("уез", "drop"): уезі, уездер.
    None for other stems (and for words with a Kazakh-only letter: the rule is for loans).
    """
    tail = key[-2:]
    if tail in phon.epenthesis_clusters and phon.native_letters.isdisjoint(key):
        return key + phon.epenthesis_vowel, "epenthesis"
    if tail in phon.drop_clusters and len(key) >= 4 and phon.native_letters.isdisjoint(key):
        return key[:-1], "drop"
    return None
