"""Reading and writing text files: encoding detection for Kazakh, and safe writes.

Kazakh text still turns up in four encodings: UTF-8 (most of it), UTF-16 (Windows tools),
Windows-1251 (Russian code page, used for Kazakh with the Kazakh letters missing or
replaced) and the two Kazakh Windows code pages that Python knows, ``kz1048`` (the
national standard STRK 1048-2002) and ``ptcp154`` (its older ParaType predecessor).
:func:`read_input` picks the right one, :func:`write_back` saves a file in the same
encoding, with the same BOM and line endings, without ever leaving a half-written file.

Example::

    >>> decoded = decode_bytes("Қазақстан".encode("kz1048"))
    >>> decoded.encoding, decoded.text
    ('kz1048', 'Қазақстан')
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kazkit.errors import InputError, KazkitError

__all__ = [
    "BACKUP_SUFFIX",
    "Decoded",
    "atomic_write",
    "decode_bytes",
    "encode_like",
    "read_input",
    "write_back",
]

#: Suffix of the backup copy that :func:`atomic_write` makes (Emacs style: ``notes.txt~``).
BACKUP_SUFFIX = "~"

STDIN_NAME = "<stdin>"

# Tried in this order for legacy (non-Unicode) input; on equal scores the earlier wins, so
# Russian text that decodes identically in all three comes out as cp1251.
LEGACY_ENCODINGS = ("cp1251", "kz1048", "ptcp154")

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats people try to proofread by mistake; naming the format makes
# the error message more helpful than "binary".
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)

# C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape
# (escape shows up in coloured logs). Text has almost none of these; binary data is full of them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05
_HIGH_BYTES = bytes(range(128, 256))

# The letters of the Kazakh and Russian Cyrillic alphabets. A letter outside them (Ђ, ќ, ј, ҫ ...)
# in text decoded with a code page is almost always a sign of the wrong code page.
_KAZAKH_ONLY = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_ALPHABET = frozenset(_KAZAKH_ONLY + _RUSSIAN)

# Only the first MiB is scored: it holds plenty of evidence and keeps detection fast.
_SCORE_SAMPLE = 1 << 20


@dataclass(frozen=True)
class Decoded:
    """Decoded text and what is needed to write it back the way it came.

    ``text`` has the BOM removed but its line endings unchanged, so offsets into it are
    offsets into the file's characters.
    """

    text: str
    encoding: str  # Python codec name: "utf-8", "utf-8-sig", "utf-16-le", "kz1048", ...
    bom: bool
    newline: str  # the dominant line ending: "\n", "\r\n" or "\r" ("\n" when there is none)
    name: str  # the file path, or "<stdin>"


def read_input(path: str | os.PathLike[str], encoding: str | None = None) -> Decoded:
    """Read a file (or stdin for ``"-"``) and decode it, detecting the encoding unless given.

    Raises :class:`~kazkit.errors.InputError` with one line for a missing, unreadable,
    binary or undecodable file.
    """
    if str(path) == "-":
        return decode_bytes(sys.stdin.buffer.read(), STDIN_NAME, encoding)
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file (give the files inside it)") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied (check the file's permissions)") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror or error})") from None
    return decode_bytes(data, name, encoding)


def decode_bytes(data: bytes, name: str = STDIN_NAME, encoding: str | None = None) -> Decoded:
    """Decode ``data``, detecting the encoding unless ``encoding`` names one.

    Detection order: a BOM; strict UTF-8; UTF-16 without a BOM; otherwise the best of
    cp1251, kz1048 and ptcp154 by how Kazakh or Russian the decoded letters look.
    """
    _reject_known_binary(data, name)
    if encoding is not None:
        codec = _canonical_codec(encoding)
        text, codec, bom = _decode_explicit(data, name, codec)
    else:
        text, codec, bom = _decode_detected(data, name)
    return Decoded(text=text, encoding=codec, bom=bom, newline=_dominant_newline(text), name=name)


def encode_like(text: str, like: Decoded) -> bytes:
    """Encode ``text`` as ``like`` was stored: same codec, BOM restored.

    Line endings are not touched: ``text`` already carries them (it came from ``like.text``).
    Raises :class:`~kazkit.errors.KazkitError` when a character has no place in a legacy
    code page (e.g. ``қ`` in cp1251).
    """
    codec = like.encoding
    if like.bom and codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        text = "\ufeff" + text  # "utf-8-sig" writes its own BOM
    try:
        return text.encode(codec)
    except UnicodeEncodeError as error:
        char = error.object[error.start]
        raise KazkitError(
            f"{like.name}: cannot be saved as {codec}: {char!r} (U+{ord(char):04X}) at character "
            f"{error.start} has no place in it (convert the file to UTF-8 first)"
        ) from None


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    encoding: str = "utf-8",
    backup: bool = False,
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never half.

    The data goes to a temporary file in the same folder, is flushed and synced, gets the old
    file's permission bits, and is renamed over the old file. On any failure the temporary file
    is removed and the old file is left as it was. With ``backup=True`` the old file is first
    copied to ``path + "~"`` (:data:`BACKUP_SUFFIX`). ``"-"`` writes to stdout. A symbolic link
    is followed: its target is replaced, the link is kept.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    if str(path) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    target = os.path.realpath(path)
    folder = os.path.dirname(target) or "."
    try:
        old_mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        old_mode = None
    except OSError as error:
        raise KazkitError(f"{path}: cannot be written ({error.strerror or error})") from None
    try:
        fd, temp = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as error:
        raise KazkitError(
            f"{path}: cannot be written ({error.strerror or error} in {folder})"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; give it the old file's bits, or the usual ones.
        os.chmod(temp, old_mode if old_mode is not None else 0o666 & ~_current_umask())
        if backup and old_mode is not None:
            shutil.copy2(target, target + BACKUP_SUFFIX)
        os.replace(temp, target)
    except BaseException as error:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise KazkitError(f"{path}: cannot be written ({error.strerror or error})") from None
        raise
    _sync_folder(folder)


def write_back(
    path: str | os.PathLike[str], text: str, like: Decoded, *, backup: bool = True
) -> None:
    """Save ``text`` to ``path`` in the encoding, BOM and line endings ``like`` was read with."""
    atomic_write(path, encode_like(text, like), backup=backup)


# --- detection -------------------------------------------------------------------------------


def _canonical_codec(encoding: str) -> str:
    """Python's name for a user-given encoding ("utf8", "windows-1251", "rk1048" ...)."""
    try:
        info = codecs.lookup(encoding.strip())
    except LookupError:
        info = None
    # base64, rot13 and the like are codecs too, but not text encodings.
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"unknown encoding {encoding!r} for --encoding "
            "(use utf-8, utf-16, cp1251, kz1048 or ptcp154)"
        )
    return info.name


