"""Line breaking for Kazakh subtitles: balanced lines within the profile's characters per line,
broken at natural points, never between a word and the postposition or particle that follows it.

A postposition (``туралы``, ``үшін``, ``бойынша``) or particle (``ма``, ``ғана``, ``да``) belongs
to the word before it: ``алгоритм / туралы`` on two lines reads as two separate ideas. Which words
attach is decided by the morphology (UPOS ADP or PART among the readings) plus a short list of
clitics the analyser may tag otherwise.

>>> print(wrap_text("Бүгін біз сұрыптау алгоритмдері туралы сөйлесеміз", 30))
Бүгін біз сұрыптау
алгоритмдері туралы сөйлесеміз
"""

from __future__ import annotations

import functools

import regex

from kazkit.subtitles.io import visible_text

#: Clitics that always lean on the word before: question particles (ма/ме/ба/бе/па/пе), the
#: additive particle (да/де/та/те), restrictive ғана/қана, ғой, and the negation емес.
CLITICS = frozenset({"ма", "ме", "ба", "бе", "па", "пе", "да", "де", "та", "те", "ғана", "қана",
                     "ғой", "қой", "емес", "ше", "шы", "ші"})
_ATTACHING_POS = frozenset({"ADP", "PART"})
_EDGE = regex.compile(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$")
_DIALOGUE = regex.compile(r"^\s*(?:<[^>]+>|\{[^}]*\})*\s*[-–—]")
# Cost of a line ending in punctuation: a break there follows the sense of the sentence.
_BREAK_BONUS = {".": 120.0, "!": 120.0, "?": 120.0, "…": 120.0, ":": 80.0, ";": 80.0, ",": 60.0,
                "—": 40.0, "–": 40.0}
_OVERFLOW = 1e6


@functools.lru_cache(maxsize=65536)
def attaches_to_previous(word: str) -> bool:
    """Whether ``word`` must stay on the line of the word before it.

    >>> attaches_to_previous("туралы"), attaches_to_previous("ма?"), attaches_to_previous("кітап")
    (True, True, False)
    """
    bare = _EDGE.sub("", visible_text(word)[0]).lower()
    if not bare:
        return bool(visible_text(word)[0])  # a lone punctuation mark stays with its word
    if bare in CLITICS:
        return True
    if not regex.fullmatch(r"\p{Cyrillic}+", bare):
        return False
    from kazkit.grammar.morphology import analyze

    return any(analysis.pos in _ATTACHING_POS for analysis in analyze(bare))


def _length(word: str) -> int:
    return len(visible_text(word)[0])


def wrap_text(text: str, max_chars: int, max_lines: int = 2) -> str:
    """``text`` re-broken into the fewest balanced lines of at most ``max_chars`` visible
    characters (more than ``max_lines`` only when the words cannot fit otherwise).

    Dialogue cues (lines starting with a dash) keep their lines: each line is one speaker.
    """
    lines = text.split("\n")
    if len(lines) > 1 and all(_DIALOGUE.match(line) for line in lines if line.strip()):
        return text
    words = text.split()
    if not words:
        return text
    lengths = [_length(w) for w in words]
    total = sum(lengths) + len(words) - 1
    if total <= max_chars:
        return " ".join(words)
    glued = [i > 0 and attaches_to_previous(w) for i, w in enumerate(words)]
    least = max(2, -(-total // max_chars))
    best: list[int] | None = None
    for count in range(least, len(words) + 1):
        breaks, cost = _best_breaks(words, lengths, glued, count, max_chars)
        if breaks is not None and (best is None or cost < _OVERFLOW):
            best = breaks
            if cost < _OVERFLOW or count >= max(max_lines, least) + 2:
                break
    if best is None:
        return " ".join(words)
    bounds = [0, *best, len(words)]
    return "\n".join(" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))


def _best_breaks(words: list[str], lengths: list[int], glued: list[bool], count: int,
                 max_chars: int) -> tuple[list[int] | None, float]:
    """Word indexes where lines 2..count start, minimising imbalance minus break bonuses."""
    n = len(words)
    prefix = [0]
    for length in lengths:
        prefix.append(prefix[-1] + length)
    target = (prefix[-1] + n - 1) / count

    def line_cost(a: int, b: int, last: bool) -> float:
        width = prefix[b] - prefix[a] + (b - a - 1)
        cost = (width - target) ** 2
        if width > max_chars:
            cost += _OVERFLOW + (width - max_chars) * 1000
        if not last:
            cost -= _BREAK_BONUS.get(visible_text(words[b - 1])[0][-1:], 0.0)
        return cost

    inf = float("inf")
    # cost[k][j]: the first j words on k lines; back[k][j]: where line k starts.
    cost = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    cost[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            if j < n and glued[j]:
                continue  # no line may end right before an attaching word
            for i in range(k - 1, j):
                if cost[k - 1][i] == inf:
                    continue
                value = cost[k - 1][i] + line_cost(i, j, j == n)
                if value < cost[k][j]:
                    cost[k][j], back[k][j] = value, i
    if cost[count][n] == inf:
        return None, inf
    starts, j = [], n
    for k in range(count, 0, -1):
        j = back[k][j]
        starts.append(j)
    return sorted(starts)[1:], cost[count][n]


def needs_wrap(text: str, max_chars: int, max_lines: int) -> bool:
    """Whether a cue breaks the profile's layout (a line too long, or too many lines)."""
    lines = visible_text(text)[0].split("\n")
    return len(lines) > max_lines or any(len(line.strip()) > max_chars for line in lines)
