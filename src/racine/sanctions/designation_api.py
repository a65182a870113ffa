"""REST endpoints of the regimes and their designations.

Read by sanctions officers and plan coordinators; officers draft and propose, coordinators
review, adopt, amend and delist (never their own drafts). Adopted designations are the
regime's list: screened by `/sanctions/match` with `list` = the regime's code, exported
here as FollowTheMoney JSON lines or CSV.
"""

from __future__ import annotations

from typing import Literal

from django.db import transaction
from django.http import HttpResponse
from ninja import Router, Status

from racine.core.pages import export_table
from racine.sanctions import designations as service
from racine.sanctions.designation_schemas import (
    DesignationDetail,
    DesignationIn,
    DesignationOut,
    NewDesignationIn,
    RegimeDetail,
    RegimeOut,
    StageIn,
    StageOut,
    TransitionIn,
)

router = Router(tags=["sanctions"])


@router.get("/sanctions/regimes", response=list[RegimeOut])
def list_regimes(request):
    """List the sanctions regimes Racine prepares designations for, with their stage."""
    return list(service.list_regimes(request.user))


@router.get("/sanctions/regimes/{code}", response=RegimeDetail)
def get_regime(request, code: str):
    """Return a regime with the stages it reached (date, evidence, reference)."""
    return service.get_regime(request.user, code)


@router.post("/sanctions/regimes/{code}/stages", response={201: StageOut})
def record_stage(request, code: str, payload: StageIn):
    """Record a stage the regime reached, with its evidence (plan coordinators).

    The plan's objective on the European regime reads it from that date.
    """
    with transaction.atomic():
        return Status(201, service.record_stage(request.user, code, payload.to_data()))


@router.get("/sanctions/regimes/{code}/export")
def export_list(request, code: str, format: Literal["ftm", "csv"] = "ftm"):  # noqa: A002
    """Download the regime's list (adopted and amended designations).

    `format=ftm`: FollowTheMoney JSON lines, one target and one `Sanction` per designation
    (readable by `racine sanctions import --format ftm`). `format=csv`: one row each.
    """
    if format == "ftm":
        response = HttpResponse(
            service.export_ftm(request.user, code), content_type="application/x-ndjson"
        )
        response["Content-Disposition"] = f'attachment; filename="{code}.ftm.json"'
        return response
    return export_table("csv", code, service.CSV_COLUMNS, service.export_rows(request.user, code))


@router.get("/sanctions/designations", response=list[DesignationOut])
def list_designations(request, regime: str = "", status: str = ""):
    """List designations, optionally of one regime and in one state."""
    found = service.get_regime(request.user, regime) if regime else None
    return list(service.list_designations(request.user, found, status[:20]))


def _detail(request, designation):
    designation.history = list(service.history(request.user, designation))
    designation.exchange_items = [i.pk for i in service.linked_items(request.user, designation)]
    return designation


@router.get("/sanctions/designations/{pk}", response=DesignationDetail)
def get_designation(request, pk: int):
    """Return a designation with its full history (every step and every changed field).

    Linked exchange items are listed only when you may see them.
    """
    return _detail(request, service.get_designation(request.user, pk))


@router.post("/sanctions/designations", response={201: DesignationDetail})
def create_designation(request, payload: NewDesignationIn):
    """Draft a designation for a regime (sanctions officers)."""
    with transaction.atomic():
        designation = service.create_designation(request.user, payload.regime, payload.to_data())
    return Status(201, _detail(request, designation))


@router.put("/sanctions/designations/{pk}", response=DesignationDetail)
def update_designation(request, pk: int, payload: DesignationIn):
    """Replace a draft's content (sanctions officers); later changes go through `amend`."""
    with transaction.atomic():
        designation = service.update_draft(request.user, pk, payload.to_data())
    return _detail(request, designation)


@router.post("/sanctions/designations/{pk}/transitions", response=DesignationDetail)
def transition(request, pk: int, payload: TransitionIn):
    """Move a designation one step: `propose` (officers), `review`, `send_back`, `adopt`,
    `amend`, `delist` (coordinators other than the author).

    `adopt`, `amend` and `delist` need `legal_act_reference` and `legal_act_date`; `amend`
    also `amendment`, the new content. A step the state does not allow answers 409; two
    steps sent at once are applied one after the other, so the second is refused.
    """
    with transaction.atomic():
        designation = service.transition(request.user, pk, payload.to_data())
    return _detail(request, designation)
