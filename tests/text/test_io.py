"""Reading Kazakh text in every encoding it turns up in, and writing it back safely."""

from __future__ import annotations

import doctest
import io
import os
import stat
import sys
from pathlib import Path

import pytest

from kazkit.errors import InputError, KazkitError
from kazkit.text import io as textio
from kazkit.text.io import (
    Decoded,
    atomic_write,
    decode_bytes,
    encode_like,
    read_input,
    write_back,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "io"

KAZAKH = "Қазақстан Республикасының астанасы — Астана. Әр түрлі өңірлер."
KAZAKH_LONG = (
    "Қазақстан Республикасының астанасы — Астана. Әр түрлі өңірлер: Алматы, Шымкент, "
    "Өскемен. Ұлы дала елі, үлкен үміт, ғылым мен білім. Һәм жаңа мектептер ашылды."
)
RUSSIAN = "Столица Республики Казахстан — Астана. Ещё в стране много «разных» регионов."


@pytest.mark.parametrize("encoding", ["kz1048", "ptcp154"])
@pytest.mark.parametrize("text", [KAZAKH, KAZAKH_LONG])
def test_kazakh_code_pages_are_told_apart(encoding: str, text: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.encoding == encoding
    assert decoded.text == text
    assert decoded.bom is False


@pytest.mark.parametrize(
    ("sentence", "encoding"),
    [
        # kz1048 and ptcp154 swap "ғ" and "ә" (bytes 0xAA and 0xBA); vowel harmony decides.
        ("Әйел ерден кетсе де, елден кетпейді.", "ptcp154"),
        ("Ғылым мен білім.", "kz1048"),
        ("Ішкенге мәз, жегенге тоқ.", "ptcp154"),
        ("Тағы да жағалау.", "kz1048"),
    ],
)
def test_single_sentences_with_swapped_letters_are_read_right(sentence: str, encoding: str) -> None:
    decoded = decode_bytes(sentence.encode(encoding))
    assert (decoded.text, decoded.encoding) == (sentence, encoding)


@pytest.mark.parametrize("encoding", ["cp1251", "kz1048", "ptcp154"])
def test_russian_text_is_read_as_cp1251_whatever_page_wrote_it(encoding: str) -> None:
    # The common Russian letters sit at the same bytes in all three code pages.
    decoded = decode_bytes(RUSSIAN.encode(encoding))
    assert decoded.encoding == "cp1251"
    assert decoded.text == RUSSIAN


def test_russian_symbols_that_are_kazakh_letters_in_ptcp154_stay_symbols() -> None:
    # 0x89 is "‰" in cp1251 but "ү" in ptcp154; after a digit it is the per-mille sign.
    text = "Инфляция составила 5‰ за год, цена 10€."
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.encoding == "cp1251"
    assert decoded.text == text


@pytest.mark.parametrize(
    ("encoding", "bom", "reported"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
    ],
)
def test_unicode_encodings_and_boms_are_detected(encoding: str, bom: bytes, reported: str) -> None:
    decoded = decode_bytes(bom + KAZAKH.encode(encoding))
    assert decoded.text == KAZAKH
    assert decoded.encoding == reported
    assert decoded.bom is bool(bom)


def test_utf16_without_bom_is_recognised_by_its_zero_bytes() -> None:
    decoded = decode_bytes("Сәлем, әлем! Hello.\n".encode("utf-16-le"))
    assert decoded.encoding == "utf-16-le"
    assert decoded.text == "Сәлем, әлем! Hello.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "kz1048", "ptcp154"])
def test_round_trip_gives_back_the_same_bytes(encoding: str) -> None:
    original = (KAZAKH_LONG + "\r\n").encode(encoding)
    if encoding == "utf-16-le":
        original = b"\xff\xfe" + original
    decoded = decode_bytes(original)
    assert encode_like(decoded.text, decoded) == original


def test_cp1251_round_trip_of_russian_text() -> None:
    original = RUSSIAN.encode("cp1251")
    decoded = decode_bytes(original)
    assert encode_like(decoded.text, decoded) == original


def test_fixture_files_decode_to_the_same_kazakh_text() -> None:
    texts = {
        name: read_input(DATA / name).text.replace("\r\n", "\n")
        for name in (
            "kazakh_kz1048_crlf.txt",
            "kazakh_ptcp154_crlf.txt",
            "kazakh_utf16_bom.txt",
            "kazakh_utf8_bom.txt",
        )
    }
    assert len(set(texts.values())) == 1
    assert "Қазақстан Республикасының" in texts["kazakh_kz1048_crlf.txt"]
    assert read_input(DATA / "kazakh_ptcp154_crlf.txt").encoding == "ptcp154"
    assert read_input(DATA / "russian_cp1251.txt").encoding == "cp1251"


def test_line_endings_are_reported_and_left_in_the_text() -> None:
    decoded = read_input(DATA / "kazakh_kz1048_crlf.txt")
    assert decoded.newline == "\r\n"
    assert decoded.text.count("\r\n") == 3
    assert decode_bytes("бір\nекі\r\nүш\n".encode()).newline == "\n"
    assert decode_bytes("бір\rекі\r".encode()).newline == "\r"
    assert decode_bytes("бір".encode()).newline == "\n"


def test_empty_input_is_empty_text() -> None:
    decoded = decode_bytes(b"", "empty.txt")
    assert decoded.text == ""
    assert decoded.encoding == "utf-8"


@pytest.mark.parametrize(
    ("alias", "codec"),
    [
        ("utf8", "utf-8"),
        ("UTF-8", "utf-8"),
        ("cp1251", "cp1251"),
        ("windows-1251", "cp1251"),
        ("kz-1048", "kz1048"),
        ("rk1048", "kz1048"),
        ("pt154", "ptcp154"),
    ],
)
def test_encoding_option_accepts_common_aliases(alias: str, codec: str) -> None:
    text = "Алматы қаласы" if codec != "cp1251" else "Алматы город"
    decoded = decode_bytes(text.encode(codec), "city.txt", encoding=alias)
    assert decoded.encoding == codec
    assert decoded.text == text


def test_explicit_encoding_overrides_detection() -> None:
    # Detection would say kz1048; the user knows better.
    data = KAZAKH_LONG.encode("kz1048")
    assert decode_bytes(data, encoding="ptcp154").encoding == "ptcp154"


def test_explicit_utf8_keeps_track_of_a_bom() -> None:
    decoded = decode_bytes(b"\xef\xbb\xbf" + KAZAKH.encode(), encoding="utf8")
    assert (decoded.text, decoded.encoding, decoded.bom) == (KAZAKH, "utf-8-sig", True)
    assert encode_like(decoded.text, decoded).startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("name", ["klingon", "base64", ""])
def test_unknown_encoding_names_the_option(name: str) -> None:
    with pytest.raises(InputError, match="--encoding"):
        decode_bytes(b"abc", encoding=name)


def test_undecodable_explicit_encoding_names_file_byte_and_fix() -> None:
    data = "Мектеп ".encode() + "Қазақ тілі".encode("kz1048")
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "notes.txt", encoding="utf-8")
    message = str(caught.value)
    assert message.startswith("notes.txt: cannot be decoded as utf-8 at byte 13")
    assert "--encoding" in message
    assert "\n" not in message


def test_damaged_utf8_is_refused_rather_than_read_as_a_code_page() -> None:
    data = ("Қазақстан Республикасы. " * 10).encode() + b"\xff" + " Астана.".encode()
    with pytest.raises(InputError, match=r"notes\.txt: mostly UTF-8 .* at byte 450"):
        decode_bytes(data, "notes.txt")


def test_office_document_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError) as caught:
        read_input(DATA / "report.docx")
    message = str(caught.value)
    assert message.endswith(
        "report.docx: looks like a ZIP archive or an Office document, "
        "not text (convert it to .txt first)"
    )


