"""Compact tables of names for the per-workspace caches (owner directory, vocabulary).

Every worker keeps a workspace's names for as long as they are current, and a million-action
workspace has 50,000 owners and tens of thousands of plan phrases. As dicts of small objects
(an int and a str per owner, a tuple per key) they took about 50 MB a worker, scattered over
the allocator's pages among the rows they were built from. These tables hold the same answers in
a few large objects: the names joined into one string with their offsets in an array, and keys in
one sorted list beside an array of ids, looked up by bisection (about a microsecond at 50,000).
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache


class NamesById(Mapping[int, str]):
    """Id → name (an owner's name, a plan's label), read-only: the ids sorted in an array and the
    names joined in one string."""

    __slots__ = ("_ids", "_offsets", "_text")

    def __init__(self, names: Iterable[tuple[int, str]] = ()) -> None:
        ids = array("q")
        parts: list[str] = []
        for owner_id, name in names:
            ids.append(owner_id)
            parts.append(name)
        if any(ids[i] >= ids[i + 1] for i in range(len(ids) - 1)):
            # Rows come in id order; anything else is sorted here, the last name of an id kept.
            ordered = sorted(dict(zip(ids, parts, strict=True)).items())
            ids = array("q", [owner_id for owner_id, _ in ordered])
            parts = [name for _, name in ordered]
        self._ids = ids
        self._offsets = array("q", [0])
        length = 0
        for name in parts:
            length += len(name)
            self._offsets.append(length)
        self._text = "".join(parts)

    def __getitem__(self, owner_id: int) -> str:
        i = bisect_left(self._ids, owner_id)
        if i == len(self._ids) or self._ids[i] != owner_id:
            raise KeyError(owner_id)
        return self._text[self._offsets[i] : self._offsets[i + 1]]

    def __contains__(self, owner_id: object) -> bool:
        if not isinstance(owner_id, int):
            return False
        i = bisect_left(self._ids, owner_id)
        return i < len(self._ids) and self._ids[i] == owner_id

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def items(self) -> Iterator[tuple[int, str]]:  # type: ignore[override]
        # In id order without a bisection per owner (the importer and the link suggester read them all).
        text, offsets = self._text, self._offsets
        return ((owner_id, text[offsets[i] : offsets[i + 1]]) for i, owner_id in enumerate(self._ids))

    def values(self) -> Iterator[str]:  # type: ignore[override]
        return (name for _, name in self.items())

    def __repr__(self) -> str:
        return f"NamesById({len(self)} names)"


class GatheredNames:
    """Ids and names as they are read, for a NamesById made once all are in: two flat lists
    rather than a tuple per name while a cache is built."""

    __slots__ = ("_ids", "_names")

    def __init__(self) -> None:
        self._ids = array("q")
        self._names: list[str] = []

    def add(self, owner_id: int, name: str) -> None:
        self._ids.append(owner_id)
        self._names.append(name)

    def table(self) -> NamesById:
        return NamesById(zip(self._ids, self._names, strict=True))


class IdsByKey:
    """Key (a name's words, a phrase) → the sorted ids it names, read-only. A key naming several
    ids appears once for each, next to each other."""

    __slots__ = ("_ids", "_keys")

    def __init__(self, ids_by_key: Mapping[str, int | Iterable[int]] | None = None) -> None:
        """From each key's id, or ids in any order and with repeats."""
        self._keys: list[str] = []
        self._ids = array("q")
        for key, gathered in sorted((ids_by_key or {}).items()):
            for found in (gathered,) if isinstance(gathered, int) else sorted(set(gathered)):
                self._keys.append(key)
                self._ids.append(found)

    def get(self, key: str, default: tuple[int, ...] = ()) -> tuple[int, ...]:
        """The ids `key` names, in ascending order; `default` when none (as dict.get, but () unless given)."""
        start = bisect_left(self._keys, key)
        if start == len(self._keys) or self._keys[start] != key:
            return default
        return tuple(self._ids[start : bisect_right(self._keys, key, start)])

    def __getitem__(self, key: str) -> tuple[int, ...]:
        ids = self.get(key)
        if not ids:
            raise KeyError(key)
        return ids

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        i = bisect_left(self._keys, key)
        return i < len(self._keys) and self._keys[i] == key

    def keys(self) -> Iterator[str]:
        """Every key once, in order."""
        previous = None
        for key in self._keys:
            if key is not previous:
                previous = key
                yield key

    def __len__(self) -> int:
        return sum(1 for _ in self.keys())


class SortedWords:
    """A set of strings, read-only, as one sorted list (a set's table is four times the size)."""

    __slots__ = ("_words",)

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = sorted(set(words))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        i = bisect_left(self._words, word)
        return i < len(self._words) and self._words[i] == word

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def give_back_freed_memory() -> None:
    """Ask the C allocator to return freed pages to the system after a cache is built: building
    allocates many short-lived rows and lists, and glibc otherwise keeps their pages for the
    process's life. Does nothing where there is no glibc (musl, macOS)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: the rest of the process has no use for it

    try:
        # The process's own symbols include the C library's; only glibc has malloc_trim.
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
