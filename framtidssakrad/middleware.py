"""Swedish first: the interface is Swedish unless the user picked English with the switch."""


class SwedishFirstMiddleware:
    """Drops the browser's Accept-Language before LocaleMiddleware reads it, so the language is
    the one chosen with the language switch (a cookie) or else LANGUAGE_CODE (Swedish)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
