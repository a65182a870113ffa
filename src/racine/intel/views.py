"""Pages of the intel app: the review queue, the entity page and its network.

Every page reads through :mod:`racine.intel.services`, which starts from the named
entities of the items the reader may see; an entity they may not see is a 404 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from racine.core.errors import NotFound, RacineError
from racine.core.pages import paginate
from racine.core.permissions import require_role
from racine.intel import networks, services
from racine.intel.forms import DecisionForm, DepthForm, PathForm, SeparateForm


def review_queue(request, forms_by_pair=None, status: int = 200):
    """The pairs awaiting review that the analyst may see, each with its verdict form."""
    require_role(request.user, *services.REVIEWERS)
    page = paginate(request, services.review_queue(request.user), 25)
    records = services.records_of(request.user, page.object_list)
    forms_by_pair = forms_by_pair or {}
    pairs = [
        {
            "link": link,
            "left": records[link.left_id],
            "right": records[link.right_id],
            "form": forms_by_pair.get(
                (link.left_id, link.right_id), DecisionForm(initial={"revises": 0})
            ),
        }
        for link in page.object_list
    ]
    return render(
        request,
        "intel/review.html",
        {"title": _("Pairs to review"), "page": page, "pairs": pairs},
        status=status,
    )


@require_POST
def decide(request, left: int, right: int):
    """Record a verdict on a pair; a refusal shows the queue with the form's errors (400)."""
    require_role(request.user, *services.REVIEWERS)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = services.DecisionData(left, right, **form.cleaned_data)
        try:
            with transaction.atomic():
                services.decide(request.user, data)
        except RacineError as error:
            if error.status == 404:
                raise
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.detail)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("intel:review")
    return review_queue(request, {tuple(sorted((left, right))): form}, status=400)


def _entity_page(request, pk: int, separate_form=None, status: int = 200):
    cluster = services.entity_cluster(request.user, pk)
    others = [record for record in cluster.records if record.pk != pk]
    may_review = services.may_review(request.user)
    return render(
        request,
        "intel/entity.html",
        {
            "title": cluster.entity.name or str(cluster.entity),
            "cluster": cluster,
            "separate_form": separate_form
            or (SeparateForm(records=others) if may_review and others else None),
        },
        status=status,
    )


def entity_detail(request, pk: int):
    """An entity: its cluster's visible records, the items they appear in, a timeline."""
    return _entity_page(request, pk)


@require_POST
def separate(request, pk: int):
    """Take a record out of the entity's cluster (un-merge): a *different* verdict."""
    require_role(request.user, *services.REVIEWERS)
    cluster = services.entity_cluster(request.user, pk)
    others = [record for record in cluster.records if record.pk != pk]
    form = SeparateForm(request.POST, records=others)
    if form.is_valid():
        other = form.cleaned_data["record"]
        data = services.DecisionData(
            pk,
            other,
            "different",
            form.cleaned_data["reason"],
            services.current_revision(pk, other),
        )
        try:
            with transaction.atomic():
                services.decide(request.user, data)
        except RacineError as error:
            form.add_error(error.field if error.field in form.fields else None, error.detail)
        else:
            messages.success(request, _("The record is no longer joined to this entity."))
            return redirect("intel:entity", pk=pk)
    return _entity_page(request, pk, separate_form=form, status=400)


def _depth(request) -> tuple[DepthForm, int]:
    form = DepthForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["profondeur"] or 1
    return form, 1


def entity_network(request, pk: int):
    """An entity's neighbourhood: a picture, the table of its nodes, central nodes,
    communities, and the shortest path to another entity (``?vers=``)."""
    depth_form, depth = _depth(request)
    view = networks.entity_network(request.user, pk, depth)
    path_form, path, path_asked = PathForm(), None, "vers" in request.GET
    if path_asked:
        path_form = PathForm(request.GET)
        if path_form.is_valid():
            try:
                path = networks.entity_path(request.user, pk, path_form.cleaned_data["vers"])
            except NotFound as error:
                path_form.add_error("vers", error.detail)
    status = 400 if depth_form.errors or path_form.errors else 200
    return render(
        request,
        "intel/network.html",
        {
            "title": _("Network of %(name)s") % {"name": view.entity.name or str(view.entity)},
            "view": view,
            "depth_form": depth_form,
            "depths": range(1, 4),
            "path_form": path_form,
            "path": path,
            "path_asked": path_asked and not path_form.errors,
            "max_nodes": networks.MAX_NODES,
            "width": networks.WIDTH,
            "height": networks.HEIGHT,
        },
        status=status,
    )


def entity_network_graphml(request, pk: int):
    """Download an entity's neighbourhood, as the reader sees it, as GraphML."""
    _form, depth = _depth(request)
    content = networks.entity_graphml(request.user, pk, depth)
    response = HttpResponse(content, content_type="application/graphml+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reseau-{pk}.graphml"'
    return response
