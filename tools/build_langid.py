"""Build kazkit's language-identification profiles and its held-out test set.

Reads the language data in ``../shared/data`` (see its README for licences) and writes

- ``data/langid/profiles.tsv``: character 1-4-gram log-probabilities per profile
  (kk: Cyrillic Kazakh, kk-Latn: 2021 Latin Kazakh made with ``kazkit.text.translit.to_latin``,
  ru: Russian, en: English), top-K per n-gram order;
- ``data/samples/langid_test.tsv``: sentences held out from training, ``lang<TAB>sentence<TAB>source``.

The split is deterministic: a sentence unit (an NTREX segment index, a SIB-200 ``index_id``, a
corpus document) goes to the held-out side when the SHA-1 of its key falls in the first
``HELDOUT_PERCENT`` buckets; parallel units share one key, so no translation of a test sentence is
trained on. Every Kazakh sentence that carries Latin-script words (the "mixed" test category) is
held out as well.

Run: ``python tools/build_langid.py [--shared PATH]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kazkit.text.langid import FORMAT_VERSION, MAX_ORDER, word_ngrams  # noqa: E402
from kazkit.text.translit import to_latin  # noqa: E402

HELDOUT_PERCENT = 12
# How many n-grams each profile keeps per order (1-grams: all of them).
TOP_K = {1: 10_000, 2: 800, 3: 1800, 4: 1800}
# Sentences per test category and source: (category, source name, count).
TEST_PLAN = {
    "kk-Cyrl": {"ntrex128.kaz": 60, "kazqad.wiki": 50, "sib200.kaz": 30, "cv.proverbs": 30},
    "kk-Latn": {"ntrex128.kaz": 60, "kazqad.wiki": 50, "sib200.kaz": 30, "cv.proverbs": 30},
    "ru": {"ntrex128.rus": 170},
    "en": {"ntrex128.eng": 120, "sib200.eng": 50},
}
MIN_WORDS = 5
# Held-out sentences whose source language is not the sentence's language, found by reading
# the test set: Russian book titles in the reference lists of Kazakh Wikipedia articles.
RELABEL = {"Азбука для учеников начальных русско-казахских школ” (1891), А.": "ru"}
MIXED_PER_VARIANT = 120

_SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[\"«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])|\n+")
_WORD = regex.compile(r"\p{L}{2,}")  # a "word" of the five-word minimum: two letters or more
_BRACKETED_LATIN = regex.compile(r"\([^()]*\p{Latin}{3,}[^()]*\)")
_KAZAKH_LETTER = regex.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_LATIN_WORD = regex.compile(r"\p{Latin}{3,}")
_CYRL_WORD = regex.compile(r"\p{Cyrillic}{2,}")
_CYRL_RUN = regex.compile(r"\p{Cyrillic}+")


def heldout(key: str) -> bool:
    """Deterministic split: the first HELDOUT_PERCENT of 100 SHA-1 buckets are held out."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 100 < HELDOUT_PERCENT


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_SPLIT.split(text) if s and s.strip()]


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def read_sib(path: Path) -> Iterator[tuple[str, str]]:
    for i, line in enumerate(read_lines(path)):
        if i == 0:
            continue
        index_id, _category, text = line.split("\t", 2)
        yield index_id, text


def dix_side(path: Path, side: str) -> list[str]:
    """Words of one side (``l`` or ``r``) of an Apertium bilingual dictionary."""
    text = path.read_text(encoding="utf-8")
    words = re.findall(rf"<{side}>([^<]+)<", text)
    return sorted({w.replace("<b/>", " ") for w in words if len(w) > 1})


# A source yields (unit key, sentence); units are what the split hashes.
Unit = tuple[str, str]


