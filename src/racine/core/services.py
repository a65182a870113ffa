"""Business rules for organisations, users and API tokens.

Pages, API and CLI all call these functions; each checks the caller's role itself,
so no entry point can forget to. Callers own the transaction (``transaction.atomic``
around the call); the audit entries written by the change land in the same one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from racine.core import audit, db
from racine.core.choices import AuditAction, OrganisationKind, RoleCode
from racine.core.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from racine.core.models import ApiToken, Country, Organisation, Role, User
from racine.core.permissions import require_role

TOKEN_PREFIX = "rac_"  # noqa: S105  (a marker, not a secret)
# A token's use is recorded again after this long, or at once from another address.
TOKEN_USE_INTERVAL = dt.timedelta(minutes=1)

# --- organisations ------------------------------------------------------------------


@dataclass
class OrganisationData:
    """The editable fields of an organisation."""

    name: str
    kind: str
    country: str
    acronym: str = ""
    french_state: bool = False
    active: bool = True


def list_organisations(user, search: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Return the organisations a user may see, filtered.

    Staff of French State services see every organisation; a partner agency's officer sees
    the French services and their own agency, not the other partners France works with.
    """
    if not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    queryset = Organisation.objects.select_related("country")
    if user.organisation is None or not user.organisation.french_state:
        queryset = queryset.filter(Q(french_state=True) | Q(pk=user.organisation_id))
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def visible_organisations(user) -> QuerySet[Organisation]:
    """Return every organisation ``user`` may see (none without a signed-in user).

    The one visibility query behind the API's list and every page's choice list.
    """
    if user is None or not user.is_authenticated:
        return Organisation.objects.none()
    return list_organisations(user)


def get_organisation(user, pk: int) -> Organisation:
    """Return one organisation or raise :class:`NotFound`."""
    try:
        return list_organisations(user).get(pk=pk)
    except Organisation.DoesNotExist:
        raise NotFound(_("No organisation with id %(id)s.") % {"id": pk}) from None


def _apply_organisation(organisation: Organisation, data: OrganisationData) -> Organisation:
    if data.kind not in OrganisationKind.values:
        raise InvalidInput(
            _("Unknown organisation kind: %(kind)s.") % {"kind": data.kind}, field="kind"
        )
    name = data.name.strip()
    if not name:
        raise InvalidInput(_("A name is required."), field="name")
    clash = Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk)
    if clash.exists():
        raise Conflict(
            _("An organisation named %(name)s already exists.") % {"name": name}, field="name"
        )
    try:
        organisation.country = Country.objects.get(pk=data.country.upper())
    except Country.DoesNotExist:
        raise InvalidInput(
            _("Unknown country code: %(code)s.") % {"code": data.country}, field="country"
        ) from None
    organisation.name = name
    organisation.acronym = data.acronym.strip()
    organisation.kind = data.kind
    organisation.french_state = data.french_state
    organisation.active = data.active
    organisation.save()
    return organisation


def create_organisation(user, data: OrganisationData) -> Organisation:
    """Create an organisation (administrators only)."""
    require_role(user, RoleCode.ADMINISTRATOR)
    return _apply_organisation(Organisation(), data)


def create_organisation_unchecked(data: OrganisationData) -> Organisation:
    """Create an organisation without a caller (the demo data and tests' factories)."""
    return _apply_organisation(Organisation(), data)


def update_organisation(user, pk: int, data: OrganisationData) -> Organisation:
    """Change an organisation (administrators only)."""
    require_role(user, RoleCode.ADMINISTRATOR)
    return _apply_organisation(get_organisation(user, pk), data)


# --- users --------------------------------------------------------------------------


@dataclass
class UserData:
    """The editable fields of a user account."""

    username: str
    organisation: int | None
    roles: list[str]
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    is_active: bool = True


def list_users(user, search: str = "", role: str = "") -> QuerySet[User]:
    """Return user accounts, filtered (administrators only)."""
    require_role(user, RoleCode.ADMINISTRATOR)
    queryset = User.objects.select_related("organisation").prefetch_related("roles")
    if search:
        queryset = queryset.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    if role:
        queryset = queryset.filter(roles__code=role)
    return queryset


def get_user(user, pk: int) -> User:
    """Return one user account or raise :class:`NotFound` (administrators only)."""
    try:
        return list_users(user).get(pk=pk)
    except User.DoesNotExist:
        raise NotFound(_("No user with id %(id)s.") % {"id": pk}) from None


def _check_password(password: str, account: User) -> None:
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from None


def _keep_an_administrator(caller, account: User, data: UserData) -> None:
    """Refuse a change that leaves no administrator, or removes the caller's own role."""
    administrator = str(RoleCode.ADMINISTRATOR)
    stays = administrator in data.roles and data.is_active
    if account.pk is None or stays:
        return
    active_administrators = User.objects.filter(is_active=True, roles__code=administrator)
    db.lock_administrators()
    # Read after the lock: a concurrent demotion has landed by now.
    if not active_administrators.filter(pk=account.pk).exists():
        return
    if caller is not None and caller.pk == account.pk:
        raise Conflict(
            _("You cannot remove your own administrator role nor deactivate your account."),
            field="roles",
        )
    if caller is not None and not active_administrators.filter(pk=caller.pk).exists():
        raise PermissionDenied(_("You are no longer an administrator."))
    if not active_administrators.exclude(pk=account.pk).exists():
        raise Conflict(
            _("%(name)s is the last administrator: make someone else administrator first.")
            % {"name": account.username},
            field="roles",
        )


