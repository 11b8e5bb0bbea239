"""How long the reports take to build on a year of a large council's data.

    DEBUG=true .venv/bin/python bench/report_bench.py [--runs 5] [--database-url URL]

Seeds a fresh database with `council.council_seed()` (a large council, a year of data), then
builds the last practice week's scrutiny report and the year's quality assurance report
several times, timing data gathering (`reports.gather.snapshot_for`) and rendering
(`reports.rendering.render_pdf`) apart, counting gathering's queries, and printing medians.
It does the same on a quarter-size council to show that gathering's queries do not grow with
the data. See bench/README.md.

The databases are the benchmark's own, made afresh on every run: SQLite files under
var/bench/ by default; with --database-url postgres://.../NAME, the databases NAME_bench and
NAME_bench_quarter on that server (dropped and created again; NAME itself is never touched).
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SCALES = {"full": 1.0, "quarter": 0.25}


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    names = _fresh_databases(args.database_url)
    # Settings read the environment once, at django.setup(): everything goes to var/bench/
    # and to the benchmark's own database, whatever the shell has set.
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["PRACTICEWEEK_VAR_DIR"] = str(BENCH_DIR)
    # A throwaway database and no server: no secret to keep.
    os.environ.setdefault("SECRET_KEY", "report-bench-only")  # noqa: S105
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practiceweek.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from measure import bench  # after setup: it imports the models

    bench(runs=args.runs, databases=[(label, SCALES[label], names[label]) for label in SCALES])
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each report (default 5)")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL server to run on, e.g. postgres://postgres@127.0.0.1:5432/practiceweek",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL (SQLite is the default)")
    return args


def _fresh_databases(url: str | None) -> dict[str, str]:
    """The database NAME of each council, made empty: SQLite files, or PostgreSQL databases."""
    if not url:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        names = {label: str(BENCH_DIR / f"bench-{label}.sqlite3") for label in SCALES}
        for name in names.values():
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(name + suffix).unlink(missing_ok=True)
        return names
    import psycopg
    from psycopg import sql

    base = urlsplit(url).path.lstrip("/") or "postgres"
    names = {label: f"{base}_bench" + ("" if label == "full" else f"_{label}") for label in SCALES}
    # Connect to the server's maintenance database: never to (or into) the database named.
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names.values():
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return names


if __name__ == "__main__":
    sys.exit(main())