def kazakh_sources(shared: Path) -> dict[str, list[Unit]]:
    """Cyrillic Kazakh sentences by source name."""
    out: dict[str, list[Unit]] = {}
    ntrex = shared / "parallel" / "ntrex128"
    out["ntrex128.kaz"] = [
        (f"ntrex:{i}", s) for i, s in enumerate(read_lines(ntrex / "newstest2019-ref.kaz.txt"))
    ]
    sib = shared / "classification" / "sib200"
    out["sib200.kaz"] = [
        (f"sib:{split}:{i}", s)
        for split in ("train", "dev")
        for i, s in read_sib(sib / f"kaz_Cyrl.{split}.tsv")
    ]
    corpus = shared / "corpus"
    names = {
        "kazqad_wikipedia": "kazqad.wiki",
        "proverbs_common_voice": "cv.proverbs",
        "apertium_kaz_texts": "apertium.texts",
        "kaznerd_valid_sentences": "kaznerd.news",
    }  # ntrex128_news is the same text as parallel/ntrex128 and is not read twice
    for folder, name in names.items():
        units = []
        for doc in read_jsonl(corpus / folder / "docs.jsonl"):
            units += [(f"{name}:{doc['id']}", s) for s in split_sentences(doc["text"])]
        out[name] = units
    ud = shared / "ud_kk_ktb"
    out["ud_kk_ktb"] = [
        (f"ud:{path.name}:{i}", line[len("# text = ") :])
        for path in sorted(ud.glob("*.conllu"))
        for i, line in enumerate(read_lines(path))
        if line.startswith("# text = ")
    ]
    return out


def russian_sources(shared: Path) -> dict[str, list[Unit]]:
    ntrex = shared / "parallel" / "ntrex128" / "newstest2019-ref.rus.txt"
    dix = shared / "apertium-bidix" / "kaz-rus" / "apertium-kaz-rus.kaz-rus.dix"
    return {
        "ntrex128.rus": [(f"ntrex:{i}", s) for i, s in enumerate(read_lines(ntrex))],
        "bidix.rus": [(f"bidix.rus:{w}", w) for w in dix_side(dix, "r")],
    }


def english_sources(shared: Path) -> dict[str, list[Unit]]:
    ntrex = shared / "parallel" / "ntrex128" / "newstest2019-src.eng.txt"
    sib = shared / "classification" / "sib200"
    dix = shared / "apertium-bidix" / "eng-kaz" / "apertium-eng-kaz.eng-kaz.dix"
    return {
        "ntrex128.eng": [(f"ntrex:{i}", s) for i, s in enumerate(read_lines(ntrex))],
        "sib200.eng": [
            (f"sib:{split}:{i}", s)
            for split in ("train", "dev")
            for i, s in read_sib(sib / f"eng_Latn.{split}.tsv")
        ],
        "bidix.eng": [(f"bidix.eng:{w}", w) for w in dix_side(dix, "l")],
    }


def is_mixed_kazakh(sentence: str) -> bool:
    """A Kazakh sentence that carries Latin-script words but stays mostly Cyrillic."""
    latin = _LATIN_WORD.findall(sentence)
    cyrl = _CYRL_WORD.findall(sentence)
    return (
        bool(latin)
        and five_words(sentence)
        and len(cyrl) >= MIN_WORDS
        and len(cyrl) > 2 * len(latin)
        and "&" not in sentence
    )


def five_words(sentence: str) -> bool:
    """Five space-separated words or more, five of them with two letters or more."""
    return len(sentence.split()) >= MIN_WORDS and len(_WORD.findall(sentence)) >= MIN_WORDS


def is_plain_kazakh(sentence: str) -> bool:
    """A Kazakh sentence of five Cyrillic words or more with no letter only Kazakh uses."""
    cyrl = _CYRL_WORD.findall(sentence)
    return (
        len(cyrl) >= MIN_WORDS
        and five_words(sentence)
        and not _KAZAKH_LETTER.search(sentence)
        and not _LATIN_WORD.search(sentence)
        and "&" not in sentence
    )


def long_enough(sentence: str) -> bool:
    """Five words or more, and no HTML debris (``&lt;sup&gt;``) left in wiki text."""
    return five_words(sentence) and "&" not in sentence


def count_ngrams(texts: Iterable[str], script: str, counts: dict[int, Counter]) -> None:
    """Add the n-grams of every word written in ``script`` (Cyrillic or Latin)."""
    word_re = regex.compile(rf"\p{{{script}}}+")
    for text in texts:
        for word in word_re.findall(text):
            for n, gram in word_ngrams(word.lower()):
                counts[n][gram] += 1


