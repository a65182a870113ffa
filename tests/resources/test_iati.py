"""The IATI engine on three real d-portal pages and on small samples written here.

The real files (AFD FR-3, the French foreign ministry FR-6, the US government) live in
``../shared/data/iati`` beside the repository; SOURCES.md section 6 says where they come from.
The figures below were added up by hand from those files, so a change in the engine that
moves a cent fails here.
"""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from racine.resources import iati
from racine.resources.iati import IatiError, parse
from tests.shared_data import shared_file

AFD_FILE = "dportal_covid_afd_FR-3_page17_2021-06.xml"
AFD_MEAE_FILE = "dportal_covid_afd_meae_FR-3_FR-6_page14_2021-05.xml"
US_FILE = "dportal_covid_usg_sector16063_page57_2021-05.xml"


def real_file(name: str) -> Path:
    return shared_file("iati", name)


def by_identifier(name: str) -> dict[str, iati.Activity]:
    return {activity.identifier: activity for activity in parse(real_file(name))}


def sample(*activities: str) -> str:
    """Wrap ``<iati-activity>`` bodies in a file, each activity paid in euros by default."""
    return (
        '<iati-activities version="2.03">'
        + "".join(
            f'<iati-activity default-currency="EUR" xml:lang="en">{body}</iati-activity>'
            for body in activities
        )
        + "</iati-activities>"
    )


def transaction(type_code: str, value: str, extra: str = "") -> str:
    return (
        f'<transaction><transaction-type code="{type_code}"/>'
        f'<transaction-date iso-date="2024-03-01"/><value>{value}</value>{extra}</transaction>'
    )


# Real files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [AFD_FILE, AFD_MEAE_FILE, US_FILE])
def test_every_real_file_parses_into_its_100_activities(name):
    assert len(parse(real_file(name))) == 100


def test_the_us_page_has_28_narcotics_control_activities_as_sources_md_says():
    activities = parse(real_file(US_FILE))

    narcotics = [a for a in activities if "16063" in a.dac_sector_codes]

    assert len(narcotics) == 28
    # The US declares sectors on each transaction, so only amounts (not the share) see them.
    assert all(a.counter_narcotics_amounts() for a in narcotics)


def test_jamaica_media_campaign_disbursed_2144_83_dollars_against_narcotics():
    campaign = by_identifier(US_FILE)["US-GOV-11-JM-19JM3720P0541"]

    # Lines 78 and 97: two disbursements (type 3), each on sector 16063 alone:
    # 1,989.66 + 155.17 = 2,144.83 USD
    assert campaign.counter_narcotics_amounts() == {("3", "USD"): Decimal("2144.83")}
    assert campaign.recipient_countries == (iati.Share("JM", Decimal(100)),)


def test_panama_activity_counts_only_its_narcotics_transactions():
    panama = by_identifier(US_FILE)["US-GOV-11-PA-19PM0720P0503"]

    # Seven disbursements; the 2,600.20 of line 9219 goes to sector 43010, not 16063:
    # -8,250 - 8,250 + 8,250 + 8,250 + 8,250 + 17,199.80 = 25,449.80 USD
    # (= 28,050.00 disbursed in all - 2,600.20)
    assert sum(t.value for t in panama.transactions) == Decimal("28050.00")
    assert panama.counter_narcotics_amounts() == {("3", "USD"): Decimal("25449.80")}


def test_its_commitment_was_moved_the_same_way():
    commitment = by_identifier(US_FILE)["US-GOV-11-PA-PR9229458"]

    # Commitments (type 2): -2,600.20 + 28,050 = 25,449.80 USD on 16063; +2,600.20 on 43010.
    assert commitment.counter_narcotics_amounts() == {("2", "USD"): Decimal("25449.80")}


def test_afd_titles_are_read_in_french():
    afd = by_identifier(AFD_FILE)

    # The activity says xml:lang="EN", its only title narrative says "FR": French wins.
    benin = afd["FR-3-CBJ1254"]
    assert benin.title.startswith("CV19HICT - EQUITE (Ensemble pour une QUalité des soins")
    assert benin.reporting_org == "FR-3"
    assert benin.default_currency == "EUR"
    assert benin.sectors[0] == iati.Sector("13020", "1", Decimal(100))
    # AFD published one empty French title; an empty narrative is no title.
    assert afd["FR-3-CBF140902"].title == ""


