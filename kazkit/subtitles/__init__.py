"""Subtitles (SRT, WebVTT and the formats of pysubs2): reading and writing with fidelity, QA
against a timing/layout profile and the Kazakh checker, fixing, and batch translation.

The modules import nothing heavy at import time; pysubs2 is imported only for the formats it
reads (ASS/SSA, MicroDVD ...), and torch/transformers only by the model backend.
"""

from kazkit.subtitles.io import Cue, SubtitleFile, read_subtitles, write_subtitles
from kazkit.subtitles.profiles import Profile, load_profile

__all__ = ["Cue", "Profile", "SubtitleFile", "load_profile", "read_subtitles", "write_subtitles"]