def profile_lines(lang: str, counts: dict[int, Counter]) -> list[str]:
    """Top-K n-grams per order as log-probabilities, plus the floor for unseen n-grams.

    The floor is half the probability of the rarest kept n-gram: an n-gram cut by top-K was
    rarer than that, and one never seen in training gets the same mild penalty.
    """
    lines = []
    for n in range(1, MAX_ORDER + 1):
        total = sum(counts[n].values())
        kept = counts[n].most_common(TOP_K[n])
        floor = math.log(0.5 * kept[-1][1] / total)
        lines.append(f"@floor\t{lang}\t{n}\t{floor:.3f}")
        lines += [f"{lang}\t{gram}\t{math.log(c / total):.3f}" for gram, c in kept]
    return lines


def pick(units: list[Unit], k: int, seed: str) -> list[Unit]:
    rng = random.Random(seed)
    units = sorted(units)
    rng.shuffle(units)
    return units[:k]


def build(shared: Path, out_profiles: Path, out_test: Path) -> dict[str, int]:
    kk, ru, en = kazakh_sources(shared), russian_sources(shared), english_sources(shared)
    mixed = {(name, key, s) for name, units in kk.items() for key, s in units if is_mixed_kazakh(s)}
    mixed_sents = {s for _, _, s in mixed}
    # Kazakh sentences without a single Kazakh-only letter are rare and the hardest case:
    # hold all of them out, as their own test category.
    plain = {(key, s) for units in kk.values() for key, s in units if is_plain_kazakh(s)}
    mixed_sents |= {s for _, s in plain}

    def train(sources: dict[str, list[Unit]]) -> list[str]:
        return [
            s
            for units in sources.values()
            for key, s in units
            if not heldout(key) and s not in mixed_sents
        ]

    def test_pool(units: list[Unit]) -> list[Unit]:
        seen: set[str] = set()
        pool = []
        for key, s in units:
            if heldout(key) and long_enough(s) and s not in mixed_sents and s not in seen:
                seen.add(s)
                pool.append((key, s))
        return pool

    kk_train = train(kk)
    profiles: dict[str, dict[int, Counter]] = {}
    for lang, texts, script in (
        ("kk", kk_train, "Cyrillic"),
        # Only the Cyrillic words are transliterated: untranslated English left in the Kazakh
        # sources (NTREX has a few such lines) must not leak into the Latin Kazakh profile.
        ("kk-Latn", [to_latin(" ".join(_CYRL_RUN.findall(s))) for s in kk_train], "Latin"),
        ("ru", train(ru), "Cyrillic"),
        ("en", train(en), "Latin"),
    ):
        profiles[lang] = {n: Counter() for n in range(1, MAX_ORDER + 1)}
        count_ngrams(texts, script, profiles[lang])

    lines = [
        f"# kazkit-langid-profiles\tversion={FORMAT_VERSION}\torders=1-{MAX_ORDER}\tbuilt-by=tools/build_langid.py"
    ]
    for lang, counts in profiles.items():
        lines += profile_lines(lang, counts)
    out_profiles.parent.mkdir(parents=True, exist_ok=True)
    out_profiles.write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = _test_rows(kk, ru, en, mixed, test_pool)
    first_key = {s: key for key, s in sorted(plain, reverse=True)}  # one row per distinct sentence
    rows += [
        ("kk", s, f"kk-noletter|{key}")
        for s, key in sorted(first_key.items(), key=lambda kv: kv[1])
    ]
    rows = [(RELABEL.get(s, lang), s, src) for lang, s, src in rows]
    header = [
        "# kazkit language-identification test set, built by tools/build_langid.py; held out from training.",
        "# columns: expected language (kk, ru, en), sentence, source (name:unit; 'translit' = our to_latin of it).",
        "# sources: ntrex128 = NTREX-128 newstest2019 (CC BY-SA 4.0); sib200 = SIB-200/FLORES-200 (CC BY-SA 4.0);",
        "# kazqad.wiki = Kazakh Wikipedia passages of KazQAD (CC BY-SA 4.0); cv.proverbs = Common Voice kk sentences (CC0);",
        "# apertium.texts = apertium-kaz texts (CC BY-SA 4.0). Categories: kk-Cyrl, kk-Latn, kk-mixed (Latin words in a Kazakh",
        "# sentence, Cyrillic or transliterated), ru, en; the category is the source prefix.",
    ]
    out_test.parent.mkdir(parents=True, exist_ok=True)
    out_test.write_text(
        "\n".join(header + [f"{lang}\t{s}\t{src}" for lang, s, src in rows]) + "\n",
        encoding="utf-8",
    )
    stats = {lang: sum(len(c) for c in counts.values()) for lang, counts in profiles.items()}
    stats = {f"profile {lang} n-grams": n for lang, n in stats.items()}
    stats.update(
        {f"test {cat}": n for cat, n in Counter(src.split("|")[0] for _, _, src in rows).items()}
    )
    return stats


