from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch (a cookie).

    Many intranet PCs run an English-language browser; Django's own LocaleMiddleware would follow the
    browser's Accept-Language header and show a Vietnamese clerk English number formats they never asked for.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
