"""The report's small rules as plain functions (no database): merging themes, picking quotes,
the months of a period and the names of the places visited."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TypedDict

from reports.snapshot import Quote, ThemeRow

QUOTES_LIMIT = 12  # a handful of voices: enough to hear, short enough to read


class Feedback(TypedDict):
    """A family's words as `pick_quotes` takes them."""

    rating: int  # 1-5
    rating_label: str
    relationship: str  # label
    words: str


def merge_themes(
    observations: Mapping[str, int],
    audits: Mapping[str, int],
    wordings: Mapping[str, str],
) -> list[ThemeRow]:
    """One row per theme, most frequent first (ties by name), with the QA lead's wording.

    `observations`: tag name → distinct observations that raised it; `audits`: area of practice
    (section title) → distinct audits that raised it; `wordings`: casefolded name → wording.
    Names that differ only in case or spacing are one theme, shown as first met (observations
    first). Themes raised by nothing are left out.
    """
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = {}  # key → [observations, audits]
    for source, counted in enumerate((observations, audits)):
        for name, count in counted.items():
            key = theme_key(name)
            if not key or count <= 0:
                continue
            names.setdefault(key, " ".join(name.split()))
            counts.setdefault(key, [0, 0])[source] += count
    rows = [
        ThemeRow(
            theme=names[key],
            wording=wordings.get(key, ""),
            observations=found[0],
            audits=found[1],
            total=found[0] + found[1],
        )
        for key, found in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["total"], r["theme"].casefold(), r["theme"]))


def theme_key(name: str) -> str:
    """What makes two theme names the same theme: case and spacing do not count."""
    return " ".join(name.split()).casefold()


def pick_quotes(rows: Sequence[Feedback], limit: int = QUOTES_LIMIT) -> list[Quote]:
    """Up to `limit` quotes, as varied in rating as the feedback allows.

    `rows` in the order recorded. Takes the first of each rating (best first), then the second
    of each, and so on; returns them best rating first, in the order recorded within a rating.
    Blank words are skipped, and so are words already picked (two people who said the same thing).
    """
    by_rating: dict[int, list[Feedback]] = {}
    seen: set[str] = set()
    for row in rows:
        key = " ".join(str(row["words"]).split()).casefold()
        if key and key not in seen:
            seen.add(key)
            by_rating.setdefault(int(row["rating"]), []).append(row)
    picked: list[tuple[int, int, Feedback]] = []
    depth = 0
    while len(picked) < limit and any(depth < len(q) for q in by_rating.values()):
        for rating in sorted(by_rating, reverse=True):
            if depth < len(by_rating[rating]) and len(picked) < limit:
                picked.append((rating, depth, by_rating[rating][depth]))
        depth += 1
    picked.sort(key=lambda item: (-item[0], item[1]))
    return [
        {
            "relationship": row["relationship"],
            "rating": row["rating_label"],
            "words": str(row["words"]).strip(),
        }
        for _, _, row in picked
    ]


def months_between(start: date, end: date) -> list[str]:
    """Every month from `start`'s to `end`'s inclusive, as "YYYY-MM", in order.

    Raises ValueError when `end` is before `start`.
    """
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def place_names(places: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The services and the teams of (team, service) pairs, each by name, once.

    A team name two services share is shown with its service: "Assessment (Early Help)".
    """
    pairs = set(places)
    shared = Counter(team for team, _ in pairs)
    teams = {f"{team} ({service})" if shared[team] > 1 else team for team, service in pairs}
    services = {service for _, service in pairs}
    return _by_name(services), _by_name(teams)


def _by_name(names: Iterable[str]) -> list[str]:
    return sorted(names, key=lambda name: (name.casefold(), name))
