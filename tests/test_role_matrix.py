"""Every edit and create page of partners, resources, plan and exchange, and every sanctions
page, against every demo role.

A page a role may not use answers 403 on GET too, not only when the form is posted:
the form itself is not shown to someone who could never save it.
"""

import pytest

from racine.core import demo
from racine.core.models import User
from racine.exchange.models import JointOperation
from racine.partners.models import Agreement
from racine.resources.models import StaffPost
from racine.sanctions.models import Designation, ListEntry

COORDINATOR = "coordination"
ATTACHE = "attache.mexique"  # embassy officer of the French embassy in Mexico
SANCTIONS = "sanctions"  # sanctions officer; coordinators review the regime's designations
EVERYONE = [user.username for user in demo.USERS]

# page → who may open it; everyone else gets 403 on GET.
PAGES = {
    "/partenaires/accords/nouveau/": {COORDINATOR, ATTACHE},
    "/partenaires/accords/{mexico_agreement}/modifier/": {COORDINATOR, ATTACHE},
    "/partenaires/accords/{other_agreement}/modifier/": {COORDINATOR},
    "/plan/objectifs/accords-region/modifier/": {COORDINATOR},
    "/ressources/moyens/nouveau/": {COORDINATOR, ATTACHE},
    "/ressources/postes/nouveau/": {COORDINATOR, ATTACHE},
    "/ressources/postes/{mexico_post}/": {COORDINATOR, ATTACHE},
    "/ressources/postes/{other_post}/": {COORDINATOR},
    "/ressources/aide/import/": {COORDINATOR},
    # sanctions: lists and screening for officers; regimes and designations for both
    "/sanctions/": {SANCTIONS},
    "/sanctions/importer/": {SANCTIONS},
    "/sanctions/listes/ftm:racine_demo/": {SANCTIONS},
    "/sanctions/listes/ftm:racine_demo/versions/1/": {SANCTIONS},
    "/sanctions/entrees/": {SANCTIONS},
    "/sanctions/entrees/{entry}/": {SANCTIONS},
    "/sanctions/criblage/": {SANCTIONS},
    "/sanctions/criblage/fichier/": {SANCTIONS},
    "/sanctions/regimes/": {SANCTIONS, COORDINATOR},
    "/sanctions/regimes/eu-oc/": {SANCTIONS, COORDINATOR},
    "/sanctions/regimes/eu-oc/etape/": {COORDINATOR},
    "/sanctions/regimes/eu-oc/export.csv": {SANCTIONS, COORDINATOR},
    "/sanctions/regimes/eu-oc/export.ftm": {SANCTIONS, COORDINATOR},
    "/sanctions/designations/": {SANCTIONS, COORDINATOR},
    "/sanctions/designations/nouvelle/": {SANCTIONS},
    "/sanctions/designations/{draft}/": {SANCTIONS, COORDINATOR},
    "/sanctions/designations/{draft}/modifier/": {SANCTIONS},
    "/sanctions/designations/{draft}/propose/": {SANCTIONS},
    "/sanctions/designations/{proposed}/review/": {COORDINATOR},
    "/sanctions/designations/{adopted}/amender/": {COORDINATOR},
    "/sanctions/designations/{adopted}/delist/": {COORDINATOR},
    # Embassy and partner officers start joint operations; the leader's officers edit them.
    "/echanges/operations/nouvelle/": {ATTACHE, "aduana.mexico", "diran.colombia", "senae.ecuador"},
    "/echanges/operations/{mexico_operation}/modifier/": {ATTACHE},
}
# Who takes part in the demo's France–Mexico operation: the others get 404 there.
MEXICO_OPERATION_MEMBERS = {ATTACHE, "aduana.mexico", "douane.havre"}


@pytest.fixture(scope="module")
def demo_data(demo_world, django_db_blocker):
    mexico = "Ambassade de France au Mexique"
    with django_db_blocker.unblock():
        return {
            "mexico_agreement": Agreement.objects.filter(
                lead_organisation__name=mexico
            ).values_list("pk", flat=True)[0],
            "other_agreement": Agreement.objects.exclude(lead_organisation__name=mexico)
            .exclude(partner_organisations__name=demo.CUSTOMS_MEXICO)
            .values_list("pk", flat=True)[0],
            "mexico_post": StaffPost.objects.filter(embassy__name=mexico).values_list(
                "pk", flat=True
            )[0],
            "other_post": StaffPost.objects.exclude(embassy__name=mexico).values_list(
                "pk", flat=True
            )[0],
            "entry": ListEntry.objects.values_list("pk", flat=True)[0],
            **{
                name: Designation.objects.filter(status=status).values_list("pk", flat=True)[0]
                for name, status in (
                    ("draft", "draft"),
                    ("proposed", "proposed"),
                    ("adopted", "adopted"),
                )
            },
            "mexico_operation": JointOperation.objects.get(code="FR-MX-2026-01").pk,
        }


@pytest.mark.parametrize("username", EVERYONE)
@pytest.mark.parametrize("page", PAGES)
def test_edit_pages_answer_403_on_get_to_roles_that_may_not_use_them(
    demo_data, client, username, page, db
):
    user = User.objects.get(username=username)
    client.force_login(user)
    response = client.get(page.format(**demo_data))
    expected = 200 if username in PAGES[page] else 403
    key = next((k for k in ("mexico_agreement", "other_agreement") if k in page), None)
    if key and not user.organisation.french_state:
        party = Agreement.objects.filter(pk=demo_data[key], partner_organisations=user.organisation)
        if not party.exists():
            expected = 404  # an agreement a partner may not see does not exist for them
    if "{mexico_operation}" in page and username not in MEXICO_OPERATION_MEMBERS:
        expected = 404  # an operation one takes no part in does not exist for them
    assert response.status_code == expected, (username, page)
    if expected == 403:
        assert b'name="csrfmiddlewaretoken"' not in response.content.split(b"<main")[-1]
