"""Request plumbing: forbidden characters in any input channel, the Permissions-Policy header, the language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from awards.text import has_forbidden_characters


class ForbiddenCharactersMiddleware:
    """NUL in a query parameter reaches PostgreSQL as an error (a 500): stop it here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *(v for _k, vs in request.GET.lists() for v in vs), *request.GET.keys()]
        if any(has_forbidden_characters(v) for v in values):
            message = _("Yêu cầu chứa ký tự không hợp lệ.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese pages unless the user chose English with the switch.

    The API follows Accept-Language (API.md); the pages follow only the
    language cookie set by the switch, so an office PC with an English browser
    still shows Vietnamese.
    """

    def process_request(self, request):
        if request.path.startswith("/api/") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None


class PermissionsPolicyMiddleware:
    """Django has no setting for this header: the pages need no camera, location, payment..."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
