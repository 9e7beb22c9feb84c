"""Batch translation of subtitles: whole sentences in, cue timing kept.

Cues are joined into sentences (a sentence often runs over two or three cues), each sentence is
translated once, and the translation is split back over the sentence's cues in proportion to how
much of the source each cue held, at word boundaries that never leave a postposition or particle
at the start of a cue; each cue is then re-wrapped to the profile.

Where a translation comes from, in order: the translation memory (exact), the cache (what the
model gave in an earlier run), the memory's fuzzy matches above its threshold, then the model
backend if one is given (:class:`ModelBackend`: a transformers model of
:mod:`kazkit.model.backends`). A sentence none of them translates keeps its source text and is
listed in the report.

With a termbase (:class:`TermEnforcer`), the source terms of each sentence (found as
``kazkit terms consistency`` finds them) are handed to the model (a causal model is told to use
their approved Kazakh terms), every translation is post-edited (a deprecated or obsolete term
becomes the approved one in the same inflection, whatever gave the translation), and the
sentences whose approved term is still missing are listed in the report.

>>> from kazkit.subtitles.io import parse_subtitles
>>> from kazkit.subtitles.tm import TranslationMemory
>>> sub = parse_subtitles("1\\n00:00:01,000 --> 00:00:03,000\\nToday we talk\\n\\n"
...                       "2\\n00:00:03,100 --> 00:00:05,000\\nabout sorting algorithms.\\n")
>>> memory = TranslationMemory([("Today we talk about sorting algorithms.",
...                              "Бүгін біз сұрыптау алгоритмдері туралы сөйлесеміз.")])
>>> out, report = translate_subtitles(sub, Translator(memory=memory))
>>> [cue.text for cue in out.cues]
['Бүгін біз сұрыптау', 'алгоритмдері туралы сөйлесеміз.']
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import regex

from kazkit.errors import KazkitError, UsageError
from kazkit.subtitles.io import SubtitleFile, read_subtitles, subtitle_files, visible_text
from kazkit.subtitles.profiles import Profile, load_profile
from kazkit.subtitles.tm import TranslationMemory, normalize_segment
from kazkit.subtitles.wrap import attaches_to_previous, wrap_text

CACHE_NAME = ".kazkit-translate-cache.json"
_WHOLE_TAG = regex.compile(r"^(<(?P<name>[ibu])>)(?P<body>.*)(</(?P=name)>)$", regex.DOTALL)


#: (source term, approved Kazakh term) pairs of one sentence: ``("keyboard", "пернетақта")``.
TermHints = Sequence[tuple[str, str]]


class Backend(Protocol):
    """A machine translation backend: a batch of sentences in, their translations out.

    ``terms[i]`` are the term pairs of ``sentences[i]`` (a backend may ignore them); a backend
    whose output depends on them sets ``prompted_terms`` so that the cache tells them apart.
    """

    name: str

    def translate(self, sentences: Sequence[str], terms: Sequence[TermHints] | None = None) -> list[str]: ...


@dataclass
class ModelBackend:
    """A transformers model (:func:`kazkit.model.backends.load_backend`) as a translation backend:
    NLLB/mBART language codes or a T5-style prefix for seq2seq models, a Kazakh instruction with
    the terms to use for causal models."""

    model: Any  # kazkit.model.backends.TransformersBackend (kept untyped: no torch import here)
    source_lang: str = "en"
    target_lang: str = "kk"
    batch_size: int = 8
    settings: Any = None  # kazkit.model.backends.GenerationSettings

    @property
    def name(self) -> str:
        return f"model:{self.model.name}"

    @property
    def prompted_terms(self) -> bool:
        return not self.model.seq2seq

    def translate(self, sentences: Sequence[str], terms: Sequence[TermHints] | None = None) -> list[str]:
        return self.model.translate(list(sentences), self.source_lang, self.target_lang, self.batch_size,
                                    settings=self.settings, terms=terms if self.prompted_terms else None)


class TermEnforcer:
    """Approved terms of some termbases in translations from ``source_lang`` into Kazakh."""

    def __init__(self, termbases: Sequence, source_lang: str):
        from kazkit.terms.consistency import SourceIndex

        self.termbases = list(termbases)
        self.source_lang = source_lang
        self.index = SourceIndex(self.termbases, source_lang)

    def hints(self, source: str) -> tuple[tuple[str, str], ...]:
        """(source term, approved Kazakh term) for each termbase term in the source sentence."""
        return tuple((term.text, term.approved[0]) for term in self.index.find(source))

    def post_edit(self, text: str) -> tuple[str, list[dict]]:
        """Deprecated and obsolete terms replaced by the approved one in the same inflection."""
        from kazkit.model.terminology import enforce_terms

        return enforce_terms(text, self.termbases)

    def missing(self, source: str, target: str) -> list[dict]:
        """The source terms whose approved (or admitted) Kazakh term is not in ``target``."""
        from kazkit.terms.consistency import kazakh_term_in

        return [{"term": term.text, "approved": list(term.approved)} for term in self.index.find(source)
                if not any(kazakh_term_in(target, kk) for kk in term.accepted)]


@dataclass(frozen=True)
class Translation:
    """A translated sentence and where it came from: ``cache``, ``tm-exact``, ``tm-fuzzy``,
    ``model``, or ``untranslated`` (the source text is kept); with a termbase, the term
    replacements made in it and the source terms whose approved term it still lacks."""

    source: str
    text: str
    origin: str
    score: float = 0.0
    term_fixes: tuple[dict, ...] = ()
    missing_terms: tuple[dict, ...] = ()


class TranslationCache:
    """Translations by (backend, languages, sentence), kept in a JSON file between runs."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.path = Path(path) if path else None
        self.entries: dict[str, str] = {}
        if self.path and self.path.is_file():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                self.entries = {}  # a damaged cache only costs a re-translation

    @staticmethod
    def key(backend: str, source_lang: str, target_lang: str, sentence: str) -> str:
        raw = "\t".join((backend, source_lang, target_lang, normalize_segment(sentence)))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def put(self, key: str, text: str) -> None:
        self.entries[key] = text

    def save(self) -> None:
        if self.path:
            from kazkit.text.io import atomic_write

            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self.entries, ensure_ascii=False, indent=0))


