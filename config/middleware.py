"""Request plumbing: forbidden characters in any input channel, the Permissions-Policy header, the language."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from awards.text import has_forbidden_characters


class ForbiddenCharactersMiddleware:
    """NUL, lone surrogates and bidi controls: refused in the path, the query string and the
    pages' form posts (field names, values, file names). API bodies are checked by their
    parsers (config.parsers). NUL would otherwise reach PostgreSQL as an error (a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path.startswith("/api/")
        if _holds_forbidden(request, with_body=not is_api and request.method == "POST"):
            message = _(
                "Yêu cầu chứa ký tự không hợp lệ (NUL, mã thay thế lẻ hoặc ký tự đảo chiều văn bản). "
                "Hãy xóa các ký tự này rồi gửi lại."
            )
            if is_api:
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _holds_forbidden(request, *, with_body: bool) -> bool:
    sources = [request.GET]
    if with_body:
        sources.append(request.POST)
    values = [request.path]
    for source in sources:
        for key, items in source.lists():
            values.append(key)
            values.extend(items)
    if with_body:
        values.extend(upload.name or "" for upload in request.FILES.values())
    return any(has_forbidden_characters(value) for value in values)


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese pages unless the user chose English with the switch.

    The API follows Accept-Language (docs/api-notes.md); the pages follow only the
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
