"""World regions of the UN M49 standard, by ISO 3166 alpha-2 code.

pycountry gives codes and names but no regions, and the plan counts agreements
"with countries of the region" (Latin America and the Caribbean), so the grouping
is written here once. Source: UN Statistics Division, M49 standard (regions 419,
021, 150, 002, 142, 009); Antarctica and a few uninhabited territories have none.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """A UN M49 region (Latin America and the Caribbean is M49 419)."""

    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")
    NORTHERN_AMERICA = "northern_america", _("Northern America")
    EUROPE = "europe", _("Europe")
    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    OCEANIA = "oceania", _("Oceania")


_MEMBERS = {
    Region.LATIN_AMERICA_CARIBBEAN: (
        "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN "
        "HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    Region.NORTHERN_AMERICA: "BM CA GL PM US",
    Region.EUROPE: (
        "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE "
        "LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK"
    ),
    Region.AFRICA: (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS "
        "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG "
        "YT ZA ZM ZW"
    ),
    Region.ASIA: (
        "AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK "
        "MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE"
    ),
    Region.OCEANIA: (
        "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
    ),
}

REGION_OF: dict[str, str] = {
    code: str(region) for region, codes in _MEMBERS.items() for code in codes.split()
}


def region_of(iso2: str) -> str:
    """Return the M49 region code of a country, or "" when it has none (Antarctica)."""
    return REGION_OF.get(iso2.upper(), "")
