"""A company moves prospect → recruited → active → completed, or is withdrawn; each step
has a date."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from companies.models import CompanyStatus as S
from companies.services import company_allowed_statuses
from companies.tests.factories import CompanyFactory
from companies.tests.helpers import in_english

DAY = datetime.date(2021, 4, 15)


def change(client, company, status, on="2021-04-15"):
    return client.post(
        reverse("companies:company_status", args=[company.pk]),
        {"status": status, "on": on},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("start", "new", "date_field"),
    [
        (S.PROSPECT, S.RECRUITED, "recruited_on"),
        (S.PROSPECT, S.WITHDRAWN, "withdrawn_on"),
        (S.RECRUITED, S.ACTIVE, "activated_on"),
        (S.RECRUITED, S.WITHDRAWN, "withdrawn_on"),
        (S.ACTIVE, S.COMPLETED, "completed_on"),
        (S.ACTIVE, S.WITHDRAWN, "withdrawn_on"),
    ],
)
def test_allowed_status_change_sets_status_and_its_date(cast, start, new, date_field):
    company = CompanyFactory(status=start)
    response = change(in_english(cast.client(cast.staff)), company, new)
    assert response.redirect_chain == [
        (reverse("companies:company_detail", args=[company.pk]), 302)
    ]
    company.refresh_from_db()
    assert company.status == new
    assert getattr(company, date_field) == DAY
    assert "The status was changed." in _messages(response)


@pytest.mark.parametrize(
    ("start", "new"),
    [
        (S.PROSPECT, S.ACTIVE),
        (S.PROSPECT, S.COMPLETED),
        (S.PROSPECT, S.PROSPECT),
        (S.RECRUITED, S.COMPLETED),
        (S.RECRUITED, S.PROSPECT),
        (S.ACTIVE, S.RECRUITED),
        (S.COMPLETED, S.WITHDRAWN),
        (S.COMPLETED, S.ACTIVE),
        (S.WITHDRAWN, S.ACTIVE),
        (S.WITHDRAWN, S.RECRUITED),
    ],
)
def test_disallowed_status_change_is_refused_and_changes_nothing(cast, start, new):
    company = CompanyFactory(status=start)
    before = {f.attname: getattr(company, f.attname) for f in company._meta.concrete_fields}
    response = change(in_english(cast.client(cast.staff)), company, new)
    company.refresh_from_db()
    after = {f.attname: getattr(company, f.attname) for f in company._meta.concrete_fields}
    assert after == before
    messages = _messages(response)
    assert len(messages) == 1 and "cannot become" in messages[0]
    assert "The status was changed." not in messages


@pytest.mark.parametrize("payload", [{"status": S.RECRUITED}, {"on": "2021-04-15"}, {}])
def test_status_change_without_status_or_date_is_refused(cast, payload):
    company = CompanyFactory(status=S.PROSPECT)
    response = in_english(cast.client(cast.staff)).post(
        reverse("companies:company_status", args=[company.pk]), payload, follow=True
    )
    company.refresh_from_db()
    assert company.status == S.PROSPECT and company.recruited_on is None
    assert _messages(response) == ["Choose a status and a date."]


def test_status_change_by_get_does_nothing(cast):
    company = CompanyFactory(status=S.PROSPECT)
    response = cast.client(cast.staff).get(
        reverse("companies:company_status", args=[company.pk]),
        {"status": S.RECRUITED, "on": "2021-04-15"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == S.PROSPECT


@pytest.mark.parametrize(
    ("start", "offered"),
    [
        (S.PROSPECT, [S.RECRUITED, S.WITHDRAWN]),
        (S.RECRUITED, [S.ACTIVE, S.WITHDRAWN]),
        (S.ACTIVE, [S.COMPLETED, S.WITHDRAWN]),
        (S.COMPLETED, []),
        (S.WITHDRAWN, []),
    ],
)
def test_detail_page_offers_only_the_allowed_next_statuses(cast, start, offered):
    company = CompanyFactory(status=start)
    assert sorted(company_allowed_statuses(company)) == sorted(offered)
    response = cast.client(cast.staff).get(reverse("companies:company_detail", args=[company.pk]))
    options = {value for value in S.values if f'<option value="{value}">' in response.text}
    assert options == set(offered)


def test_a_status_dated_in_the_future_is_refused_and_nothing_changes(cast):
    company = CompanyFactory(status=S.PROSPECT)
    tomorrow = datetime.date.today() + datetime.timedelta(days=400)
    client = in_english(cast.client(cast.staff))
    response = change(client, company, S.RECRUITED, on=tomorrow.isoformat())
    assert "The date of a status change cannot be in the future." in _messages(response)
    company.refresh_from_db()
    assert company.status == S.PROSPECT and company.recruited_on is None
