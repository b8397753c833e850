"""The benchmark's page table asks for pages that exist and that each role may see: a page
renamed or a 403 would otherwise be timed as if it were the page."""

import pytest

from certificates.tests.factories import CertificateFactory, recorded_validation
from demo import bench_pages

pytestmark = pytest.mark.django_db


def test_every_page_of_the_table_answers_200_for_its_roles(cast):
    CertificateFactory(
        participant=cast.participant_a,
        issued_by=cast.staff,
        validation=recorded_validation(cast.participant_a, assessor=cast.assessor_a),
    )
    users = {
        "staff": cast.staff,
        "manager": cast.manager,
        "assessor": cast.assessor_a,
        "coach": cast.coach_a,
    }
    figures = bench_pages.page_table(runs=2, users=users)
    assert {label for label, _ in figures} == {page.label for page in bench_pages.PAGES}
    for (label, role), figure in figures.items():
        assert figure is not None, (label, role)
        assert figure.status == 200, (label, role, figure.status)
        assert figure.queries > 0, (label, role)


def test_table_prints_both_sizes_and_marks_misses(cast):
    small = {("start page", "staff"): bench_pages.Figure(8, 10.0, 12.0, 200, 6.0)}
    big = {("start page", "staff"): bench_pages.Figure(8, 60.0, 70.0, 200, 6.0)}

    class Out(list):
        write = list.append

    out = Out()
    bench_pages.print_table(out, small, big, "400", "100,000")
    text = "".join(out)
    assert "6.0x" in text and "misses a target" in text and "rows missing one: 1" in text