def _reject_known_binary(data: bytes, name: str) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: looks like {kind}, not text (convert it to .txt first)")


def _binary_error(name: str) -> InputError:
    return InputError(f"{name}: looks like a binary file, not text (convert it to .txt first)")


def _too_many_controls(count: int, total: int) -> bool:
    return total > 0 and count / total > _MAX_CONTROL_SHARE


def _decode_detected(data: bytes, name: str) -> tuple[str, str, bool]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], name, codec, len(bom)), codec, True
    if b"\x00" in data:
        return _decode_bomless_utf16(data, name)
    if _too_many_controls(len(_CONTROL_BYTES.findall(data)), len(data)):
        raise _binary_error(name)
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as error:
        _reject_broken_utf8(data, name, error.start)
    best = _best_legacy_codec(data)
    if best is None:
        raise InputError(
            f"{name}: cannot be decoded as UTF-8, cp1251, kz1048 or ptcp154 "
            "(pass --encoding with the file's encoding)"
        )
    codec, text = best
    return text, codec, False


def _decode_unicode(data: bytes, name: str, codec: str, offset: int) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: cannot be decoded as {codec} at byte {offset + error.start} "
            "(the file is damaged; pass --encoding if it is not Unicode)"
        ) from None
    if _too_many_controls(len(_CONTROL_CHARS.findall(text)), len(text)):
        raise _binary_error(name)
    return text


