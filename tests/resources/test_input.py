"""Bad input on the resources pages and API: refused on the field, nothing written.

Each test here was written against a defect found in the walk of issue 6 and failed
before its fix.
"""

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from racine.resources.models import BudgetLine, CourseSession, StaffPost
from tests.pages import field_error


def post_json(client, path, body):
    return client.post(path, body, content_type="application/json")


def budget_form(embassy, **changes):
    body = {
        "embassy": embassy.pk,
        "year": 2026,
        "category": "equipment",
        "committed": "224000",
        "spent": "0",
    }
    return body | changes


def test_a_second_budget_line_on_the_form_is_refused_on_the_field(attache, mexico, login):
    client = login(attache)
    assert client.post("/ressources/moyens/nouveau/", budget_form(mexico)).status_code == 302
    again = client.post("/ressources/moyens/nouveau/", budget_form(mexico, committed="100"))
    assert again.status_code == 400
    page = again.content.decode()
    assert "224" in field_error(page, "category")
    assert 'value="100"' in page  # what was typed is kept
    assert BudgetLine.objects.get().committed == 224000

    replaced = client.post(
        "/ressources/moyens/nouveau/", budget_form(mexico, committed="100", replace="on")
    )
    assert replaced.status_code == 302 and BudgetLine.objects.get().committed == 100


def test_spending_above_what_is_committed_is_refused(attache, mexico, login):
    client = login(attache)
    page = client.post("/ressources/moyens/nouveau/", budget_form(mexico, spent="300000"))
    assert page.status_code == 400 and "engagé" in field_error(page.content.decode(), "spent")
    api = post_json(
        client,
        "/api/budget-lines",
        {"embassy": mexico.pk, "year": 2026, "category": "travel", "committed": 10, "spent": 11},
    )
    assert api.status_code == 400 and api.json()["field"] == "spent"
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("amount", ["100000000000000000000", "1e20", "NaN", "Infinity", "-1"])
def test_an_amount_out_of_bounds_is_refused_by_the_api_on_its_field(attache, mexico, login, amount):
    body = {"embassy": mexico.pk, "year": 2026, "category": "travel", "committed": amount}
    response = post_json(login(attache), "/api/budget-lines", body)
    assert response.status_code in (400, 422), response.content
    assert "committed" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_the_form_refuses_the_amount_that_took_the_plan_down(attache, mexico, login):
    client = login(attache)
    response = client.post(
        "/ressources/moyens/nouveau/", budget_form(mexico, committed="100000000000000000000")
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "committed")
    assert not BudgetLine.objects.exists()
    assert client.get("/ressources/moyens/").status_code == 200


def test_a_post_starting_in_1900_is_refused(attache, mexico, login):
    client = login(attache)
    form = {
        "embassy": mexico.pk,
        "kind": "security_attache",
        "title": "Attaché",
        "fte": "1",
        "starts_on": "1900-01-01",
    }
    page = client.post("/ressources/postes/nouveau/", form)
    assert page.status_code == 400 and "2000" in field_error(page.content.decode(), "starts_on")
    api = post_json(client, "/api/staff-posts", form | {"starts_on": "1900-01-01"})
    assert api.status_code == 400 and api.json()["field"] == "starts_on"
    assert not StaffPost.objects.exists()


def test_the_iati_import_form_without_a_file_says_so_on_the_field(coordinator, login):
    response = login(coordinator).post("/ressources/aide/import/", {})
    assert response.status_code == 400  # the form again, not the success page
    page = response.content.decode()
    assert "IATI files imported" not in page and "importés" not in page
    assert field_error(page, "files")


def test_an_academy_form_in_error_shows_the_errors_on_its_fields_with_the_input_kept(
    coordinator, login
):
    client = login(coordinator)
    response = client.post(
        "/ressources/academie/enregistrer/",
        {"name": "Académie régionale", "decided_on": "2026-01-10", "site_chosen_on": "1900-01-01"},
    )
    assert response.status_code == 400  # no redirect: the page again
    page = response.content.decode()
    assert field_error(page, "site_chosen_on") or field_error(page, "opened_on")
    assert 'value="Académie régionale"' in page


def test_a_session_ending_before_it_starts_is_refused_on_the_field(coordinator, login):
    client = login(coordinator)
    client.post("/ressources/academie/enregistrer/", {"name": "Académie régionale"})
    client.post("/ressources/academie/cours/", {"title": "Enquêtes financières"})
    from racine.resources.models import Course

    course = Course.objects.get()
    response = client.post(
        "/ressources/academie/sessions/",
        {"course": course.pk, "starts_on": "2026-03-10", "ends_on": "2026-03-01", "place": "X"},
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "ends_on")
    assert not CourseSession.objects.exists()


def test_the_database_holds_the_bounds_even_when_the_service_is_skipped(mexico):
    """The CheckConstraints stand behind the service, on SQLite and PostgreSQL alike."""
    line = BudgetLine(embassy=mexico, year=2026, category="travel", committed=10, spent=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()
    post = StaffPost(
        embassy=mexico, kind="security_attache", title="x", fte=1, starts_on="1900-01-01"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()
    # SQLite's check refuses it; PostgreSQL's numeric(14, 2) column cannot even hold it.
    with (
        pytest.raises((IntegrityError, DataError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO resources_budgetline (embassy_id, year, category, committed, spent, "
            "updated_at) VALUES (%s, 2026, 'travel', 99999999999999, 0, '2026-01-01')",
            [mexico.pk],
        )
