"""Pages of the core: home, sign-in, health, administration, personal API tokens.

Views parse forms, call :mod:`racine.core.services` inside a transaction and render;
the rules (who may do what, what is valid) live in the services.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from racine.core import services
from racine.core.choices import AuditAction, OrganisationKind, RoleCode
from racine.core.collation import collated
from racine.core.context_processors import visible_sections
from racine.core.forms import LoginForm, OrganisationForm, TokenForm, UserForm
from racine.core.models import AuditEntry
from racine.core.pages import record_table, save_form
from racine.core.permissions import role_required

logger = logging.getLogger(__name__)
ADMIN_TABS = "core/admin/_tabs.html"


def yesno(value: bool) -> str:
    return _("yes") if value else _("no")


# What each section's tile on the home page says.
SECTION_PURPOSES = {
    "plan:dashboard": gettext_lazy("Objectives of the plan, computed from live records."),
    "resources:posts": gettext_lazy("Specialised staff, means, development aid and the academy."),
    "partners:index": gettext_lazy("Partner countries, agencies and cooperation agreements."),
    "core:section-exchange": gettext_lazy(
        "Seizure reports, alerts, requests and joint operations."
    ),
    "sanctions:index": gettext_lazy("Designations, official lists and screening."),
    "core:section-intel": gettext_lazy("Entities, networks, routes and trends."),
}


def home(request):
    sections = [
        (label, SECTION_PURPOSES[name], name)
        for label, name in visible_sections(request.user)
        if name in SECTION_PURPOSES
    ]
    return render(request, "core/home.html", {"title": _("Home"), "sections": sections})


# The capabilities whose issues have not landed yet say so plainly instead of faking data.
UPCOMING = {
    "exchange": (
        gettext_lazy("Exchange"),
        gettext_lazy("Sharing of seizure reports, alerts and requests under agreements."),
    ),
    "intel": (
        gettext_lazy("Intelligence"),
        gettext_lazy("Entity resolution, networks, routes and trends."),
    ),
}


def section(request, name: str):
    title, purpose = UPCOMING[name]
    return render(request, "core/section.html", {"title": title, "purpose": purpose})


@login_not_required
@require_GET
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise (for load balancers and probes)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; details stay in the logs
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": gettext_lazy("Sign in")}


# --- administration -----------------------------------------------------------------


@role_required(RoleCode.ADMINISTRATOR)
def admin_home(request):
    return redirect("core:organisations")


@role_required(RoleCode.ADMINISTRATOR)
def organisations(request):
    search, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    return record_table(
        request,
        title=_("Organisations"),
        heading=_("Administration"),
        tabs=ADMIN_TABS,
        columns=[_("Name"), _("Kind"), _("Country"), _("French State service"), _("Active")],
        records=collated(services.list_organisations(request.user, search, kind)),
        row=lambda o: [
            {
                "text": f"{o.name} ({o.acronym})" if o.acronym else o.name,
                "url": reverse("core:organisation-edit", args=[o.pk]),
            },
            o.get_kind_display(),
            o.country.name,
            yesno(o.french_state),
            yesno(o.active),
        ],
        export_name="organisations",
        filters=[
            {"name": "q", "label": _("Search by name"), "value": search},
            {
                "name": "kind",
                "label": _("Kind"),
                "options": OrganisationKind.choices,
                "value": kind,
            },
        ],
        new_url=reverse("core:organisation-new"),
        new_label=_("New organisation"),
    )


def _organisation_data(form) -> services.OrganisationData:
    data = dict(form.cleaned_data)
    data["country"] = data["country"].pk
    return services.OrganisationData(**data)


@role_required(RoleCode.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int | None = None):
    organisation = services.get_organisation(request.user, pk) if pk else None
    initial = {}
    if organisation:
        initial = {
            "name": organisation.name,
            "acronym": organisation.acronym,
            "kind": organisation.kind,
            "country": organisation.country_id,
            "french_state": organisation.french_state,
            "active": organisation.active,
        }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if organisation:

            def save():
                return services.update_organisation(request.user, pk, _organisation_data(form))
        else:

            def save():
                return services.create_organisation(request.user, _organisation_data(form))

        if save_form(request, form, save, _("Organisation saved.")):
            return redirect("core:organisations")
    title = _("Edit organisation") if organisation else _("New organisation")
    return render(
        request,
        "core/admin/form.html",
        {"title": title, "form": form, "back": "core:organisations"},
    )


@role_required(RoleCode.ADMINISTRATOR)
def users(request):
    search, role = request.GET.get("q", ""), request.GET.get("role", "")
    return record_table(
        request,
        title=_("Users"),
        heading=_("Administration"),
        tabs=ADMIN_TABS,
        columns=[_("Username"), _("Name"), _("Organisation"), _("Roles"), _("Active")],
        records=services.list_users(request.user, search, role),
        row=lambda u: [
            {"text": u.username, "url": reverse("core:user-edit", args=[u.pk])},
            u.get_full_name(),
            u.organisation.name if u.organisation else None,
            ", ".join(str(r) for r in u.roles.all()),
            yesno(u.is_active),
        ],
        export_name="users",
        filters=[
            {"name": "q", "label": _("Search by name or email"), "value": search},
            {"name": "role", "label": _("Role"), "options": RoleCode.choices, "value": role},
        ],
        new_url=reverse("core:user-new"),
        new_label=_("New user"),
    )


@role_required(RoleCode.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int | None = None):
    account = services.get_user(request.user, pk) if pk else None
    initial = {}
    if account:
        initial = {
            "username": account.username,
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
            "organisation": account.organisation_id,
            "roles": sorted(account.role_codes()),
            "is_active": account.is_active,
        }
    form = UserForm(
        request.POST or None, initial=initial, creating=account is None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        data["organisation"] = data["organisation"].pk if data["organisation"] else None
        user_data = services.UserData(**data)
        if account:

            def save():
                return services.update_user(request.user, pk, user_data, password)
        else:

            def save():
                return services.create_user(request.user, user_data, password)

        if save_form(request, form, save, _("User saved.")):
            return redirect("core:users")
    title = _("Edit user") if account else _("New user")
    return render(
        request,
        "core/admin/form.html",
        {"title": title, "form": form, "back": "core:users", "account": account},
    )


@role_required(RoleCode.ADMINISTRATOR)
@require_POST
def user_unlock(request, pk: int):
    with transaction.atomic():
        services.unlock_user(request.user, pk)
    messages.success(request, _("Login lock-out lifted."))
    return redirect("core:user-edit", pk=pk)


@role_required(RoleCode.ADMINISTRATOR)
def audit_log(request):
    entries = AuditEntry.objects.all()
    actor, action = request.GET.get("actor", ""), request.GET.get("action", "")
    if actor:
        entries = entries.filter(actor__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    return record_table(
        request,
        title=_("Audit log"),
        heading=_("Administration"),
        tabs=ADMIN_TABS,
        intro=_(
            "The audit log is append-only and hash-chained; nobody can edit or delete an "
            "entry. Run “racine audit verify” to prove it intact."
        ),
        columns=[
            "#",
            _("When"),
            _("User"),
            _("Organisation"),
            _("Action"),
            _("Object"),
            _("Changed fields"),
            _("Client address"),
        ],
        records=entries,
        row=lambda e: [
            e.sequence,
            e.at,
            e.actor or None,
            e.organisation or None,
            e.get_action_display(),
            f"{e.object_type} {e.object_repr}".strip(),
            ", ".join(e.changes) or None,
            e.client_address,
        ],
        export_name="audit-log",
        filters=[
            {"name": "actor", "label": _("User"), "value": actor},
            {
                "name": "action",
                "label": _("Action"),
                "options": AuditAction.choices,
                "value": action,
            },
        ],
    )


# --- personal API tokens ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _token, secret = services.create_token(request.user, form.cleaned_data["name"])
        form = TokenForm()
    return render(
        request,
        "core/tokens.html",
        {
            "title": _("My API tokens"),
            "form": form,
            "secret": secret,
            "tokens": services.list_tokens(request.user),
        },
    )


@require_POST
def token_revoke(request, pk: int):
    with transaction.atomic():
        services.revoke_token(request.user, pk)
    messages.success(request, _("Token revoked."))
    return redirect("core:tokens")
