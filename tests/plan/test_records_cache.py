"""The plan's figures, charts and map are cached, but never stale and never mixed up.

Each test first fills the cache, then changes a record (or the reader), and checks that
the next view shows the change: with a cache keyed on anything less than the records'
versions, the language and the reader's visibility, these would fail.
"""

import pytest
from django.core.cache import cache

from racine.core import demo
from racine.core.models import User
from racine.partners.models import Agreement
from racine.sanctions.models import RegimeStageChange

AT = "2026-11-22"


@pytest.fixture
def coordination(reference, login):
    demo.load()
    return login(User.objects.get(username="coordination"))


def test_a_changed_record_shows_on_the_next_dashboard_view(coordination):
    assert "9 / 12" in coordination.get(f"/plan/?at={AT}").content.decode()
    counted = Agreement.objects.filter(counts_for_plan=True, signed_on__isnull=False)
    agreement = counted.filter(partner_countries__region="latin_america_caribbean").first()
    agreement.counts_for_plan = False
    agreement.save()
    assert "8 / 12" in coordination.get(f"/plan/?at={AT}").content.decode()


def card_of(page: str, code: str) -> str:
    return page.split(f'id="objective-{code}"')[1].split('class="racine-chart"')[0]


def test_an_edit_that_leaves_count_and_dates_alone_still_shows(
    coordination, django_capture_on_commit_callbacks
):
    # Correcting the stage a regime reached changes no row count, no id and no date column
    # the stamp reads: only the token its save renews (on commit, as in production) tells
    # the cache. (The objective reads the regime through the sanctions app.)
    before = card_of(coordination.get(f"/plan/?at={AT}").content.decode(), "regime-sanctions-ue")
    change = RegimeStageChange.objects.order_by("-on").first()
    change.stage = 3
    with django_capture_on_commit_callbacks(execute=True):
        change.save()
    after = card_of(coordination.get(f"/plan/?at={AT}").content.decode(), "regime-sanctions-ue")
    assert after != before


def test_the_figures_are_cached_per_language(coordination):
    assert "×3,05 / ×3,00" in coordination.get(f"/plan/?at={AT}").content.decode()
    coordination.post("/i18n/setlang/", {"language": "en"})
    english = coordination.get(f"/plan/?at={AT}").content.decode()
    assert "×3.05 / ×3.00" in english and "×3,05" not in english


def test_the_second_dashboard_view_is_served_from_the_cache(coordination):
    coordination.get(f"/plan/?at={AT}")
    filled = len(cache._list_cache_files())
    assert filled >= 8  # six objectives' cards, the timeline, the map legend
    coordination.get(f"/plan/?at={AT}")
    assert len(cache._list_cache_files()) == filled


def test_the_map_is_cached_for_french_services_only_and_sent_compressed(coordination, login):
    partner = login(User.objects.get(username="aduana.mexico"))
    cache.clear()
    whole = coordination.get(f"/plan/carte.svg?at={AT}").content  # drawn, then cached
    # The plan is reserved to French State services: the cache never serves a partner.
    assert partner.get(f"/plan/carte.svg?at={AT}").status_code == 403
    assert coordination.get(f"/plan/carte.svg?at={AT}").content == whole
    compressed = coordination.get(f"/plan/carte.svg?at={AT}", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(whole) / 2


def test_a_many_to_many_change_shows_on_the_next_map_legend(
    coordination, django_capture_on_commit_callbacks
):
    def legend() -> str:
        page = coordination.get(f"/plan/?at={AT}").content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    before = legend()
    # The only agreement in force with Mexico: clearing its countries changes the legend
    # (Colombia and Ecuador also have the trilateral maritime arrangement in force).
    agreement = Agreement.objects.get(title="Cadre de coopération douanière France–Mexique")
    with django_capture_on_commit_callbacks(execute=True):
        agreement.partner_countries.clear()  # no row of a watched table changes
    assert legend() != before
