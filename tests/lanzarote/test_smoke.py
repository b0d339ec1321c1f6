import pytest


@pytest.mark.django_db
def test_home_page_answers_in_both_languages(client):
    for lang in ("fr", "en"):
        response = client.get(f"/{lang}/")
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.content.decode()
