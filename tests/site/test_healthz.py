"""/healthz, as a load balancer asks it."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def refused():
    return mock.patch.object(
        connection, "cursor", side_effect=OperationalError("unable to open database file")
    )


def test_a_working_database_is_200_ok_in_json(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_is_never_cached_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_a_failing_database_is_503_with_the_reason(client):
    with refused():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "failing", "database": "unable to open database file"}
    assert "no-store" in response["Cache-Control"]


def test_each_answer_is_fresh(client):
    """No cache keeps an answer: the page cache's readers (no cookies, GET) get the truth too."""
    assert client.get("/healthz").status_code == 200
    with refused():
        assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").status_code == 200


def test_head_answers_as_get_does_without_a_body(client):
    assert client.head("/healthz").status_code == 200
    with refused():
        response = client.head("/healthz")
    assert response.status_code == 503 and response.content == b""


def test_other_methods_are_not_allowed():
    response = Client().post("/healthz")  # with no CSRF check: the view itself refuses it
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_get_and_head_need_no_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/healthz").status_code == 200
    assert strict.head("/healthz").status_code == 200
