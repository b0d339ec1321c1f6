"""The account pages (My account, My data, a coordinator removing a person) are
stakeholders' views: their templates live under templates/stakeholders/."""

import pytest
from django.urls import reverse
from django.utils import translation


def templates_of(response):
    return [template.name for template in response.templates]


@pytest.mark.parametrize(
    ("url_name", "template"),
    [("account", "stakeholders/account.html"), ("my_data", "stakeholders/my_data.html")],
)
def test_the_own_account_pages_use_stakeholders_templates(client, member, url_name, template):
    client.force_login(member)
    with translation.override("fr"):
        url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 200
    assert template in templates_of(response)


def test_the_person_removal_page_uses_a_stakeholders_template(client, coordinator, member):
    client.force_login(coordinator)
    with translation.override("fr"):
        url = reverse("person_remove", kwargs={"pk": member.person.pk})

    response = client.get(url)

    assert response.status_code == 200
    assert "stakeholders/person_remove.html" in templates_of(response)
