"""Request middleware: the language, who is acting (for the audit log), service errors as pages."""

from django.conf import settings
from django.db import DataError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from racine.core import audit
from racine.core.errors import InvalidInput, RacineError
from racine.core.limits import out_of_range_message
from racine.core.signals import client_address


class AuditContextMiddleware:
    """Make the signed-in user and their address the actor of every audit event of a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = audit.actor_for(getattr(request, "user", None), client_address(request))
        with audit.acting_as(actor):
            return self.get_response(request)

    def process_exception(self, request, exception):
        """Show a service error as a DSFR page with its status (the API has its own handler)."""
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, OverflowError | DataError):
            # A number beyond what the database holds, a date beyond the calendar's arithmetic.
            exception = InvalidInput(out_of_range_message())
        if isinstance(exception, RacineError):
            return render(request, "core/error.html", {"error": exception}, status=exception.status)
        return None


class FrenchFirstLocaleMiddleware:
    """Speak French unless the user chose another language (remembered in a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a ministry
    tool is French first, and Spanish or English only on request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
