"""Resources: IATI import into the database, staff headcount, means, the academy's stages."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from racine.core.errors import InvalidInput, PermissionDenied
from racine.resources import services
from racine.resources.models import AidActivity, AidTransaction, StaffPost
from tests.factories import make_organisation
from tests.shared_data import SHARED_DATA, shared_file

IATI = SHARED_DATA / "iati"
US = "dportal_covid_usg_sector16063_page57_2021-05.xml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def real_files() -> list[Path]:
    shared_file("iati", US)
    return sorted(IATI.glob("*.xml"))


def read(*paths: Path) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


@pytest.mark.django_db
def test_every_real_iati_file_imports_and_a_second_import_changes_nothing():
    files = read(*real_files())
    first = services.import_iati(None, files)
    assert first.created == AidActivity.objects.count() > 250
    again = services.import_iati(None, files)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created


@pytest.mark.django_db
def test_counter_narcotics_values_match_a_hand_computed_activity():
    services.import_iati(None, read(shared_file("iati", US)))
    # US-GOV-11-JM-19JM3720P0541: disbursements 1,989.66 + 155.17 USD, all on sector 16063.
    jamaica = AidTransaction.objects.filter(
        activity__identifier="US-GOV-11-JM-19JM3720P0541", type="3"
    )
    assert sum(t.counter_narcotics_value for t in jamaica) == Decimal("2144.83")
    # US-GOV-11-PA-19PM0720P0503: 2,600.20 of its disbursements went to sector 43010, not 16063:
    # −8,250 − 8,250 + 8,250 + 8,250 + 8,250 + 17,199.80 = 25,449.80 counted.
    panama = AidTransaction.objects.filter(
        activity__identifier="US-GOV-11-PA-19PM0720P0503", type="3"
    )
    assert sum(t.counter_narcotics_value for t in panama) == Decimal("25449.80")
    assert (
        AidActivity.objects.filter(transactions__counter_narcotics_value__gt=0).distinct().count()
        == 28
    )


@pytest.mark.django_db
def test_a_corrupted_file_is_refused_with_its_line_and_nothing_is_written():
    good = shared_file("iati", "dportal_covid_afd_FR-3_page17_2021-06.xml")
    corrupted = good.read_bytes().replace(b"<iati-identifier>", b"<iati-identifier>\n", 1)
    transaction = corrupted.index(b"<transaction")
    value_end = corrupted.index(b"</value>", transaction)
    corrupted = corrupted[:value_end] + b"abc" + corrupted[value_end:]  # "142143.41abc"
    with pytest.raises(InvalidInput) as refused:
        services.import_iati(None, [("good.xml", good.read_bytes()), ("bad.xml", corrupted)])
    assert "bad.xml: line " in refused.value.detail
    assert not AidActivity.objects.exists()


@pytest.mark.django_db
def test_a_truncated_file_is_refused_with_the_parser_line():
    content = shared_file("iati", "dportal_covid_afd_FR-3_page17_2021-06.xml").read_bytes()
    with pytest.raises(InvalidInput, match=r"cut\.xml: line \d+"):
        services.import_iati(None, [("cut.xml", content[: len(content) // 2])])
    assert not AidActivity.objects.exists()


def test_only_coordinators_import_from_the_pages(make_user):
    embassy_officer = make_user("bruno", roles=["embassy_officer"])
    with pytest.raises(PermissionDenied):
        services.import_iati(embassy_officer, read(FIXTURES / "aid-meae-16063.xml"))


def test_headcount_counts_posts_open_on_the_day(make_user):
    embassy = make_organisation()
    coordinator = make_user(
        "camille",
        roles=["plan_coordinator"],
        organisation=make_organisation("MEAE", kind="ministry", country="FR"),
    )
    for title, fte, start, end in [
        ("Attaché", "1", "2020-01-01", None),
        ("Magistrat", "0.5", "2021-01-01", "2026-03-31"),
    ]:
        services.save_post(
            coordinator,
            services.PostData(
                embassy.pk,
                "other",
                title,
                Decimal(fte),
                dt.date.fromisoformat(start),
                dt.date.fromisoformat(end) if end else None,
            ),
        )
    assert services.specialised_fte_at(dt.date(2026, 3, 31)) == Decimal("1.5")
    assert services.specialised_fte_at(dt.date(2026, 4, 1)) == Decimal("1")
    assert StaffPost.objects.count() == 2


def test_an_embassy_officer_cannot_record_another_embassys_post(make_user):
    mexico = make_organisation()
    bogota = make_organisation("Ambassade de France en Colombie", country="CO")
    attache = make_user("bruno", roles=["embassy_officer"], organisation=mexico)
    with pytest.raises(PermissionDenied):
        services.save_post(
            attache,
            services.PostData(bogota.pk, "other", "Attaché", Decimal(1), dt.date(2026, 1, 1)),
        )
    services.save_post(
        attache, services.PostData(mexico.pk, "other", "Attaché", Decimal(1), dt.date(2026, 1, 1))
    )


def test_a_post_above_one_fte_is_refused(make_user):
    embassy = make_organisation()
    attache = make_user("bruno", roles=["embassy_officer"], organisation=embassy)
    with pytest.raises(InvalidInput) as refused:
        services.save_post(
            attache,
            services.PostData(embassy.pk, "other", "Attaché", Decimal(2), dt.date(2026, 1, 1)),
        )
    assert refused.value.field == "fte"


def test_a_partner_officer_sees_no_internal_resources(make_user):
    agency = make_organisation("ANAM", kind="customs", country="MX", french_state=False)
    partner = make_user("lucia", roles=["partner_officer"], organisation=agency)
    with pytest.raises(PermissionDenied):
        services.list_posts(partner)


def test_the_academy_milestones_come_in_order(make_user):
    coordinator = make_user(
        "camille",
        roles=["plan_coordinator"],
        organisation=make_organisation("MEAE", kind="ministry", country="FR"),
    )
    with pytest.raises(InvalidInput):
        services.save_academy(
            coordinator, services.AcademyData("Académie", site_chosen_on=dt.date(2026, 4, 1))
        )
    services.save_academy(
        coordinator,
        services.AcademyData(
            "Académie", decided_on=dt.date(2025, 11, 10), site_chosen_on=dt.date(2026, 4, 15)
        ),
    )
    assert services.academy_stage_at(dt.date(2026, 1, 1)) == 1
    assert services.academy_stage_at(dt.date(2026, 5, 1)) == 2


@pytest.mark.django_db
def test_an_activity_whose_sectors_are_on_its_transactions_is_counted_by_its_money():
    services.import_iati(None, read(shared_file("iati", US)))

    jamaica = AidActivity.objects.get(identifier="US-GOV-11-JM-19JM3720P0541")
    assert jamaica.sectors == []  # the US government declares sectors per transaction
    assert jamaica.counter_narcotics_share == 1


def test_the_aid_list_names_publishers_and_countries_and_shows_amounts(make_user, login):
    coordinator = make_user(
        "camille",
        roles=["plan_coordinator"],
        organisation=make_organisation("MEAE", kind="ministry", country="FR"),
    )
    services.import_iati(None, read(shared_file("iati", US)))

    page = login(coordinator).get("/ressources/aide/?cn=1&q=19JM3720P0541").content.decode()
    row = page.split("US-GOV-11-JM-19JM3720P0541</a>")[1].split("</tr>")[0]

    assert "100\u202f%" in row and "0\u202f%" not in row.replace("100\u202f%", "")
    assert "Jamaïque" in row and ">JM<" not in row
    assert "Gouvernement des États-Unis" in row and "US-USAGOV" not in row
    assert re.search(r"2[\s\u202f\xa0]144,83", row)  # disbursed, with a thousands separator
    assert "USD" in row
