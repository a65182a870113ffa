"""Build test records through the same services the application uses."""

from racine.core import services
from racine.core.models import Organisation

PASSWORD = "correct horse battery staple"


def make_organisation(name: str = "Ambassade de France au Mexique", **fields) -> Organisation:
    defaults = {"kind": "embassy", "country": "MX", "french_state": True}
    defaults.update(fields)
    existing = Organisation.objects.filter(name=name).first()
    if existing:
        return existing
    return services.create_organisation_unchecked(services.OrganisationData(name=name, **defaults))


def make_user(
    username: str,
    roles: list[str],
    organisation: Organisation | None = None,
    password: str = PASSWORD,
):
    organisation = organisation or make_organisation()
    data = services.UserData(
        username=username, organisation=organisation.pk, roles=roles, first_name=username.title()
    )
    return services.create_user_unchecked(data, password)
