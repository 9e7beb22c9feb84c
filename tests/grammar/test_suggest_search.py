"""The suggestion search's fast paths give exactly what their plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kazkit.grammar.suggest import MAX_TAIL, _plausible_suffix_variants, _suffix_variants

#: Letters of Kazakh suffixes (the allomorph and buffer letters among them) and a few others.
SUFFIX_LETTERS = "аеыідтлнғқгкңбпмұүоөсшзйяь"
#: Endings of some suffix chains, with every ending of each (as the speller's tails are).
TAILS = frozenset(
    chain[-k:]
    for chain in ("тар", "тер", "дар", "дер", "лар", "лер", "ның", "нің", "дың", "тың", "ға", "ге", "қа", "ке",
                  "сының", "сына", "лардың", "терімізде", "ларынан", "дарыңыздан", "ып", "іп", "ған", "ген")
    for k in range(1, min(len(chain), MAX_TAIL) + 1)
)


def _plain(rest: str, tails: frozenset[str]) -> tuple[str, ...]:
    return tuple(v for v in _suffix_variants(rest) if not v or v[-MAX_TAIL:] in tails)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SUFFIX_LETTERS, max_size=14))
def test_plausible_suffix_variants_are_the_filtered_variants(rest: str) -> None:
    assert _plausible_suffix_variants(rest, TAILS) == _plain(rest, TAILS)


def test_plausible_suffix_variants_examples() -> None:
    # мектеп+тар: the front-vowel suffix is among the variants; a long suffix string still gets
    # its two-swap variants
    assert "тер" in _plausible_suffix_variants("тар", TAILS)
    for rest in ("тар", "ларынан", "дарыңыздан", "терімізда", "ыныңыздарынан"):
        assert _plausible_suffix_variants(rest, TAILS) == _plain(rest, TAILS)