def _test_rows(kk, ru, en, mixed, test_pool) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for category, plan in TEST_PLAN.items():
        for name, k in plan.items():
            sources = kk if category.startswith("kk") else ru if category == "ru" else en
            pool = [(key, s) for key, s in test_pool(sources[name]) if s not in used]
            for key, s in pick(pool, k, f"{category}:{name}"):
                used.add(s)
                text = to_latin(s) if category == "kk-Latn" else s
                lang = category.split("-")[0]
                rows.append((lang, text, f"{category}|{key}"))
    # Mixed sentences: those with a bracketed Latin aside first (the case to get right), then
    # others with Latin names or abbreviations; one draw kept in Cyrillic, one transliterated.
    candidates = sorted({(key, s) for _name, key, s in mixed if s not in used})
    bracketed = [u for u in candidates if _BRACKETED_LATIN.search(u[1])]
    others = [u for u in candidates if not _BRACKETED_LATIN.search(u[1])]
    for variant in ("Cyrl", "Latn"):
        chosen = pick(bracketed, MIXED_PER_VARIANT // 2, f"mixed-b:{variant}")
        chosen += pick(others, MIXED_PER_VARIANT - len(chosen), f"mixed-o:{variant}")
        for key, s in sorted(chosen):
            if variant == "Latn":
                rows.append(("kk", to_latin(s), f"kk-mixed|translit:{key}"))
            else:
                rows.append(("kk", s, f"kk-mixed|{key}"))
    return rows


# Letters that merge on the way to Latin (х/һ -> h, и/й -> i) or have no letter of their own:
# words with them cannot be expected to come back unchanged from to_cyrillic(to_latin(w)).
COLLAPSING_LETTERS = frozenset("хһийъьёцщэюя")
TRANSLIT_FIXTURE_SIZE = 400


def ud_words(shared: Path) -> list[str]:
    """Distinct lower-cased Cyrillic word forms of the UD Kazakh-KTB treebank, in file order."""
    seen: dict[str, None] = {}
    for path in sorted((shared / "ud_kk_ktb").glob("*.conllu")):
        for line in read_lines(path):
            cols = line.split("\t")
            if len(cols) == 10 and cols[0].isdigit() and regex.fullmatch(r"\p{Cyrillic}+", cols[1]):
                seen.setdefault(cols[1].lower(), None)
    return list(seen)


def build_translit_fixture(shared: Path, out: Path) -> dict[str, str]:
    """Write native-looking UD word forms (no collapsing letter) for the round-trip test."""
    words = ud_words(shared)
    native = [w for w in words if COLLAPSING_LETTERS.isdisjoint(w) and len(w) > 1]
    chosen = sorted(pick([(w, w) for w in native], TRANSLIT_FIXTURE_SIZE, "translit"))
    header = [
        "# Kazakh word forms from UD Kazakh-KTB (CC BY-SA 4.0), chosen by tools/build_langid.py:",
        "# distinct Cyrillic forms without х һ и й ъ ь ё ц щ э ю я (letters that merge in Latin).",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(header + [w for w, _ in chosen]) + "\n", encoding="utf-8")
    from kazkit.text.translit import to_cyrillic

    def rate(ws: list[str]) -> str:
        ok = sum(to_cyrillic(to_latin(w)) == w for w in ws)
        return f"{ok}/{len(ws)} = {ok / len(ws):.1%}"

    return {"round-trip all UD words": rate(words), "round-trip native UD words": rate(native)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    stats = build(
        args.shared,
        ROOT / "data" / "langid" / "profiles.tsv",
        ROOT / "data" / "samples" / "langid_test.tsv",
    )
    stats.update(
        build_translit_fixture(args.shared, ROOT / "tests" / "data" / "translit_words.txt")
    )
    for key, value in stats.items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    main()
