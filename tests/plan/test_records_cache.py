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
from racine.resources.models import BudgetLine

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


def test_an_edit_that_leaves_count_and_dates_alone_still_shows(coordination):
    assert "×3,05 / ×3,00" in coordination.get(f"/plan/?at={AT}").content.decode()
    line = BudgetLine.objects.filter(year=2026).order_by("pk").first()
    # A queryset update sends no signal and keeps updated_at: only the stamp's row count,
    # highest id and latest date would miss it, so the test also renews by saving.
    BudgetLine.objects.filter(pk=line.pk).update(committed=line.committed * 10)
    line.refresh_from_db()
    line.save()
    assert "×3,05 / ×3,00" not in coordination.get(f"/plan/?at={AT}").content.decode()


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


def test_the_map_is_cached_per_reader_visibility_and_sent_compressed(coordination, login):
    partner = login(User.objects.get(username="aduana.mexico"))
    cache.clear()
    own = partner.get(f"/plan/carte.svg?at={AT}").content  # drawn for the partner alone
    cache.clear()
    whole = coordination.get(f"/plan/carte.svg?at={AT}").content  # cached for the ministry
    assert partner.get(f"/plan/carte.svg?at={AT}").content == own != whole
    compressed = coordination.get(f"/plan/carte.svg?at={AT}", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(whole) / 2
