"""The pending import of a user (admissions.services.imports writes it)."""

from ..models import PendingImport


def pending_import(*, user, token: object, kind: str = "member") -> PendingImport | None:
    """The user's unconfirmed, fresh file `token` of an import of `kind`, or None."""
    if not token:
        return None
    return PendingImport.objects.of(user, token, kind).fresh().filter(imported_at__isnull=True).first()
