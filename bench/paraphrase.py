"""Coverage and spelling of the rule-based paraphraser on real Kazakh text.

Run: python bench/paraphrase.py [--shared ../shared] [--limit 200]

Material: KazQAD Wikipedia passages (shared/data/corpus/kazqad_wikipedia, CC BY-SA 4.0), the first
--limit documents. Figures printed:
- share of Kazakh sentences changed by variant 1, and changes per kind;
- share of changed words that pass kazkit's spelling check *in context*: the paraphrased text is
  checked with ``check_text`` and a changed word fails when a KK_SPELLING finding overlaps it;
- synonym forms the generator produced but the spelling filter rejected (before output);
- speed (ms per 1,000 words).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kazkit.grammar.checker import check_text  # noqa: E402
from kazkit.grammar.checks.proximity import inflect_like, load_synonyms  # noqa: E402
from kazkit.grammar.morphology import analyze  # noqa: E402
from kazkit.model.paraphrase import paraphrase, passes_spelling  # noqa: E402
from kazkit.model.tokenizer_train import word_count  # noqa: E402


def output_spans(changes) -> list[tuple[int, int, str]]:
    """Where each change's replacement lies in the paraphrased text."""
    spans, shift = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        start = change.start + shift
        spans.append((start, start + len(change.replacement), change.kind))
        shift += len(change.replacement) - (change.end - change.start)
    return spans


def rejected_forms(texts: list[str]) -> tuple[int, int]:
    """(generated synonym forms, of them rejected by the spelling filter) over the word types."""
    table = load_synonyms()
    generated = rejected = 0
    seen = set()
    for text in texts:
        for word in text.split():
            word = word.strip(".,;:!?()«»\"'").lower()
            if word in seen:
                continue
            seen.add(word)
            known = [a for a in analyze(word) if not a.guessed]
            if not known:
                continue
            best = known[0]
            for entry in table.get(best.lemma.lower(), []):
                if entry.pos != best.pos:
                    continue
                for synonym in entry.words:
                    if synonym.lower() == best.lemma.lower():
                        continue
                    form = inflect_like(synonym, best.feats, best.pos)
                    if form:
                        generated += 1
                        rejected += not passes_spelling(form)
    return generated, rejected


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    path = args.shared / "data" / "corpus" / "kazqad_wikipedia" / "docs.jsonl"
    if not path.is_file():
        sys.exit(f"bench/paraphrase.py: {path} not found (give --shared)")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()][:args.limit]
    sentences = changed = words = 0
    kinds: Counter[str] = Counter()
    word_changes = word_pass = 0
    elapsed = 0.0
    for text in texts:
        started = time.perf_counter()
        result = paraphrase(text)[0]
        elapsed += time.perf_counter() - started
        words += word_count(text)
        sentences += result.sentences
        changed += result.changed_sentences
        kinds.update(c.kind for c in result.changes)
        flagged = [(d.start, d.end) for d in check_text(result.text) if d.rule_id == "KK_SPELLING"]
        for start, end, kind in output_spans(result.changes):
            if kind in ("synonym", "connective", "conjunction"):
                word_changes += 1
                word_pass += not any(s < end and start < e for s, e in flagged)
    generated, rejected = rejected_forms(texts)
    print(f"documents: {len(texts)} Wikipedia passages, {words} words, {sentences} Kazakh sentences")
    print(f"sentences changed (variant 1): {changed}/{sentences} = {changed / sentences:.1%}")
    print("changes by kind: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print(f"changed words passing the spelling check in context: {word_pass}/{word_changes} = "
          f"{word_pass / max(word_changes, 1):.1%}")
    print(f"synonym forms generated {generated}, rejected by the spelling filter {rejected} "
          f"({rejected / max(generated, 1):.1%})")
    print(f"speed: {1000 * elapsed / words * 1000:.0f} ms per 1,000 words")


if __name__ == "__main__":
    main()
