"""company_save takes data, not forms: a command or an import calls it as the page does."""

import pytest

from companies import services
from companies.models import ContactPerson
from companies.tests.factories import ContactPersonFactory, municipality
from framtidssakrad.data import Row

pytestmark = pytest.mark.django_db


def test_company_with_contacts_from_data_alone(cast):
    data = services.CompanyData("556000-0009", "Gamma AB", municipality(), employees=40)
    company = services.company_save(
        actor=cast.staff,
        data=data,
        contacts=[Row({"name": "Eva Ek", "email": "eva@gamma.se"}), Row({"name": "Olle Ås"})],
    )
    eva, olle = company.contacts.order_by("name")
    assert (company.name, eva.email, olle.name) == ("Gamma AB", "eva@gamma.se", "Olle Ås")

    others = ContactPersonFactory(company=cast.company_b)
    services.company_save(
        actor=cast.staff,
        company=company,
        data=data,
        contacts=[
            Row({"name": "Eva Ek", "title": "VD"}, pk=eva.pk),
            Row(pk=olle.pk, delete=True),
            Row(pk=others.pk, delete=True),  # another company's contact: not this company's row
        ],
    )
    assert list(company.contacts.values_list("name", "title")) == [("Eva Ek", "VD")]
    assert ContactPerson.objects.filter(pk=others.pk).exists()