def test_nul_bytes_mean_binary() -> None:
    data = b"\x01\x02" + "Астана".encode() + b"\x00\x00\x00\x07\x08\x01\x00"
    with pytest.raises(InputError, match=r"^blob\.bin: looks like a binary file"):
        decode_bytes(data, "blob.bin")


def test_nul_bytes_are_binary_even_with_an_explicit_code_page() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes("Астана".encode("cp1251") + b"\x00", "x.txt", encoding="cp1251")


def test_many_control_characters_mean_binary() -> None:
    data = bytes(range(1, 9)) * 20 + "Астана".encode()
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data, "noise.dat")


def test_tabs_form_feeds_and_escapes_are_text() -> None:
    text = "Аты\tЖөні\n\x1b[1mҚалың\x1b[0m\f"
    assert decode_bytes(text.encode()).text == text


def test_missing_file_folder_and_permission_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file$"):
        read_input(tmp_path / "жоқ.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_input(tmp_path)


def test_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("құпия", encoding="utf-8")

    # chmod 0 does not stop root, so make the operating system's refusal happen regardless.
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"locked\.txt: permission denied"):
        read_input(locked)


def test_dash_reads_stdin_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(KAZAKH.encode("kz1048")))
    monkeypatch.setattr(sys, "stdin", fake)
    decoded = read_input("-")
    assert (decoded.name, decoded.encoding, decoded.text) == ("<stdin>", "kz1048", KAZAKH)