def _decode_bomless_utf16(data: bytes, name: str) -> tuple[str, str, bool]:
    """UTF-16 without a BOM has its NULs (ASCII) or 0x04 bytes (Cyrillic) at one parity."""
    if len(data) % 2 == 0:
        odd_nuls = data[1::2].count(0)
        even_nuls = data[0::2].count(0)
        # Little-endian ASCII has the zero byte second; big-endian first.
        guess = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        if min(odd_nuls, even_nuls) * 10 <= max(odd_nuls, even_nuls):
            try:
                text = data.decode(guess)
            except UnicodeDecodeError:
                text = None
            if (
                text is not None
                and "\x00" not in text
                and not _too_many_controls(len(_CONTROL_CHARS.findall(text)), len(text))
            ):
                return text, guess, False
    raise _binary_error(name)


def _reject_broken_utf8(data: bytes, name: str, position: int) -> None:
    """Refuse UTF-8 with a few bad bytes: any code page would garble all its good letters."""
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    high_bytes = len(data) - len(data.translate(None, _HIGH_BYTES))
    # Valid UTF-8 Cyrillic takes two high bytes a letter; a code page one. So a code-page file
    # has about one bad sequence per high byte, a damaged UTF-8 file almost none.
    if high_bytes >= 16 and bad * 20 < high_bytes:
        raise InputError(
            f"{name}: mostly UTF-8 but not valid UTF-8 at byte {position} "
            "(repair that byte, or pass --encoding to force one)"
        )


@dataclass(frozen=True)
class _CodePage:
    name: str
    table: str  # the character of every byte value, "\ufffd" where the byte is undefined


def _code_pages() -> list[_CodePage]:
    every_byte = bytes(range(256))
    return [
        _CodePage(codec, every_byte.decode(codec, errors="replace")) for codec in LEGACY_ENCODINGS
    ]


_CODE_PAGES = _code_pages()
# Bytes that decode differently in the three code pages: only these carry evidence.
_DISPUTED = frozenset(
    b for b in range(128, 256) if len({page.table[b] for page in _CODE_PAGES}) > 1
)
# A "word" for scoring: ASCII letters and every high byte that is a letter in some code page
# (or a disputed symbol), so a word is cut the same way whichever code page reads it.
_WORD_BYTES = bytes(
    b
    for b in range(128, 256)
    if b in _DISPUTED or any(page.table[b].isalpha() for page in _CODE_PAGES)
)
_SCORED_WORD = re.compile(
    b"[A-Za-z"
    + re.escape(_WORD_BYTES)
    + b"]*["
    + re.escape(bytes(sorted(_DISPUTED)))
    + b"][A-Za-z"
    + re.escape(_WORD_BYTES)
    + b"]*"
)
# Kazakh vowel harmony: a word's vowels are all back or all front, and ғ, қ, ұ go with back
# vowels while ә, ө, ү, і go with front ones. This is what tells kz1048's "ғ" from ptcp154's
# "ә" (they swap bytes 0xAA and 0xBA).
_BACK_VOWELS = frozenset("аоұыАОҰЫ")
_FRONT_VOWELS = frozenset("әеөүіӘЕӨҮІ")
_VOWELS = frozenset("аеёиоуыэюяәөұүіАЕЁИОУЫЭЮЯӘӨҰҮІ")
_BACK_ONLY = frozenset("ғқұҒҚҰ")
_FRONT_ONLY = frozenset("әөүіӘӨҮІ")


def _best_legacy_codec(data: bytes) -> tuple[str, str] | None:
    """The code page (and its text) whose disputed bytes read most like Kazakh or Russian."""
    words = Counter(match.group() for match in _SCORED_WORD.finditer(data[:_SCORE_SAMPLE]))
    best: tuple[float, str, str] | None = None
    for page in _CODE_PAGES:
        try:
            text = data.decode(page.name)
        except UnicodeDecodeError:
            continue  # a byte this code page leaves undefined
        score = sum(count * _word_score(page, word) for word, count in words.items())
        if best is None or score > best[0]:  # strict: earlier code pages win ties
            best = (score, page.name, text)
    return (best[1], best[2]) if best else None