def test_ministry_activities_keep_their_microseconds():
    meae = by_identifier(AFD_MEAE_FILE)["FR-6-CD-1893"]

    assert meae.reporting_org == "FR-6"
    assert meae.last_updated.isoformat() == "2021-05-04T14:53:04.026776"


# Corrupted copies of a real file -----------------------------------------------------------


def test_a_truncated_file_is_refused_at_the_line_where_it_stops():
    content = real_file(US_FILE).read_bytes()
    half = content[: len(content) // 2]

    with pytest.raises(IatiError) as refused:
        parse(half)

    [problem] = refused.value.problems
    assert problem.line == half.count(b"\n") + 1
    assert "not well-formed XML" in problem.reason


def test_a_bad_value_and_a_missing_identifier_are_both_reported_with_their_lines():
    lines = real_file(US_FILE).read_bytes().splitlines(keepends=True)
    assert b">1989.66</value>" in lines[78 - 1]
    lines[78 - 1] = lines[78 - 1].replace(b"1989.66", b"abc")
    assert b"<iati-identifier>US-GOV-11-JM-19JM3720P0553<" in lines[137 - 1]
    lines[137 - 1] = b"\n"  # removed, without moving the lines below

    with pytest.raises(IatiError) as refused:
        parse(b"".join(lines))

    assert str(refused.value) == (
        "line 78: transaction value 'abc' is not a number "
        "(activity US-GOV-11-JM-19JM3720P0541)\n"
        "line 136: missing iati-identifier"  # the activity's own line
    )


# Small samples -----------------------------------------------------------------------------


def test_a_40_percent_narcotics_sector_counts_40_percent_of_each_transaction():
    [activity] = parse(
        sample(
            '<iati-identifier>XM-DAC-7-1</iati-identifier><recipient-country code="co"/>'
            '<sector code="15210" percentage="60"/><sector code="16063" percentage="40"/>'
            + transaction("2", "1000")
            + transaction("3", "250")
        )
    )

    assert activity.recipient_countries == (iati.Share("CO", Decimal(100)),)
    assert activity.counter_narcotics_share() == Decimal("0.4")
    # 1,000 × 40 % = 400 committed; 250 × 40 % = 100 disbursed
    assert activity.counter_narcotics_amounts() == {
        ("2", "EUR"): Decimal("400"),
        ("3", "EUR"): Decimal("100"),
    }


def test_a_transaction_with_its_own_sector_ignores_the_activitys():
    [activity] = parse(
        sample(
            '<iati-identifier>XM-DAC-7-2</iati-identifier><sector code="15210"/>'
            + transaction("3", "700", '<sector code="16063" vocabulary="1"/>')
            + transaction("3", "300")  # no sector of its own: the activity's 15210
        )
    )

    assert activity.counter_narcotics_share() == 0
    assert activity.counter_narcotics_amounts() == {("3", "EUR"): Decimal("700")}


def test_sectors_without_percentages_share_equally_within_their_vocabulary():
    [activity] = parse(
        sample(
            "<iati-identifier>XM-DAC-7-3</iati-identifier>"
            '<sector code="16063"/><sector code="15210"/>'
            '<sector code="42" vocabulary="99"/>'  # the publisher's own: not a DAC third
            + transaction("3", "90")
        )
    )

    assert activity.counter_narcotics_share() == Decimal("0.5")
    assert activity.counter_narcotics_amounts() == {("3", "EUR"): Decimal("45")}


def test_three_digit_categories_never_match_five_digit_codes():
    [activity] = parse(
        sample('<iati-identifier>XM-DAC-7-4</iati-identifier><sector code="160" vocabulary="2"/>')
    )

    assert activity.counter_narcotics_share() == 0
    assert activity.counter_narcotics_share(codes=frozenset({"160"})) == 1


def test_amounts_in_two_currencies_are_kept_apart():
    [activity] = parse(
        sample(
            '<iati-identifier>XM-DAC-7-5</iati-identifier><sector code="16063"/>'
            + transaction("3", "1000")  # in the default currency, EUR
            + transaction("3", "500").replace("<value>", '<value currency="USD">')
        )
    )

    assert activity.counter_narcotics_amounts() == {
        ("3", "EUR"): Decimal("1000"),
        ("3", "USD"): Decimal("500"),
    }


def test_titles_prefer_french_then_english_and_inherit_the_activity_language():
    [english_first, untagged_french] = parse(
        '<iati-activities version="2.03">'
        '<iati-activity xml:lang="EN"><iati-identifier>A</iati-identifier><title>'
        '<narrative>Narcotics control</narrative><narrative xml:lang="de">Drogen</narrative>'
        '<narrative xml:lang="fr">Lutte contre la drogue</narrative></title></iati-activity>'
        '<iati-activity xml:lang="fr"><iati-identifier>B</iati-identifier><title>'
        '<narrative xml:lang="es">Control</narrative><narrative>Contrôle</narrative>'
        "</title></iati-activity></iati-activities>"
    )

    assert english_first.title == "Lutte contre la drogue"
    assert untagged_french.title == "Contrôle"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<iati-identifier> </iati-identifier>", "missing iati-identifier"),
        (
            "<iati-identifier>A</iati-identifier>"
            '<transaction><transaction-date iso-date="2024-01-01"/><value>1</value></transaction>',
            "transaction without a transaction-type (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><transaction><transaction-type code="3"/>'
            "<value>1</value></transaction>",
            "transaction without a date (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><transaction><transaction-type code="3"/>'
            '<transaction-date iso-date="2024-01-01"/></transaction>',
            "transaction without a value (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><sector code="16063" percentage="1_00"/>',
            "percentage '1_00' is not a number (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><sector code="16063" percentage="150"/>',
            "percentage 150 is outside 0–100 (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><sector code="16063" percentage="40"/>'
            '<sector code="15210" percentage="50"/>',
            "sector percentages of vocabulary 1 add up to 90, not 100 (activity A)",
        ),
        (
            '<iati-identifier>A</iati-identifier><recipient-country code="COL"/>',
            "recipient-country code 'COL' is not two letters (activity A)",
        ),
    ],
)
def test_each_rule_refuses_the_file_and_names_the_problem(body, reason):
    with pytest.raises(IatiError) as refused:
        parse(sample(body))

    assert [problem.reason for problem in refused.value.problems] == [reason]


