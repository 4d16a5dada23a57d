"""The demo logins: one user per role, all with the same published password."""

from accounts.models import Role, User
from admissions.models import Unit

from .district import DISTRICT_CODE

DEMO_PASSWORD = "Demo@2024"


def ensure_demo_users(district: Unit) -> list[tuple[str, str, str]]:
    """The three demo logins (one per role), created if missing; returns (username, role, unit) rows."""
    clerk_unit = Unit.objects.get(code=f"{DISTRICT_CODE}.TL")
    specs = [
        ("bantochuc", "Nguyễn Thị", "Hoa", Role.COMMITTEE_STAFF, district, True),
        ("vanthu.tanlap", "Trần Văn", "Nam", Role.UNIT_CLERK, clerk_unit, False),
        ("lanhdao", "Lê Quang", "Minh", Role.VIEWER, district, False),
    ]
    rows = []
    for username, first, last, role, unit, admin in specs:
        if not User.objects.filter(username=username).exists():
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                unit=unit,
                is_staff=admin,
                is_superuser=admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        rows.append((username, str(Role(role).label), unit.name))
    return rows
