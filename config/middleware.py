from django.middleware.locale import LocaleMiddleware
from django.utils.cache import add_never_cache_headers


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch (a cookie).

    Many intranet PCs run an English-language browser; Django's own LocaleMiddleware would follow the
    browser's Accept-Language header and show a Vietnamese clerk English number formats they never asked for.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class NoStoreForUsersMiddleware:
    """Every answer to a logged-in user carries personal data (members' names, national IDs, exports), so no
    browser or proxy may keep a copy: Cache-Control: no-store. Static files are answered by WhiteNoise
    before this runs and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
