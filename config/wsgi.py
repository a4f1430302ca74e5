import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# The loaded code, settings and catalogues live as long as the worker: keep them out of
# the cyclic collector, whose full passes over them took ~100 ms in whichever request
# happened to trigger one (a 500-line decision issue triggered one every time).
gc.collect()
gc.freeze()
