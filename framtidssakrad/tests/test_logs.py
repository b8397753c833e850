"""Logs: one JSON line per event with the request id, the user id and the task id."""

import json
import logging
import sys

import pytest
from django.urls import reverse

from documents import registry
from documents.registry import DocumentKind
from documents.services import document_request
from documents.tasks import render_documents
from framtidssakrad.logs import ContextFilter, JsonFormatter, OneLineFormatter


class Lines(logging.Handler):
    def __init__(self, formatter):
        super().__init__()
        self.lines = []
        self.setFormatter(formatter)
        self.addFilter(ContextFilter())

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def json_lines():
    handler = Lines(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler.lines
    root.removeHandler(handler)


def test_a_request_logs_its_request_id_and_user_id_never_the_personnummer(cast, json_lines):
    client = cast.client(cast.staff)
    url = reverse("companies:participant_detail", args=[cast.participant_b.pk])
    logging.getLogger("test").info("inside")  # outside a request: no ids
    response = client.get(url + "nosuchpage/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-12345678"
    events = [json.loads(line) for line in json_lines]
    assert all("\n" not in line for line in json_lines)
    outside, *during = events
    assert outside["request_id"] is None and outside["user_id"] is None
    not_found = next(event for event in during if event["logger"] == "django.request")
    assert not_found["request_id"] == "req-12345678"
    assert not_found["user_id"] == cast.staff.pk
    assert cast.participant_b.personnummer not in "".join(json_lines)
    logging.getLogger("test").info("after")
    assert json.loads(json_lines[-1])["request_id"] is None


def test_a_request_without_a_usable_id_gets_a_new_one(client, db):
    first = client.get(reverse("login"), HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second


def test_a_task_logs_its_task_id_and_a_traceback_stays_on_one_line(db, json_lines, cast):
    def broken(document):
        raise ZeroDivisionError("boom")

    registry._KINDS["test.broken"] = DocumentKind(key="test.broken", render=broken)
    try:
        document = document_request(
            actor=cast.staff, kind="test.broken", title="Broken", start=False
        )
        result = render_documents.apply(kwargs={"document_ids": [str(document.pk)]})
    finally:
        registry._KINDS.pop("test.broken", None)
    [failure] = [json.loads(line) for line in json_lines if "boom" in line]
    assert failure["task_id"] == result.id
    assert "ZeroDivisionError" in failure["exception"]


def test_the_text_format_is_one_line_too():
    formatter = OneLineFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("two\nlines")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    assert "\n" not in formatter.format(record)
