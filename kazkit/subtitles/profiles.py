"""Named timing and layout profiles (data/subtitles/profiles.yaml) with per-run overrides.

>>> profile = load_profile("kazakh", max_line_length=40)
>>> profile.max_line_length, profile.max_lines
(40, 2)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, replace

from kazkit.errors import UsageError
from kazkit.paths import data_path

DEFAULT_PROFILE = "kazakh"


@dataclass(frozen=True)
class Profile:
    """Limits a cue is checked against; times in milliseconds."""

    name: str
    max_cps: float
    max_cps_hard: float
    max_line_length: int
    max_lines: int
    min_duration: int
    max_duration: int
    min_gap: int
    description: str = ""


_SECONDS = ("min_duration", "max_duration", "min_gap")


@functools.cache
def _raw_profiles() -> dict[str, dict]:
    import yaml

    with open(data_path("subtitles", "profiles.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["profiles"]


def profile_names() -> list[str]:
    return sorted(_raw_profiles())


def load_profile(name: str = DEFAULT_PROFILE, **overrides: float | int | None) -> Profile:
    """The profile ``name`` with the limits in ``overrides`` replaced (``None`` keeps a limit).

    Durations in ``overrides`` are in seconds, as in the YAML file.
    """
    raw = _raw_profiles()
    if name not in raw:
        raise UsageError(f"unknown subtitle profile {name!r} (use {', '.join(profile_names())})")
    values = {**raw[name], **{k: v for k, v in overrides.items() if v is not None}}
    known = {f.name for f in fields(Profile)} - {"name"}
    unknown = set(values) - known
    if unknown:
        raise UsageError(f"unknown profile limit(s) {', '.join(sorted(unknown))}")
    for key in _SECONDS:
        values[key] = round(float(values[key]) * 1000)
    for key in ("max_line_length", "max_lines"):
        values[key] = int(values[key])
    profile = Profile(name=name, **values)
    if profile.max_line_length < 1 or profile.max_lines < 1 or profile.max_cps <= 0:
        raise UsageError("profile limits must be positive")
    return replace(profile)
