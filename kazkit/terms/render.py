"""Output of ``kazkit terms lookup``: a readable card per entry, or json, jsonl, tsv records."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from kazkit.terms.lookup import Hit
from kazkit.terms.model import STATUSES

_LANG_ORDER = ("kk", "ru", "en")


def _langs(hit: Hit) -> list[str]:
    present = list(dict.fromkeys(t.lang for t in hit.entry.terms))
    return [code for code in _LANG_ORDER if code in present] + [c for c in present if c not in _LANG_ORDER]


def card(hit: Hit) -> str:
    """A plain-text card::

        дерекқор  [IT]  (sample, inflected: дерекқорлардың = дерекқор + Case=Gen|Number=Plur)
          kk  дерекқор
              деректер базасы  (deprecated)
          ru  база данных
          en  database
    """
    entry = hit.entry
    head = entry.headword("kk")
    how = hit.how if not hit.note else f"{hit.how}: {hit.note}"
    if hit.how == "fuzzy":
        how = f"fuzzy {hit.score:.0f}%: {hit.matched.text if hit.matched else ''}"
    lines = [f"{head}" + (f"  [{entry.subject}]" if entry.subject else "") + f"  ({hit.termbase}, {how})"]
    for lang in _langs(hit):
        terms = sorted(entry.in_lang(lang), key=lambda t: STATUSES.index(t.status))
        for number, term in enumerate(terms):
            label = lang if number == 0 else ""
            extras = [term.status] if term.status != "preferred" else []
            extras += [x for x in (str(term.year or ""), term.approved_by) if x]
            lines.append(f"  {label:<4}{term.text}" + (f"  ({', '.join(extras)})" if extras else ""))
    for lang, text in entry.definitions.items():
        lines.append(f"  definition ({lang}): {text}")
    if entry.note:
        lines.append(f"  note: {entry.note}")
    if entry.source:
        lines.append(f"  source: {entry.source}")
    return "\n".join(lines) + "\n"


def tsv_row(hit: Hit) -> str:
    entry = hit.entry
    cells = [entry.headword("kk"), hit.how, hit.matched.text if hit.matched else ""]
    for lang in _LANG_ORDER:
        cells.append("; ".join(t.text for t in entry.preferred(lang)))
    cells.append("; ".join(t.text for t in entry.in_lang("kk") if t.status in ("deprecated", "obsolete")))
    cells += [entry.subject, hit.termbase]
    return "\t".join(c.replace("\t", " ") for c in cells) + "\n"


TSV_HEADER = "headword\thow\tmatched\tkk\tru\ten\tkk_avoid\tsubject\ttermbase\n"


def lookup_chunks(hits: Sequence[Hit], fmt: str) -> Iterator[str]:
    """Render lookup hits as ``text`` cards, a ``json`` array, ``jsonl`` or ``tsv`` rows."""
    if fmt == "json":
        yield json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "jsonl":
        for hit in hits:
            yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"
    elif fmt == "tsv":
        yield TSV_HEADER
        for hit in hits:
            yield tsv_row(hit)
    else:
        for number, hit in enumerate(hits):
            yield ("\n" if number else "") + card(hit)