def _word_score(page: _CodePage, word: bytes) -> float:
    """How Kazakh or Russian the disputed letters of ``word`` look when ``page`` reads them.

    A Kazakh or Russian letter in a word counts for, more so when it agrees with the word's
    vowel harmony; a letter from another Cyrillic alphabet (Ђ, ќ, ј, ҫ ...), a symbol inside a
    word or a letter standing alone is mojibake.
    """
    chars = [page.table[byte] for byte in word]
    # Harmony from the undisputed letters only: they read the same in every code page.
    vowels = {
        "back" if char in _BACK_VOWELS else "front"
        for byte, char in zip(word, chars, strict=True)
        if byte not in _DISPUTED and (char in _BACK_VOWELS or char in _FRONT_VOWELS)
    }
    # A Cyrillic word needs a vowel: "ғр" (kz1048's reading of ptcp154 "әр") has none.
    score = 0.0 if len(word) < 2 or any(char in _VOWELS for char in chars) else -1.0
    for byte, char in zip(word, chars, strict=True):
        if byte not in _DISPUTED:
            continue
        if not char.isalpha():
            score += -2.0 if len(word) > 1 else 0.0
        elif char not in _ALPHABET:
            score -= 2.0
        elif len(word) == 1:
            score -= 1.0
        else:
            score += 1.0 + _harmony(char, vowels)
    return score


def _harmony(char: str, vowels: set[str]) -> float:
    if vowels == {"front"}:
        return -1.0 if char in _BACK_ONLY else 0.5
    if vowels == {"back"}:
        return -1.0 if char in _FRONT_ONLY else 0.5
    return 0.0  # mixed (a loan word or compound): no evidence


# --- decoding with a given encoding ------------------------------------------------------------


def _decode_explicit(data: bytes, name: str, codec: str) -> tuple[str, str, bool]:
    codec, bom_length = _resolve_unicode_codec(data, codec)
    body = data[bom_length:]
    if not codec.startswith("utf-16") and not codec.startswith("utf-32") and b"\x00" in body:
        raise _binary_error(name)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: cannot be decoded as {codec} at byte {bom_length + error.start} "
            f"({_suggest_encoding(data, name, codec)})"
        ) from None
    bom = bom_length > 0 or codec == "utf-8-sig"
    if not bom and text.startswith("\ufeff") and codec.startswith("utf"):
        text, bom = text[1:], True  # e.g. --encoding utf-16-le on a file with a BOM
    if _too_many_controls(len(_CONTROL_CHARS.findall(text)), len(text)):
        raise _binary_error(name)
    return text, codec, bom


def _resolve_unicode_codec(data: bytes, codec: str) -> tuple[str, int]:
    """Settle UTF-8 / UTF-16 / UTF-32 on an endianness and BOM, as the data says."""
    if codec in ("utf-8", "utf-8-sig"):
        if data.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", 0  # the codec strips the BOM itself
        return "utf-8", 0
    if codec in ("utf-16", "utf-32"):
        for bom, name in _BOMS:
            if name.startswith(codec) and data.startswith(bom):
                return name, len(bom)
        return codec + "-le", 0
    return codec, 0


def _suggest_encoding(data: bytes, name: str, tried: str) -> str:
    try:
        detected = _decode_detected(data, name)[1]
    except InputError:
        return "check the file's encoding"
    if detected.replace("-sig", "") != tried.replace("-sig", ""):
        return f"try --encoding {detected}"
    return "check the file's encoding"


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    best = max(counts, key=lambda newline: counts[newline])  # on ties the first, "\n"
    return best if counts[best] else "\n"


# --- writing ---------------------------------------------------------------------------------


def _current_umask() -> int:
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
