"""A small bounded cache for work that is the same for every file made from one template.

Keys are the content itself (bytes, or tuples of strings), never a digest of it: a hit means
equal content, compared in full by the dict. Callers put only small entries, and the cache holds
a fixed number of them, the least recently used out first, so its memory is bounded whatever the
files are: a template's parts, used by every file, stay while each file's own parts pass through.
Values are shared by every later file with the same content and must be immutable.

Lock-free: under concurrent use a race can at worst lose an entry or evict one early, never
hand out a value for other content.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self._entries: dict[K, V] = {}
        self._size = size

    def get(self, key: K) -> V | None:
        entries = self._entries
        value = entries.pop(key, None)
        if value is not None:
            entries[key] = value  # to the end: a dict keeps an assigned key where it was
        return value

    def put(self, key: K, value: V) -> None:
        entries = self._entries
        while len(entries) >= self._size:
            try:
                del entries[next(iter(entries))]
            except (KeyError, RuntimeError, StopIteration):  # another thread changed it
                break
        entries[key] = value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
