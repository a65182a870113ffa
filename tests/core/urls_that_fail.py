"""The application's URLs plus one view that fails, to see the 500 page a bug produces."""

from django.urls import path

from racine.urls import handler404, handler500, urlpatterns  # noqa: F401 — the handlers


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("en-panne/", broken), *urlpatterns]
