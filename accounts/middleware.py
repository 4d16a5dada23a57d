from django.shortcuts import redirect

# What a user who must change a temporary password may still reach.
ALLOWED_WHILE_CHANGING = frozenset({"password_change", "logout", "set_language"})


class PasswordChangeRequiredMiddleware:
    """A user given a one-time password (created or reset by committee staff) must choose their own before
    anything else: every page sends them to the password change page until they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and (match.url_name in ALLOWED_WHILE_CHANGING or match.namespace == "admin"):
            return None
        return redirect("password_change")
