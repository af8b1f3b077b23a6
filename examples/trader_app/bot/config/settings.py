"""Typed settings with documented precedence.

Precedence, highest first: ``TRADER_*`` environment variables, a TOML file
(``--config`` or ``TRADER_CONFIG``), the defaults below.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from ..core.exceptions import ConfigurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # the standard library's parser is 3.11+; tomli is the same parser for 3.10
    import tomli as tomllib

DEFAULT_SYMBOLS = ("AAPL", "MSFT", "GOOG", "AMZN", "NVDA")


@dataclass(frozen=True)
class RiskSettings:
    """Exposure limits the risk report and the orchestrator enforce."""

    max_gross_exposure: float = 1.0
    max_net_exposure: float = 1.0
    max_position_weight: float = 0.5
    var_confidence: float = 0.95


@dataclass(frozen=True)
class Settings:
    """Everything the commands read from configuration."""

    source: str = "synthetic"
    data_dir: Path | None = None
    symbols: tuple[str, ...] = DEFAULT_SYMBOLS
    start: str = "2015-01-01"
    end: str = "2024-12-31"
    capital: float = 100_000.0
    fee_bps: float = 1.0
    max_workers: int = 5
    seed: int = 7
    risk: RiskSettings = field(default_factory=RiskSettings)

    def validate(self) -> "Settings":
        """Return ``self``; raise :class:`ConfigurationError` on the first bad value."""
        if self.capital <= 0:
            raise ConfigurationError("capital must be positive", key="capital",
                                     context={"value": self.capital})
        if not 1 <= self.max_workers <= 64:
            raise ConfigurationError("max_workers must be between 1 and 64",
                                     key="max_workers", context={"value": self.max_workers})
        if not 0.5 < self.risk.var_confidence < 1:
            raise ConfigurationError("var_confidence must be in (0.5, 1)",
                                     key="risk.var_confidence",
                                     context={"value": self.risk.var_confidence})
        return self


_ENV_CASTS = {"capital": float, "fee_bps": float, "max_workers": int, "seed": int,
              "source": str, "start": str, "end": str}


def _from_mapping(base: Settings, data: dict[str, Any], origin: str) -> Settings:
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigurationError(f"unknown setting {unknown[0]!r} in {origin}",
                                 key=unknown[0], context={"origin": origin})
    values = dict(data)
    if "risk" in values:
        values["risk"] = replace(base.risk, **values["risk"])
    if "symbols" in values:
        values["symbols"] = tuple(values["symbols"])
    if values.get("data_dir") is not None:
        values["data_dir"] = Path(values["data_dir"])
    return replace(base, **values)


def load_settings(path: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, overridden by the TOML file at ``path``, overridden by ``TRADER_*``."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    settings = Settings()
    path = path or env.get("TRADER_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigurationError("config file not found", context={"path": str(path)}) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"config file is not valid TOML: {exc}",
                                     context={"path": str(path)}) from None
        settings = _from_mapping(settings, data.get("trader", data), str(path))
    overrides: dict[str, Any] = {}
    for name, cast in _ENV_CASTS.items():
        raw = env.get(f"TRADER_{name.upper()}")
        if raw is None:
            continue
        try:
            overrides[name] = cast(raw)
        except ValueError:
            raise ConfigurationError(f"TRADER_{name.upper()} must be a {cast.__name__}",
                                     key=name, context={"value": raw}) from None
    if env.get("TRADER_DATA_DIR"):
        overrides["data_dir"] = env["TRADER_DATA_DIR"]
    return _from_mapping(settings, overrides, "environment").validate()
