from django.shortcuts import render
from django.utils.translation import gettext as _

from racine.partners import services


def index(request):
    return render(
        request,
        "partners/index.html",
        {"title": _("Partners"), "directory": services.directory(request.user)},
    )