def test_rounded_percentages_are_accepted_and_still_make_a_whole():
    [activity] = parse(
        sample(
            '<iati-identifier>A</iati-identifier><sector code="16063" percentage="33.33"/>'
            '<sector code="31165" percentage="33.33"/><sector code="43050" percentage="33.33"/>'
        )
    )

    # 99.99 % in all is within rounding; narcotics control plus alternative development
    # is then the whole activity, not 99.99 % of it.
    assert activity.counter_narcotics_share(codes=frozenset({"16063", "31165", "43050"})) == 1


def test_a_duplicate_identifier_points_to_the_first():
    twice = "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>\n" * 2

    with pytest.raises(IatiError) as refused:
        parse("<iati-activities>\n" + twice + "</iati-activities>")

    assert str(refused.value) == "line 3: duplicate iati-identifier A (first at line 2)"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"", "line 1: not well-formed XML: Document is empty"),
        ("<iati-organisations/>", "line 1: root is <iati-organisations>, not <iati-activities>"),
        ("activities.xml", "pass a Path to read a file"),
    ],
)
def test_what_is_not_an_activity_file_is_refused(source, message):
    with pytest.raises(IatiError, match=message):
        parse(source)


def test_an_external_entity_cannot_read_a_local_file():
    attack = (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        "<iati-activities><iati-activity><iati-identifier>&e;</iati-identifier>"
        "</iati-activity></iati-activities>"
    )

    with pytest.raises(IatiError) as refused:
        parse(attack.encode())

    assert str(refused.value) == "document type declaration refused: IATI files have none"
    assert "root:" not in str(refused.value)


def test_the_engine_imports_no_django():
    tree = ast.parse(Path(iati.__file__).read_text())
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}

    assert not {m for m in modules if m and m.split(".")[0] == "django"}


def test_an_activity_with_sectors_only_on_its_transactions_takes_its_share_from_their_money():
    [activity] = parse(
        sample(
            "<iati-identifier>XM-DAC-7-9</iati-identifier>"
            + transaction("3", "750", '<sector code="16063" vocabulary="1"/>')
            + transaction("3", "250", '<sector code="15210" vocabulary="1"/>')
        )
    )

    assert activity.counter_narcotics_share() == Decimal("0.75")
