"""One settings object with shipped defaults and partial user overlays.

After trafilatura's ``settings.cfg`` + ``use_config()``: the defaults live in
``default_settings.toml`` next to this module; a user TOML file overlays any
subset of keys. The object is frozen and passed explicitly.

Example:
    >>> s = load_settings()
    >>> s.stages[0]
    'clean'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.errors import ConfigError

__all__ = ["Settings", "load_settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of Marsad (see ``default_settings.toml``)."""

    stages: tuple[str, ...]
    max_bytes: int
    min_arabic_ratio: float
    min_chars: int
    fetch_timeout: float
    batch_size: int
    window_days: int
    near_duplicate_threshold: float
    minhash_perm: int
    host: str
    port: int
    rate_limit: int
    max_body: int
    jobs: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Load the shipped defaults, overlay ``path`` (TOML) and ``overrides``.

    Args:
        path: optional user TOML file; any subset of the default keys.
        overrides: flat keyword overrides (``batch_size=50``).

    Returns:
        The frozen :class:`Settings`.

    Raises:
        ConfigError: on an unreadable file or a value of the wrong type.
    """
    text = resources.files("marsad").joinpath("default_settings.toml").read_text("utf-8")
    data = tomllib.loads(text)
    if path is not None:
        try:
            data = _merge(data, tomllib.loads(Path(path).read_text("utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read settings file {path}: {e}") from e
    try:
        flat: dict[str, Any] = {
            "stages": tuple(data["pipeline"]["stages"]),
            "max_bytes": int(data["ingest"]["max_bytes"]),
            "min_arabic_ratio": float(data["ingest"]["min_arabic_ratio"]),
            "min_chars": int(data["ingest"]["min_chars"]),
            "fetch_timeout": float(data["ingest"]["fetch_timeout"]),
            "batch_size": int(data["store"]["batch_size"]),
            "window_days": int(data["stories"]["window_days"]),
            "near_duplicate_threshold": float(data["stories"]["near_duplicate_threshold"]),
            "minhash_perm": int(data["stories"]["minhash_perm"]),
            "host": str(data["serve"]["host"]),
            "port": int(data["serve"]["port"]),
            "rate_limit": int(data["serve"]["rate_limit"]),
            "max_body": int(data["serve"]["max_body"]),
            "jobs": int(data["pipeline"].get("jobs", 0)),
        }
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"invalid settings: {e}") from e
    unknown = set(overrides) - set(flat)
    if unknown:
        raise ConfigError(f"unknown settings: {sorted(unknown)}")
    flat.update(overrides)
    if not 0.0 <= flat["min_arabic_ratio"] <= 1.0:
        raise ConfigError("min_arabic_ratio must be in [0.0, 1.0]")
    if not 0.0 < flat["near_duplicate_threshold"] <= 1.0:
        raise ConfigError("near_duplicate_threshold must be in (0.0, 1.0]")
    if flat["jobs"] < 0:
        raise ConfigError("jobs must be 0 (one per core) or more")
    if flat["batch_size"] < 1:
        raise ConfigError("batch_size must be at least 1")
    return Settings(**flat)
