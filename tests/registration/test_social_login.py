"""Social sign-in: a provider nobody has configured is neither offered nor a server error."""

import pytest
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site

pytestmark = pytest.mark.django_db

PROVIDERS = ["google", "kakao", "naver"]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("page", ["login/", "login/callback/"])
def test_an_unconfigured_provider_answers_404(client, provider, page):
    response = client.get(f"/accounts/{provider}/{page}")

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["/accounts/login/", "/accounts/signup/"])
def test_sign_in_pages_offer_only_configured_providers(client, page):
    app = SocialApp.objects.create(provider="kakao", name="Kakao", client_id="kakao-id", secret="kakao-secret")
    app.sites.add(Site.objects.get_current())

    html = client.get(page).content.decode()

    assert "/accounts/kakao/login/" in html
    assert "/accounts/google/login/" not in html
    assert "/accounts/naver/login/" not in html
    assert client.get("/accounts/kakao/login/").status_code == 200
