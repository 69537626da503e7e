"""WSGI entry point, served by waitress via `kneewise serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kneewise.web.settings")
application = get_wsgi_application()
