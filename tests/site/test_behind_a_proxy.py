"""The site behind a reverse proxy that ends TLS: Django sees plain HTTP from the proxy, while
the browser's forms come from the https:// public address."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.test_cli import run

pytestmark = pytest.mark.django_db


def test_the_public_address_is_the_trusted_origin(tmp_path, monkeypatch):
    monkeypatch.setenv("PRAYNEWS_SITE_URL", "https://praynews.example/")
    code = "from django.conf import settings; print(settings.CSRF_TRUSTED_ORIGINS)"
    shown = run("manage", "shell", "-c", code, home=tmp_path / "home", check=False)
    assert "praynews init" in shown.stderr  # no data folder yet
    run("init", home=tmp_path / "home")
    shown = run("manage", "shell", "-c", code, home=tmp_path / "home")
    assert shown.stdout.splitlines()[-1] == "['https://praynews.example']"


@pytest.mark.parametrize(
    ("trusted", "status"),
    [([], 403), (["https://praynews.example"], 200)],  # 200: the form again, with its error
)
def test_a_form_sent_through_the_proxy_needs_the_public_origin_trusted(trusted, status):
    with override_settings(ALLOWED_HOSTS=["praynews.example"], CSRF_TRUSTED_ORIGINS=trusted):
        browser = Client(enforce_csrf_checks=True, HTTP_HOST="praynews.example")
        browser.get("/login/")
        token = browser.cookies[settings.CSRF_COOKIE_NAME].value
        sent = {"username": "nobody", "password": "not it", "csrfmiddlewaretoken": token}
        answer = browser.post("/login/", sent, HTTP_ORIGIN="https://praynews.example")
    assert answer.status_code == status