def _apply_user(
    account: User, data: UserData, password: str | None, caller: User | None = None
) -> User:
    username = data.username.strip()
    if not username:
        raise InvalidInput(_("A username is required."), field="username")
    if User.objects.filter(username__iexact=username).exclude(pk=account.pk).exists():
        raise Conflict(_("The username %(name)s is taken.") % {"name": username}, field="username")
    unknown = set(data.roles) - set(RoleCode.values)
    if unknown:
        raise InvalidInput(
            _("Unknown role: %(role)s.") % {"role": ", ".join(sorted(unknown))}, field="roles"
        )
    if not data.roles:
        raise InvalidInput(_("A user needs at least one role."), field="roles")
    _keep_an_administrator(caller, account, data)
    organisation = None
    if data.organisation is not None:
        organisation = Organisation.objects.filter(pk=data.organisation).first()
        if organisation is None:
            raise InvalidInput(_("Unknown organisation."), field="organisation")
    account.username = username
    account.organisation = organisation
    account.first_name = data.first_name.strip()
    account.last_name = data.last_name.strip()
    account.email = data.email.strip()
    account.is_active = data.is_active
    if password is not None:
        _check_password(password, account)
        account.set_password(password)
    account.save()
    current = set(account.roles.values_list("code", flat=True))
    wanted = set(data.roles)
    if current - wanted:
        account.roles.remove(*Role.objects.filter(code__in=current - wanted))
    if wanted - current:
        account.roles.add(*Role.objects.filter(code__in=wanted - current))
    if hasattr(account, "_role_codes"):
        del account._role_codes
    return account


def create_user(user, data: UserData, password: str) -> User:
    """Create a user account with a password (administrators only)."""
    require_role(user, RoleCode.ADMINISTRATOR)
    return _apply_user(User(), data, password)


def update_user(user, pk: int, data: UserData, password: str | None = None) -> User:
    """Change a user account; a password, if given, replaces the old one (administrators only)."""
    require_role(user, RoleCode.ADMINISTRATOR)
    return _apply_user(get_user(user, pk), data, password or None, caller=user)


def create_user_unchecked(data: UserData, password: str) -> User:
    """Create a user account without a caller (``racine createuser`` and the demo data)."""
    return _apply_user(User(), data, password)


def unlock_user(user, pk: int) -> int:
    """Lift a login lock-out on an account; return how many failure records were cleared."""
    from axes.utils import reset

    account = get_user(user, pk)
    cleared = reset(username=account.username)
    audit.record(AuditAction.UPDATE, account, {"login_lockout": ["locked", "unlocked"]})
    return cleared


# --- API tokens ---------------------------------------------------------------------


def _digest(secret: str) -> str:
    # Tokens are 256-bit random strings, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it and its secret, which is never stored."""
    if not user.is_authenticated:
        raise NotAuthenticated(_("Authentication is required."))
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the token a name."), field="name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=secret[:12], digest=_digest(secret)
    )
    return token, secret


def list_tokens(user) -> QuerySet[ApiToken]:
    """Return the caller's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user)


def revoke_token(user, pk: int) -> ApiToken:
    """Revoke one of the caller's own tokens; revoking twice changes nothing."""
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise NotFound(_("No token with id %(id)s.") % {"id": pk})
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _active_token(secret: str) -> ApiToken | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user__organisation")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def token_user(secret: str) -> User | None:
    """Return the active owner of an active token with this secret, without recording a use."""
    token = _active_token(secret)
    return token.user if token is not None else None


def authenticate_token(secret: str, client_address: str | None = None) -> User | None:
    """Return the active user owning an active token with this secret, and audit the use.

    A use is recorded like a sign-in, not like an access log: the token's last use and a
    ``token_use`` audit entry are written when the token was not used in the last
    :data:`TOKEN_USE_INTERVAL` from the same address — so a new address is always on
    record — and a busy partner system does not write on every read (under SQLite every
    write waits for the single writer). What the caller then reads or writes is audited
    by itself, with the same client address.
    """
    token = _active_token(secret)
    if token is None:
        return None
    now = timezone.now()
    recent = token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_INTERVAL
    if recent and token.last_used_from == client_address:
        return token.user
    actor = audit.actor_for(token.user, client_address)
    # Compare and set: of two requests that read the same last use, one records it.
    # Compare and set (``None`` compares as IS NULL): of two requests that read the
    # same last use, one records it.
    last_use = Q(last_used_at=token.last_used_at, last_used_from=token.last_used_from)
    # One short write transaction for both (SQLite's single writer is taken once).
    with transaction.atomic():
        # update() skips change tracking on purpose: the use itself is the audit event.
        recorded = ApiToken.objects.filter(last_use, pk=token.pk).update(
            last_used_at=now, last_used_from=client_address
        )
        if recorded:
            audit.record(AuditAction.TOKEN_USE, token, {}, actor=actor)
    return token.user


# --- audit checkpoints ------------------------------------------------------------------


def write_audit_checkpoint():
    """Append a signed checkpoint of the audit chain's head outside the database (daily)."""
    return audit.write_checkpoint()


def latest_audit_checkpoint():
    """Return the latest valid checkpoint of the audit chain (for the briefing note), or None."""
    return audit.latest_checkpoint()


# --- reference data -----------------------------------------------------------------


def ensure_roles(codes: Iterable[str] = RoleCode.values) -> None:
    """Create the fixed roles that do not exist yet."""
    for code in codes:
        Role.objects.get_or_create(code=code)
