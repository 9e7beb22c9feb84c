"""kazkit fix: safe rules only by default, no overlaps, every other byte kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kazkit.grammar.checker import check_text
from kazkit.grammar.fix import fix_file, fix_text
from kazkit.types import Diagnostic

BROKEN = "Бұл кітап ма ?Біз  мектепке мектепке бардық..."


def test_safe_rules_are_applied_and_unsafe_ones_kept():
    fixed, count = fix_text(BROKEN, check_text(BROKEN))
    assert fixed == "Бұл кітап па? Біз мектепке мектепке бардық…"
    assert count == 5


def test_all_rules_applies_unsafe_suggestions_too():
    fixed, _count = fix_text(BROKEN, check_text(BROKEN), all_rules=True)
    assert "мектепке мектепке" not in fixed and "мектепке бардық" in fixed


def test_overlapping_findings_apply_only_the_first():
    diags = [Diagnostic("A", "style", "error", "", 0, 5, replacements=["X"]),
             Diagnostic("B", "style", "error", "", 3, 8, replacements=["Y"]),
             Diagnostic("C", "style", "error", "", 8, 8, replacements=["!"])]
    assert fix_text("0123456789", diags, all_rules=True) == ("X567!89", 2)


def _diag(start: int, end: int, value: str) -> Diagnostic:
    return Diagnostic("T", "style", "error", "", start, end, replacements=[value])


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5)), max_size=6))
def test_text_outside_fixed_spans_is_unchanged(text, spans):
    diags = [_diag(min(s, len(text)), min(s + n, len(text)), "§") for s, n in spans]
    fixed, count = fix_text(text, diags, all_rules=True)
    # Undo: the pieces between the replacements are exactly the original's.
    from kazkit.grammar.fix import choose_fixes

    rebuilt, position = [], 0
    for d in choose_fixes(diags, None):
        rebuilt.append(text[position:d.start])
        rebuilt.append("§")
        position = d.end
    rebuilt.append(text[position:])
    assert fixed == "".join(rebuilt) and count == len(choose_fixes(diags, None))


def test_fix_file_keeps_crlf_and_kz1048_and_makes_a_backup(tmp_path):
    original = "Бұл кітап ма?\r\nБіз  мектепке бардық.\r\nҚазақ тілі\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(original.encode("kz1048"))
    result = fix_file(path, in_place=True, backup=True)
    assert result.fixes == 2 and result.written
    assert path.read_bytes() == "Бұл кітап па?\r\nБіз мектепке бардық.\r\nҚазақ тілі\r\n".encode("kz1048")
    assert (tmp_path / "a.txt~").read_bytes() == original.encode("kz1048")


def test_fix_file_keeps_cp1251_bytes_outside_the_fix(tmp_path):
    original = "Мы шли домой.\nБiз  бардық емес, ол келдi.\n"  # Russian code page, Latin i
    data = original.replace("қ", "к").encode("cp1251")
    path = tmp_path / "b.txt"
    path.write_bytes(data)
    result = fix_file(path, in_place=True, backup=False, encoding="cp1251")
    # the doubled space and the two Latin look-alike i's (cp1251 has the Cyrillic і)
    assert result.fixes == 3
    expected = data.replace("Бiз  ".encode("cp1251"), "Біз ".encode("cp1251"))
    expected = expected.replace("келдi".encode("cp1251"), "келді".encode("cp1251"))
    assert path.read_bytes() == expected
    assert not (tmp_path / "b.txt~").exists()


def test_fix_skips_replacements_the_file_encoding_cannot_store(tmp_path):
    # бардык -> бардық needs қ, which Windows-1251 lacks: the file stays cp1251 and that word stays
    data = "Біз бардык емес.\n".encode("cp1251")
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    result = fix_file(path, in_place=True, backup=False, all_rules=True, encoding="cp1251")
    assert result.fixes == 0
    assert path.read_bytes() == data


def test_fix_without_in_place_leaves_the_file(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("Біз  бардық.", encoding="utf-8")
    result = fix_file(path)
    assert result.text == "Біз бардық." and not result.written
    assert path.read_text(encoding="utf-8") == "Біз  бардық."


def test_fix_to_stdout_writes_the_file_s_own_encoding_and_bom(tmp_path):
    from tests.helpers import run_kazkit

    original = "Бұл кітап ма?\r\nБіз  мектепке бардық.\r\n"
    fixed = "Бұл кітап па?\r\nБіз мектепке бардық.\r\n"
    for codec, bom in (("kz1048", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(bom + original.encode(codec))
        result = run_kazkit("fix", "--all", str(path))
        assert result.returncode == 0, result.stderr
        # the bytes --in-place would write: `kazkit fix a.txt > b.txt` is the same
        assert result.stdout == bom + fixed.encode(codec), codec
        piped = run_kazkit("fix", "--all", "-", input=path.read_bytes())
        assert piped.stdout == result.stdout, codec


def test_fix_diff_shows_the_fixes_and_writes_nothing(tmp_path):
    from tests.helpers import run_kazkit

    path = tmp_path / "a.txt"
    original = "Бірінші жол.\nМен  келдім.\nСоңғы жол"
    path.write_text(original, encoding="utf-8")
    result = run_kazkit("fix", "--diff", str(path))
    assert result.returncode == 1  # there is something to fix
    assert result.stdout.decode() == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,3 +1,3 @@\n Бірінші жол.\n-Мен  келдім.\n+Мен келдім.\n"
        " Соңғы жол\n\\ No newline at end of file\n")
    assert path.read_text(encoding="utf-8") == original
    clean = tmp_path / "b.txt"
    clean.write_text("Мен келдім.\n", encoding="utf-8")
    nothing = run_kazkit("fix", "--diff", str(clean))
    assert nothing.returncode == 0 and nothing.stdout == b""
    both = run_kazkit("fix", "--diff", "--in-place", str(path))
    assert both.returncode == 2 and b"--diff" in both.stderr
