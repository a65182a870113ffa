"""WSGI entry point, used by ``racine serve`` (gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racine.settings")
application = get_wsgi_application()