def test_dash_writes_stdout_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer))
    atomic_write("-", "Сәлем!\n")
    assert buffer.getvalue() == "Сәлем!\n".encode()


def test_write_back_keeps_encoding_bom_and_crlf(tmp_path: Path) -> None:
    for fixture in ("kazakh_kz1048_crlf.txt", "kazakh_utf16_bom.txt", "kazakh_utf8_bom.txt"):
        path = tmp_path / fixture
        path.write_bytes((DATA / fixture).read_bytes())
        decoded = read_input(path)
        fixed = decoded.text.replace("Өскемен", "Семей")
        write_back(path, fixed, decoded, backup=False)
        again = read_input(path)
        assert again.text == fixed
        assert (again.encoding, again.bom, again.newline) == (
            decoded.encoding,
            decoded.bom,
            decoded.newline,
        )
        assert path.read_bytes() == (DATA / fixture).read_bytes().replace(
            encode_bare("Өскемен", decoded), encode_bare("Семей", decoded)
        )


def encode_bare(word: str, like: Decoded) -> bytes:
    """``word`` in ``like``'s codec without any BOM."""
    return word.encode(like.encoding.replace("-sig", ""))


def test_write_back_refuses_letters_the_code_page_lacks(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    decoded = read_input(path)
    with pytest.raises(KazkitError, match=r"cannot be saved as cp1251: 'қ'"):
        write_back(path, decoded.text + " қала", decoded)
    assert path.read_bytes() == RUSSIAN.encode("cp1251")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ru.txt"]


def test_atomic_write_keeps_permission_bits(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_text("ескі", encoding="utf-8")
    path.chmod(0o751)
    atomic_write(path, "жаңа")
    assert path.read_text(encoding="utf-8") == "жаңа"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_atomic_write_of_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", "жаңа файл")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_failed_rename_leaves_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("Абай жолы", encoding="utf-8")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(textio.os, "replace", refuse)
    with pytest.raises(KazkitError, match=r"essay\.txt: cannot be written \(No space left"):
        atomic_write(path, "Қан мен тер")
    assert path.read_text(encoding="utf-8") == "Абай жолы"
    assert [p.name for p in tmp_path.iterdir()] == ["essay.txt"]


def test_backup_keeps_the_old_file_with_a_tilde(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("Абай жолы", encoding="utf-8")
    atomic_write(path, "Қан мен тер", backup=True)
    assert path.read_text(encoding="utf-8") == "Қан мен тер"
    assert (tmp_path / "essay.txt~").read_text(encoding="utf-8") == "Абай жолы"


def test_atomic_write_through_a_symlink_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("ескі", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write(link, "жаңа")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "жаңа"


def test_writing_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(KazkitError, match="cannot be written"):
        atomic_write(tmp_path / "жоқ" / "file.txt", "мәтін")


def test_docstring_examples_run() -> None:
    results = doctest.testmod(textio)
    assert results.attempted > 0
    assert results.failed == 0
