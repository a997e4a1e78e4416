"""Search across apps, ignoring diacritics. Each app registers a provider in its AppConfig.ready:
a function (folded query, scope, limit) -> list of hits, already scoped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from outpost.core.text import fold


@dataclass(frozen=True)
class Hit:
    kind: str  # translated label of the kind of object
    label: str
    url: str
    detail: str = ""


Provider = Callable[[str, Any, int], list[Hit]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def search(query: str, scope: Any, limit: int = 25) -> list[Hit]:
    folded = fold(query)
    if len(folded) < 2:
        return []
    hits: list[Hit] = []
    for provider in _providers:
        hits.extend(provider(folded, scope, limit))
    return hits
