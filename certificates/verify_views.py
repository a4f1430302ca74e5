"""The public verification page `/verify/<code>/`, where a certificate's QR code points.

Anyone may open it, signed in or not; it shows only what docs/architecture.md allows
(recipient, unit, award, decision number and date, valid or revoked with the
date) and shares its per-client throttle with `/api/v1/verify/<code>/`.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from certificates.selectors import certificate_by_code, verification_data
from config.api import VerifyRateThrottle


class _PageThrottle(VerifyRateThrottle):
    """The API's throttle (same scope, same counter), applied to signed-in visitors too."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _finish(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def verify_page(request, code: str):
    throttle = _PageThrottle()
    if not throttle.allow_request(request, None):
        response = render(request, "certificates/verify.html", {"throttled": True}, status=429)
        wait = throttle.wait()
        if wait:
            response["Retry-After"] = str(int(wait) + 1)
        return _finish(response)
    certificate = certificate_by_code(code)
    if certificate is None:
        return _finish(render(request, "certificates/verify.html", {"not_found": True}, status=404))
    return _finish(render(request, "certificates/verify.html", {"info": verification_data(certificate)}))
