"""The figures made ready after a change (reports.tasks.refresh_figures): queued once per burst
of changes after commit, only with a worker, and what it computes is what the dashboard shows."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from reports import tasks
from reports.selectors import figures_warm

DASHBOARD = reverse("reports:dashboard")


@pytest.fixture
def queued(monkeypatch, settings):
    """The refreshes sent to the broker (the outside world), with a broker configured."""
    settings.BROKER_CONFIGURED = True
    sent = []
    monkeypatch.setattr(tasks.refresh_figures, "delay", lambda: sent.append(1))
    # With a broker configured (CI), the fixtures' own saves already queued a refresh in the
    # test's transaction, which never commits: forgotten, so each test starts from none.
    connection.run_on_commit.clear()
    return sent


@contextmanager
def committed(capture):
    """A transaction that commits: its callbacks run, and are then gone (the test's own
    transaction never commits, so they would otherwise stay in `run_on_commit`)."""
    with capture(execute=True):
        yield
    connection.run_on_commit.clear()


def test_a_burst_of_changes_queues_one_refresh_after_commit(
    world, queued, django_capture_on_commit_callbacks
):
    with committed(django_capture_on_commit_callbacks):
        world.p4.end_date, world.p4.end_reason = datetime.date(2021, 6, 1), "completed"
        world.p4.save()
        world.cast.company_a.save()
        assert queued == []  # nothing before the commit
    assert queued == [1]
    with committed(django_capture_on_commit_callbacks):
        world.p4.save()
    assert queued == [1]  # still queued: not again
    tasks.refresh_figures()  # the worker takes it
    with committed(django_capture_on_commit_callbacks):
        world.p4.save()
    assert queued == [1, 1]


def test_a_transaction_saving_many_rows_waits_for_one_callback(
    world, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(5):
            world.p4.save()
            world.cast.company_b.save()
    assert len(callbacks) == 1


def test_without_a_worker_nothing_is_queued(world, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.refresh_figures, "delay", lambda: sent.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        world.p4.save()
    assert sent == []


@pytest.mark.parametrize("role", ["staff", "manager", "coach_a", "assessor_a"])
def test_after_a_refresh_the_dashboard_computes_nothing(world, role, django_assert_max_num_queries):
    assert figures_warm() >= 4  # the whole project, two coaches, two centres at least
    client = world.cast.client(getattr(world.cast, role))
    with django_assert_max_num_queries(16) as captured:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    # Only the fingerprint touches the participants: no figure was computed.
    assert "GROUP BY" not in sql


def test_refreshing_twice_computes_once(world, django_assert_num_queries):
    scopes = figures_warm()
    # The users, then per scope and language only the project and the fingerprint (8).
    with django_assert_num_queries(1 + scopes * 2 * 9) as captured:
        figures_warm()
    assert "GROUP BY" not in " ".join(query["sql"] for query in captured.captured_queries)


def test_a_broker_that_does_not_answer_leaves_the_change_standing(
    world, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The refresh is a courtesy: a change is committed and answered even when the task cannot
    be sent, and the next change tries to send it again."""
    from django.core.cache import cache

    settings.BROKER_CONFIGURED = True

    def down():
        raise OSError("broker down")

    monkeypatch.setattr(tasks.refresh_figures, "delay", down)
    connection.run_on_commit.clear()  # as in `queued`: none left from the fixtures' saves
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.p4.save()
    assert len(callbacks) == 1  # the refresh was tried, failed, and the save stands
    assert cache.get(tasks.REFRESH_QUEUED) is None
