"""Middleware for every page: UI preferences (large type, 适老化) and security headers."""

from django.conf import settings

COOKIE = "dwgk_large"


class UiPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.large_type = request.COOKIES.get(COOKIE) == "1"
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django 5.2 has neither).

    Referrer-Policy, X-Content-Type-Options, HSTS and the HTTPS redirect come from Django's
    SecurityMiddleware; X-Frame-Options from the clickjacking middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.DWGK_CSP
        self.permissions = settings.DWGK_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