@dataclass
class Translator:
    """Translation memory, cache, then backend; with ``terms``, every translation is post-edited
    to the approved terms. Counts how many sentences each source gave."""

    memory: TranslationMemory | None = None
    backend: Backend | None = None
    cache: TranslationCache | None = None
    source_lang: str = "en"
    target_lang: str = "kk"
    counts: dict[str, int] = field(default_factory=dict)
    terms: TermEnforcer | None = None

    def translate(self, sentences: Sequence[str]) -> list[Translation]:
        results: dict[str, Translation] = {}
        missing: list[str] = []
        for sentence in dict.fromkeys(normalize_segment(s) for s in sentences):
            found = self._known(sentence)
            if found is not None:
                results[sentence] = found
            else:
                missing.append(sentence)
        if missing and self.backend is not None:
            hints = [self._hints(sentence) for sentence in missing]
            texts = self.backend.translate(missing, hints if self.terms is not None else None)
            for sentence, text in zip(missing, texts, strict=True):
                results[sentence] = Translation(sentence, normalize_segment(text), "model")
                if self.cache is not None:
                    self.cache.put(self._key(sentence), results[sentence].text)
        if self.terms is not None:
            results = {key: self._enforce(result) for key, result in results.items()}
        out = []
        for sentence in sentences:
            key = normalize_segment(sentence)
            result = results.get(key) or Translation(key, key, "untranslated")
            self.counts[result.origin] = self.counts.get(result.origin, 0) + 1
            out.append(result)
        return out

    def _hints(self, sentence: str) -> tuple[tuple[str, str], ...]:
        return self.terms.hints(sentence) if self.terms is not None else ()

    def _enforce(self, result: Translation) -> Translation:
        """The cached and remembered text is what the model or memory gave; terms are applied
        afresh on every run, so a changed termbase needs no re-translation."""
        assert self.terms is not None
        text, fixes = self.terms.post_edit(result.text)
        return replace(result, text=text, term_fixes=tuple(fixes),
                       missing_terms=tuple(self.terms.missing(result.source, text)))

    def _key(self, sentence: str) -> str:
        name = self.backend.name if self.backend is not None else "-"
        hints = self._hints(sentence) if getattr(self.backend, "prompted_terms", False) else ()
        if hints:  # the prompt named these terms: another termbase is another translation
            name += "|" + "; ".join(f"{a}={b}" for a, b in hints)
        return TranslationCache.key(name, self.source_lang, self.target_lang, sentence)

    def _known(self, sentence: str) -> Translation | None:
        if self.memory is not None:
            match = self.memory.lookup(sentence)
            if match is not None and match.kind == "exact":
                return Translation(sentence, match.target, "tm-exact", 100.0)
        if self.cache is not None and self.backend is not None:
            cached = self.cache.get(self._key(sentence))
            if cached is not None:
                return Translation(sentence, cached, "cache")
        if self.memory is not None:
            match = self.memory.lookup(sentence)
            if match is not None:
                return Translation(sentence, match.target, "tm-fuzzy", match.score)
        return None


