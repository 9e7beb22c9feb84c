"""Encoding detection: Kazakh sentences saved in the legacy Kazakh code pages (KZ-1048, PTCP154)
and Russian sentences in Windows-1251, one sentence a file, beside a plain baseline.

Run: python bench/encoding.py [--shared ../shared] [--limit N]

A sentence counts as right when the decoded text equals the original (the label may say kz1048
for a ptcp154 file when both decode the bytes identically). The baseline is what most tools do
without a detector: strict UTF-8, else Windows-1251.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def baseline(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    ntrex = args.shared / "data" / "parallel" / "ntrex128"
    if not ntrex.is_dir():
        sys.exit(f"bench/encoding.py: {ntrex} not found (pass --shared PATH)")
    from kazkit.text.io import decode_bytes

    kazakh = ntrex.joinpath("newstest2019-ref.kaz.txt").read_text(encoding="utf-8").splitlines()
    russian = ntrex.joinpath("newstest2019-ref.rus.txt").read_text(encoding="utf-8").splitlines()
    cases = [("kk", "kz1048", kazakh), ("kk", "ptcp154", kazakh), ("ru", "cp1251", russian)]
    print(f"{'text':<4} {'saved as':<9} {'n':>5}  {'kazkit':>7}  {'baseline':>8}")
    for lang, codec, lines in cases:
        lines = [line for line in lines if line.strip()][: args.limit]
        ours = base = n = 0
        start = time.perf_counter()
        for line in lines:
            try:
                data = line.encode(codec)
            except UnicodeEncodeError:
                continue  # a character the code page cannot hold: not a fair case
            n += 1
            ours += decode_bytes(data, name="case").text == line
            base += baseline(data) == line
        elapsed = time.perf_counter() - start
        print(f"{lang:<4} {codec:<9} {n:5d}  {ours / n:7.2%}  {base / n:8.2%}   ({n / elapsed:,.0f} files/s)")


if __name__ == "__main__":
    main()
