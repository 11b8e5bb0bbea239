"""seed_demo builds the core's records, then each app's part through practiceweek.demo.registry,
which the apps fill in their AppConfig.ready(): the core's demo imports no app."""

from datetime import date, datetime, time

import pytest

from audits.demo import audit_counts, audits_sync
from observations.demo import observation_counts, observations_sync
from practiceweek.demo import build, common, registry
from reports.demo import report_counts, reports_sync


def test_the_apps_register_their_parts_lower_layer_first():
    assert list(registry._parts) == ["audits", "observations", "reports"]
    assert registry.demo_parts() == [
        registry.DemoPart(sync=audits_sync, counts=audit_counts),
        registry.DemoPart(sync=observations_sync, counts=observation_counts),
        registry.DemoPart(sync=reports_sync, counts=report_counts),
    ]


def test_registering_a_part_again_replaces_it_in_its_place(monkeypatch):
    monkeypatch.setattr(registry, "_parts", {})
    first, second, again = (lambda *, today: None), (lambda *, today: None), (lambda *, today: None)
    registry.register("one", sync=first, counts=lambda *, today: {})
    registry.register("two", sync=second, counts=lambda *, today: {})
    registry.register("one", sync=again, counts=lambda *, today: {})

    assert [part.sync for part in registry.demo_parts()] == [again, second]


@pytest.mark.django_db
def test_demo_seed_runs_each_part_in_order_and_prints_its_counts(monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(registry, "_parts", {})
    for name in ("lower", "upper"):
        registry.register(
            name,
            sync=lambda *, today, name=name: ran.append(f"{name} {today}"),
            counts=lambda *, today, name=name: {f"{name} rows": 1},
        )

    summary = build.demo_seed(today=date(2026, 11, 25))

    assert ran == ["lower 2026-11-25", "upper 2026-11-25"]
    assert list(summary.counts)[-2:] == ["lower rows", "upper rows"]


def test_later_adds_minutes_to_a_time_of_day():
    assert common.later(time(9, 30), minutes=95) == time(11, 5)


def test_at_is_the_day_at_that_time_in_the_councils_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    moment = common.at(date(2026, 7, 1), time(9, 30))
    assert moment == datetime.fromisoformat("2026-07-01T09:30:00+01:00")
