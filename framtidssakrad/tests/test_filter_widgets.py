"""The list pages' filter forms (framtidssakrad.filters): selects rendered in Python give the
same options, the same choice selected and the same attributes as Django's own select, read
their choices with one query, and an invalid filter says why next to the field."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.filters import CertificateFilter
from certificates.models import Certificate
from framtidssakrad.widgets import CompactSelect

CHOICES = [("", "---------"), ("a", "Alfa & Omega"), ("b", "<Beta>"), (3, "Tre")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def _attributes(html: str) -> dict[str, str]:
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', re.match(r"<select[^>]*>", html).group(0)))


@pytest.mark.parametrize("value", ["", "a", "b", 3, "3", None])
def test_a_compact_select_renders_what_djangos_select_renders(value):
    attrs = {"id": "id_x", "class": "form-select", "aria-invalid": "true"}
    django_html = forms.Select(choices=CHOICES).render("x", value, attrs)
    compact_html = CompactSelect(choices=CHOICES).render("x", value, attrs)
    assert _options(compact_html) == _options(django_html)
    assert len(_options(compact_html)) == len(CHOICES)
    assert _attributes(compact_html) == _attributes(django_html)
    assert "&amp; Omega" in compact_html and "&lt;Beta&gt;" in compact_html


def test_a_select_with_groups_is_left_to_django():
    grouped = [("Group", [("a", "A"), ("b", "B")]), ("c", "C")]
    html = CompactSelect(choices=grouped).render("x", "b")
    assert '<optgroup label="Group">' in html and _options(html)[1] == ("b", True, "B")


def test_the_filter_form_reads_each_model_choice_list_once(cast):
    filters = CertificateFilter({}, queryset=Certificate.objects.all(), user=cast.staff)
    with CaptureQueriesContext(connection) as queries:
        html = str(filters.form["company"])
    assert len(queries) == 1  # not a COUNT first (list() asks an iterator for its length)
    assert cast.company_a.name in html and cast.company_b.name in html
    assert 'class="form-select"' in html


def test_an_invalid_filter_is_explained_next_to_its_field(cast):
    response = cast.client(cast.staff).get("/certificates/?state=nonsense")
    assert response.status_code == 200
    html = response.content.decode()
    field = re.search(r'<select name="state"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_state_error"' in field
    assert 'id="id_state_error"' in html