# --- sentences over cues -----------------------------------------------------------------------


@dataclass
class Segment:
    """A source sentence and its share of each cue it spans: ``(cue position, characters)``."""

    text: str
    parts: list[tuple[int, int]]


def cue_segments(sub: SubtitleFile) -> list[Segment]:
    """The sentences of the file's visible text, each with the cues it runs over.

    >>> from kazkit.subtitles.io import parse_subtitles
    >>> sub = parse_subtitles("1\\n00:00:01,000 --> 00:00:02,000\\nHello. This is\\n\\n"
    ...                       "2\\n00:00:02,100 --> 00:00:03,000\\nthe first lecture.\\n")
    >>> [(s.text, s.parts) for s in cue_segments(sub)]
    [('Hello.', [(0, 6)]), ('This is the first lecture.', [(0, 7), (1, 18)])]
    """
    from kazkit.text.sentences import split_sentences

    texts = [" ".join(visible_text(cue.text)[0].split()) for cue in sub.cues]
    bounds: list[tuple[int, int]] = []
    position = 0
    for text in texts:
        bounds.append((position, position + len(text)))
        position += len(text) + 1
    document = " ".join(texts)
    segments = []
    for sentence in split_sentences(document):
        parts = []
        for index, (begin, end) in enumerate(bounds):
            overlap = min(end, sentence.end) - max(begin, sentence.start)
            if overlap > 0:
                parts.append((index, overlap))
        if parts:
            segments.append(Segment(" ".join(sentence.text.split()), parts))
    return segments


def split_in_proportion(text: str, weights: Sequence[int]) -> list[str]:
    """``text`` cut at word boundaries into ``len(weights)`` pieces sized like ``weights``,
    never cutting before a postposition or particle; a piece may be empty only when there are
    fewer words than pieces.

    >>> split_in_proportion("Бүгін біз алгоритмдер туралы сөйлесеміз", [10, 10])
    ['Бүгін біз алгоритмдер туралы', 'сөйлесеміз']
    """
    words = text.split()
    if len(weights) <= 1 or not words:
        return [" ".join(words)] + [""] * (len(weights) - 1)
    allowed = [i for i in range(1, len(words)) if not attaches_to_previous(words[i])]
    ends = [0]
    for length in (len(w) + 1 for w in words):
        ends.append(ends[-1] + length)
    total, running, cuts = sum(weights), 0, []
    for weight in weights[:-1]:
        running += weight
        goal = ends[-1] * running / total
        floor = cuts[-1] + 1 if cuts else 1
        options = [i for i in allowed if i >= floor] or [len(words)]
        cuts.append(min(options, key=lambda i: abs(ends[i] - goal)))
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


@dataclass
class FileReport:
    """The per-file part of the translation report."""

    source: str
    output: str
    cues: int = 0
    sentences: int = 0
    origins: dict[str, int] = field(default_factory=dict)
    fuzzy: list[dict] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    term_fixes: list[dict] = field(default_factory=list)
    terms_missing: list[dict] = field(default_factory=list)
    encoding: str = ""
    note: str = ""

    def to_dict(self) -> dict:
        data = {"source": self.source, "output": self.output, "cues": self.cues,
                "sentences": self.sentences, "origins": dict(self.origins), "fuzzy": self.fuzzy,
                "untranslated": self.untranslated, "term_fixes": self.term_fixes,
                "terms_missing": self.terms_missing, "encoding": self.encoding}
        if self.note:
            data["note"] = self.note
        return data


