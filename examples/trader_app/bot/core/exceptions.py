"""The exception hierarchy.

Every error carries a ``context`` dict (what was being done, with which
inputs).  The original bot's bug: a subclass forwarded ``context=context`` *and* left
it in ``**kwargs``, so ``__init__`` got ``context`` twice and three core
modules failed to import.  Here each constructor takes ``context`` exactly once,
merges its own fields into a copy, and hands the result up once.
"""

from __future__ import annotations

from typing import Any


class TraderError(Exception):
    """Base of every error the bot raises on purpose."""

    def __init__(self, message: str, context: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.context: dict[str, Any] = dict(context or {})

    def __str__(self) -> str:
        if not self.context:
            return self.message
        details = ", ".join(f"{k}={v!r}" for k, v in sorted(self.context.items()))
        return f"{self.message} ({details})"


def _merged(context: dict[str, Any] | None, **fields: Any) -> dict[str, Any]:
    """``context`` plus the non-None ``fields``; the caller's dict is not mutated."""
    merged = dict(context or {})
    merged.update({k: v for k, v in fields.items() if v is not None})
    return merged


class ConfigurationError(TraderError):
    """A setting is missing, malformed or out of range."""

    def __init__(self, message: str, context: dict[str, Any] | None = None,
                 *, key: str | None = None) -> None:
        super().__init__(message, context=_merged(context, key=key))
        self.key = key


class DataError(TraderError):
    """Market data could not be fetched, read or validated."""

    def __init__(self, message: str, context: dict[str, Any] | None = None,
                 *, symbol: str | None = None, source: str | None = None) -> None:
        super().__init__(message, context=_merged(context, symbol=symbol, source=source))
        self.symbol = symbol
        self.source = source


class SymbolNotFoundError(DataError):
    """A source has no data for the symbol (no file, unknown ticker)."""


class StrategyError(TraderError):
    """A strategy was misconfigured or could not produce signals."""

    def __init__(self, message: str, context: dict[str, Any] | None = None,
                 *, strategy: str | None = None) -> None:
        super().__init__(message, context=_merged(context, strategy=strategy))
        self.strategy = strategy


class RiskLimitError(TraderError):
    """An order or a portfolio would breach a risk limit."""

    def __init__(self, message: str, context: dict[str, Any] | None = None,
                 *, limit: str | None = None, value: float | None = None) -> None:
        super().__init__(message, context=_merged(context, limit=limit, value=value))
        self.limit = limit
        self.value = value


class ModelError(TraderError):
    """A model could not be trained or asked for predictions."""

    def __init__(self, message: str, context: dict[str, Any] | None = None,
                 *, model: str | None = None) -> None:
        super().__init__(message, context=_merged(context, model=model))
        self.model = model
