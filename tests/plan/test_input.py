"""Bad input on the plan's pages and API, and bad records behind its figures.

Each test here was written against a defect found in the walk of issue 6 and failed
before its fix. A record that slipped past validation (inserted with raw SQL here)
takes down one objective's card, never the dashboard, the briefing or the export.
"""

import datetime as dt
import logging

import pytest
from django.db import DataError, connection, transaction

from racine.core import demo
from racine.core.models import User
from racine.plan.models import Milestone, Objective, Proposal
from tests.pages import field_error

AT = "2026-11-22"


@pytest.fixture
def demo_users(demo_world, db):
    return {user.username: User.objects.get(username=user.username) for user in demo.USERS}


@pytest.fixture
def coordination(demo_users, login):
    return login(demo_users["coordination"])


# --- the date of the figures ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "says"),
    [
        ("1990-01-01", "2025-11-07"),  # before the plan: says when it starts
        ("abc", "abc"),
        ("2026-02-30", "2026-02-30"),
    ],
)
def test_a_refused_date_of_the_figures_is_said_on_the_dashboard(coordination, at, says):
    response = coordination.get(f"/plan/?at={at}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="at-error"' in page and says in page.split('id="at-error"')[1].split("</div>")[0]
    assert "0 / 12" not in page  # never « 0 / 12 en bonne voie » for 1990


@pytest.mark.parametrize("path", ["/plan/note/", "/plan/note.pdf", "/plan/?format=csv"])
def test_downloads_on_a_refused_date_answer_400_with_the_reason(coordination, path):
    separator = "&" if "?" in path else "?"
    response = coordination.get(f"{path}{separator}at=1990-01-01")
    assert response.status_code == 400 and "2025-11-07" in response.content.decode()


def test_the_api_refuses_figures_before_the_plan(coordination):
    response = coordination.get("/api/objectives?at=1990-01-01")
    assert response.status_code == 400 and response.json()["field"] == "at"


# --- milestones and proposals -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["500", "-3"])
def test_a_milestone_beyond_the_target_or_below_the_baseline_is_refused(coordination, value):
    before = Milestone.objects.count()
    response = coordination.post(
        "/plan/objectifs/accords-region/jalons/", {"on": "2026-08-01", "value": value}
    )
    assert response.status_code == 400  # the page again, not a redirect
    page = response.content.decode()
    assert "12" in field_error(page, "value")
    assert f'value="{value}"' in page  # what was typed is kept
    api = coordination.post(
        "/api/objectives/accords-region/milestones",
        {"on": "2026-08-01", "value": value},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["field"] == "value"
    assert Milestone.objects.count() == before


def test_a_milestone_in_range_is_added(coordination):
    response = coordination.post(
        "/plan/objectifs/accords-region/jalons/", {"on": "2026-08-01", "value": "8"}
    )
    assert response.status_code == 302


@pytest.mark.usefixtures("stage_by_proposals")
def test_an_unknown_decision_is_rejected_and_the_proposal_stays_pending(demo_users, login):
    sanctions = login(demo_users["sanctions"])
    sanctions.post(
        "/plan/objectifs/regime-sanctions-ue/propositions/",
        {"value": "1", "on": "2026-01-15", "evidence": "Conclusions du Conseil"},
    )
    proposal = Proposal.objects.filter(status="pending").latest("proposed_at")
    response = login(demo_users["coordination"]).post(
        f"/plan/objectifs/regime-sanctions-ue/propositions/{proposal.pk}/",
        {"decision": "bogus", "note": "à revoir"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="à revoir"' in page
    assert "bogus" in page.split(f'id="note-{proposal.pk}-errors"')[1].split("</div>")[0]
    proposal.refresh_from_db()
    assert proposal.status == "pending"


@pytest.mark.usefixtures("stage_by_proposals")
def test_a_proposal_in_error_shows_on_its_field_with_the_input_kept(demo_users, login):
    before = Proposal.objects.count()
    response = login(demo_users["sanctions"]).post(
        "/plan/objectifs/regime-sanctions-ue/propositions/",
        {"value": "1", "on": "1900-01-01", "evidence": "Note du SGAE"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "on") and "Note du SGAE" in page
    assert Proposal.objects.count() == before


def test_an_objective_with_a_deadline_in_1900_is_refused_on_the_field(coordination):
    objective = Objective.objects.get(code="accords-region")
    form = {
        "title": objective.title,
        "indicator": objective.indicator,
        "baseline_value": "0",
        "baseline_date": "2025-11-07",
        "target_value": "100000000000000000000",
        "deadline": "2026-11-30",
        "direction": "increase",
        "rule": objective.rule,
        "source": objective.source,
    }
    response = coordination.post("/plan/objectifs/accords-region/modifier/", form)
    assert response.status_code == 400
    assert field_error(response.content.decode(), "target_value")
    objective.refresh_from_db()
    assert objective.target_value == 12


# --- one bad record, one error card -------------------------------------------------------------


def break_an_objective():
    """Give an objective an unknown rule, as a bad write that skipped the services would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE plan_objective SET rule = 'no_such_rule' WHERE code = 'accords-region'"
        )


@pytest.mark.parametrize("username", [user.username for user in demo.USERS])
def test_a_broken_objective_shows_its_error_card_and_the_others_still_show(
    demo_users, login, username, caplog
):
    break_an_objective()
    client = login(demo_users[username])
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/plan/?at={AT}")
    if demo_users[username].organisation.french_state is False:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    card = page.split('id="objective-accords-region"')[1].split('class="racine-card')[0]
    assert "fr-alert--error" in card
    assert 'id="objective-moyens-intervention"' in page and "×3,05" in page  # the others
    assert any("accords-region" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "path",
    [
        f"/plan/note/?at={AT}",
        f"/plan/note.pdf?at={AT}",
        f"/plan/?at={AT}&format=csv",
        f"/plan/?at={AT}&format=xlsx",
        f"/plan/objectifs/accords-region/?at={AT}",
        f"/plan/objectifs/accords-region/?at={AT}&format=csv",
        f"/api/objectives?at={AT}",
        f"/api/objectives/accords-region?at={AT}",
    ],
)
def test_the_briefing_exports_and_api_survive_a_broken_objective(coordination, path):
    break_an_objective()
    response = coordination.get(path)
    assert response.status_code == 200, response.content[:500]


def test_an_amount_that_slipped_past_validation_breaks_one_card_only(coordination, settings):
    """The defect of the walk: a committed amount of 10^20 took every page down.

    Only SQLite can store it (once its checks are off, as an old database's row would
    be); PostgreSQL's numeric(14, 2) column refuses it outright.
    """
    if connection.vendor != "sqlite":
        with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE resources_budgetline SET committed = 1e20")
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute(
            "UPDATE resources_budgetline SET committed = '100000000000000000000' "
            "WHERE id = (SELECT MIN(id) FROM resources_budgetline WHERE year = 2026)"
        )
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    page = coordination.get(f"/plan/?at={AT}")
    assert page.status_code == 200
    card = page.content.decode().split('id="objective-moyens-intervention"')[1]
    assert "fr-alert--error" in card.split('class="racine-card')[0]
    for path in ("/plan/note/", "/plan/note.pdf", "/plan/?format=csv"):
        assert coordination.get(f"{path}?at={AT}").status_code == 200, path


def test_figures_on_the_day_the_plan_starts_are_shown(coordination):
    assert coordination.get(f"/plan/?at={dt.date(2025, 11, 7)}").status_code == 200