def translate_subtitles(sub: SubtitleFile, translator: Translator, profile: Profile | None = None
                        ) -> tuple[SubtitleFile, FileReport]:
    """A translated copy of ``sub`` with the same cues and times, and its report."""
    profile = profile or load_profile()
    segments = cue_segments(sub)
    translations = translator.translate([s.text for s in segments])
    pieces: list[list[str]] = [[] for _ in sub.cues]
    report = FileReport(sub.name, "", len(sub.cues), len(segments))
    for segment, translation in zip(segments, translations, strict=True):
        report.origins[translation.origin] = report.origins.get(translation.origin, 0) + 1
        if translation.origin == "tm-fuzzy":
            report.fuzzy.append({"source": segment.text, "target": translation.text,
                                 "score": round(translation.score, 1)})
        elif translation.origin == "untranslated":
            report.untranslated.append(segment.text)
        if translation.term_fixes:
            report.term_fixes.append({"source": segment.text, "target": translation.text,
                                      "replaced": list(translation.term_fixes)})
        if translation.missing_terms:
            report.terms_missing.append({"source": segment.text, "target": translation.text,
                                         "missing": list(translation.missing_terms)})
        shares = split_in_proportion(translation.text, [n for _, n in segment.parts])
        for (position, _), piece in zip(segment.parts, shares, strict=True):
            if piece:
                pieces[position].append(piece)
    cues = []
    for cue, parts in zip(sub.cues, pieces, strict=True):
        text = wrap_text(" ".join(parts), profile.max_line_length, profile.max_lines) if parts else ""
        whole = _WHOLE_TAG.match(cue.text)
        if whole and text:
            text = f"{whole.group(1)}{text}{whole.group(4)}"  # an all-italic cue stays italic
        cues.append(replace(cue, text=text))
    return sub.copy_with(cues), report


# --- folders -----------------------------------------------------------------------------------


def translate_folder(paths: Iterable[str], output_dir: str | os.PathLike[str], translator: Translator,
                     profile: Profile | None = None, *, encoding: str | None = None,
                     progress: Callable[[str], None] | None = None) -> dict:
    """Translate every subtitle file under ``paths`` into ``output_dir`` (same relative names);
    the originals are never written. Returns the JSON report."""
    from kazkit.subtitles.io import write_subtitles
    from kazkit.text.io import encode_like

    output = Path(output_dir)
    files = subtitle_files(paths)
    sources = {path.resolve() for path, _ in files}
    if output.resolve() in sources or any(output.resolve() == p.parent for p in sources):
        raise UsageError(f"--output-dir {output} is where the originals are: pick another folder")
    reports = []
    for path, relative in files:
        sub = read_subtitles(path, encoding)
        translated, report = translate_subtitles(sub, translator, profile)
        target = output / relative
        report.output = str(target)
        try:
            from kazkit.subtitles.io import render_subtitles

            encode_like(render_subtitles(translated), sub.decoded)
        except KazkitError:
            # A Russian code page cannot hold Kazakh letters: the translation is saved as UTF-8.
            translated.decoded = replace(sub.decoded, encoding="utf-8", bom=False)
            report.note = f"saved as UTF-8: {sub.decoded.encoding} cannot hold the Kazakh letters"
        report.encoding = translated.decoded.encoding
        write_subtitles(translated, target)
        reports.append(report.to_dict())
        if progress is not None:
            progress(str(path))
    if translator.cache is not None:
        translator.cache.save()
    totals: dict[str, int] = {}
    for report in reports:
        for origin, count in report["origins"].items():
            totals[origin] = totals.get(origin, 0) + count
    term_totals = {"term_fixes": sum(len(f["replaced"]) for r in reports for f in r["term_fixes"]),
                   "terms_missing": sum(len(r["terms_missing"]) for r in reports)}
    return {"files": reports, "totals": {"files": len(reports), "sentences": sum(totals.values()),
                                         **totals, **(term_totals if translator.terms is not None else {})},
            "backend": translator.backend.name if translator.backend is not None else None,
            "source_lang": translator.source_lang, "target_lang": translator.target_lang}
