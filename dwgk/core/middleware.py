"""UI preferences that apply to every page: large type (适老化)."""

COOKIE = "dwgk_large"


class UiPreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.large_type = request.COOKIES.get(COOKIE) == "1"
        return self.get_response(request)
