"""Random file selection as a pure function: the same pool and seed give the same files."""

import random
from collections.abc import Iterable


def pick_files(candidates: Iterable[str], *, count: int, seed: int) -> list[str]:
    """Draw up to `count` case references from `candidates` without replacement.

    The pool is sorted first so the draw depends only on its contents and the seed, never on
    the order the database returned it. Fewer candidates than asked for gives them all, shuffled.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    pool = sorted(set(candidates))
    return random.Random(seed).sample(pool, min(count, len(pool)))


def selection_pool(candidates: Iterable[str], *, taken: Iterable[str] = ()) -> list[str]:
    """The references a draw may pick from: the candidates less those already taken (files
    audited or started by anyone in the week), sorted so the draw depends on contents only."""
    return sorted(set(candidates) - set(taken))
