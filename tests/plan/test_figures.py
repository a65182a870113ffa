"""Figures that tell the truth: counts that count what they say, marks only where due."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from racine.core import demo
from racine.core.models import User
from racine.plan import services
from racine.resources import services as resources
from racine.resources.models import Academy
from tests.factories import make_organisation


@pytest.mark.usefixtures("stage_by_proposals")
def test_the_pending_count_leaves_out_the_coordinators_own_proposals(
    coordinator, second_coordinator, login
):
    today = timezone.localdate()
    services.propose(coordinator, "regime-sanctions-ue", Decimal(1), today, "Note RP")
    services.propose(second_coordinator, "regime-sanctions-ue", Decimal(2), today, "CR RELEX")

    page = login(coordinator).get("/plan/").content.decode()

    assert "1 proposition attend votre validation" in page
    assert "2 propositions" not in page
    assert [p.proposed_by for p in services.proposals_to_validate(coordinator)] == [
        second_coordinator
    ]


def test_the_posts_total_counts_the_posts_open_today_and_says_so(coordinator, login):
    embassy = make_organisation()
    today = timezone.localdate()
    for title, fte, start, end in [
        ("Attaché de sécurité intérieure", "1", "2020-01-01", None),
        ("Magistrat de liaison", "0.5", "2021-01-01", "2022-12-31"),  # closed long ago
    ]:
        resources.save_post(
            coordinator,
            resources.PostData(
                embassy.pk,
                "other",
                title,
                Decimal(fte),
                dt.date.fromisoformat(start),
                dt.date.fromisoformat(end) if end else None,
            ),
        )

    page = login(coordinator).get("/ressources/").content.decode()

    assert "Magistrat de liaison" in page  # the list still shows every post
    summary = page.split('class="fr-text--lg fr-text--bold">')[1].split("</p>")[0]
    assert "1 équivalent temps plein" in summary or "1 équivalents temps plein" in summary
    assert "1 poste ouvert" in summary
    assert today.strftime("%d/%m/%Y") in summary


@pytest.fixture
def demo_coordination(reference, login):
    demo.load()
    return login(User.objects.get(username="coordination"))


def _summary(page: str) -> str:
    return page.split('class="summary"')[1].split("</table>")[0]


def test_the_stale_figure_footnote_appears_only_with_a_stale_figure_and_marks_it(
    demo_coordination,
):
    fresh = demo_coordination.get("/plan/note/").content.decode()
    report = services.status_report(User.objects.get(username="coordination"))
    assert all(e.fresh for e in report), [e.objective.code for e in report if not e.fresh]
    assert "n’ont pas changé depuis longtemps" not in fresh.replace("'", "’")
    assert 'class="stale-mark"' not in fresh

    long_ago = timezone.now() - dt.timedelta(days=400)
    Academy.objects.update(updated_at=long_ago)
    stale = demo_coordination.get("/plan/note/").content.decode()

    assert "n’ont pas changé depuis longtemps" in stale.replace("'", "’")
    marked = [row for row in _summary(stale).split("<tr>") if 'class="stale-mark"' in row]
    assert len(marked) == 1
    assert "académie régionale" in marked[0]
