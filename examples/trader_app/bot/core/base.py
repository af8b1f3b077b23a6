"""Base class of the bot's long-lived components (sources, pipelines, orchestrator)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from .exceptions import TraderError


@dataclass(frozen=True)
class HealthStatus:
    """What :meth:`Component.health` reports."""

    name: str
    healthy: bool
    detail: str = ""
    checked_at: float = field(default_factory=time.time)


class Component:
    """A named part of the system with a logger, a config dict and a health check."""

    name = "component"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config: dict[str, Any] = dict(config or {})
        self.log = logging.getLogger(f"bot.{self.name}")

    def require(self, key: str) -> Any:
        """The config value for ``key``; a :class:`TraderError` naming it if absent."""
        try:
            return self.config[key]
        except KeyError:
            raise TraderError(f"{self.name}: missing setting {key!r}",
                              context={"component": self.name}) from None

    def health(self) -> HealthStatus:
        """Healthy unless a subclass knows better."""
        return HealthStatus(self.name, True)
