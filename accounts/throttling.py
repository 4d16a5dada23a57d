"""Login throttling (django-axes, configured in config/settings.py): which address a login comes from."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip(request) -> str | None:
    """The browser's address: behind the TLS proxy the header it sets (CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP),
    otherwise the connection's. Only a proxy that always overwrites that header may be trusted with it."""
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check of a lock, before any password is compared. An authentication with no request (a
    management command, a script) comes from no address, so there is nothing to throttle: it passes to the
    next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
