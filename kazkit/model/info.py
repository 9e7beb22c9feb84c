"""What a model folder holds: architecture, parameter count, context length and licence.

Reads only files (``config.json``, the safetensors headers, the model card's front matter and a
LICENSE file): no torch needed, and nothing is loaded into memory. A hub name is looked up in the
local Hugging Face cache only (needs ``huggingface_hub``, part of ``kazkit[model]``).
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

from kazkit.errors import InputError, MissingExtraError

__all__ = ["ModelInfo", "count_safetensors_parameters", "licence_of", "model_info", "non_commercial"]

_NON_COMMERCIAL = re.compile(r"(?<![a-z])nc(?![a-z])|non[- ]?commercial|research[- ]only|"
                             r"not for commercial|noncommercial", re.IGNORECASE)
_CONTEXT_KEYS = ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length", "n_ctx")


@dataclass
class ModelInfo:
    """The facts ``kazkit model info`` prints."""

    path: str
    model_type: str | None
    architecture: str | None
    encoder_decoder: bool
    parameters: int | None
    context_length: int | None
    vocab_size: int | None
    layers: int | None
    hidden_size: int | None
    dtype: str | None
    licence: str | None
    licence_warning: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _header_shapes(path: Path) -> dict:
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        return json.loads(handle.read(size))


def count_safetensors_parameters(folder: Path) -> int | None:
    """Parameters in the folder's ``*.safetensors`` files, read from their JSON headers."""
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        return None
    total = 0
    for file in files:
        for name, tensor in _header_shapes(file).items():
            if name == "__metadata__":
                continue
            count = 1
            for dim in tensor["shape"]:
                count *= dim
            total += count
    return total


def _front_matter(card: Path) -> dict:
    text = card.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"---\s*\n(.*?)\n---", text, re.DOTALL)
    if not match:
        return {}
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def licence_of(folder: Path) -> tuple[str | None, str]:
    """The licence named in the model card (``license:``), else the LICENSE file's first line;
    and the text to search for non-commercial terms."""
    card = folder / "README.md"
    meta = _front_matter(card) if card.is_file() else {}
    parts = [str(meta[key]) for key in ("license", "license_name", "license_link") if meta.get(key)]
    licence = str(meta["license"]) if meta.get("license") else None
    for name in ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE"):
        path = folder / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append(text[:20000])
            if licence is None:
                licence = next((line.strip() for line in text.splitlines() if line.strip()), None)
            break
    return licence, "\n".join(parts)


def non_commercial(text: str) -> bool:
    """True when a licence text or identifier forbids commercial use (``cc-by-nc-4.0``)."""
    return bool(_NON_COMMERCIAL.search(text))


def _folder(path: str) -> Path:
    local = Path(path).expanduser()
    if local.is_dir():
        return local
    if local.exists():
        raise InputError(f"{path}: give the model folder, not a file")
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        raise MissingExtraError(f"{path}: no such folder (hub names need huggingface_hub: "
                                "pip install 'kazkit[model]')") from None
    found = try_to_load_from_cache(path, "config.json")
    if not isinstance(found, str):
        raise InputError(f"{path}: no such folder, and not in the local Hugging Face cache")
    return Path(found).parent


def model_info(path: str) -> ModelInfo:
    """Facts about the model in folder ``path`` (or a cached hub name)."""
    folder = _folder(path)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise InputError(f"{path}: not a transformers model folder (no config.json)")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(f"{config_path}: broken JSON ({error})") from None
    text_config = config.get("text_config") or {}  # multimodal models keep the LM settings here

    def get(*keys):
        for key in keys:
            for source in (config, text_config):
                if isinstance(source.get(key), int | str):
                    return source[key]
        return None

    licence, licence_text = licence_of(folder)
    warning = None
    if non_commercial(licence_text):
        warning = (f"the licence of {path} ({licence}) forbids commercial use: check it before using "
                   "the model's output in paid courses or products")
    architectures = config.get("architectures") or []
    return ModelInfo(
        path=str(path), model_type=config.get("model_type"),
        architecture=", ".join(architectures) or None,
        encoder_decoder=bool(config.get("is_encoder_decoder")),
        parameters=count_safetensors_parameters(folder),
        context_length=get(*_CONTEXT_KEYS), vocab_size=get("vocab_size"),
        layers=get("num_hidden_layers", "num_layers", "n_layer"), hidden_size=get("hidden_size", "d_model", "n_embd"),
        dtype=get("torch_dtype", "dtype"), licence=licence, licence_warning=warning)
