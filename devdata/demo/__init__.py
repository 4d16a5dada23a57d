"""The demo district of Tân Phong (DOMAIN.md section 7), built deterministically for trying the app out.

district  the design: committees, organisations, cells and their 2023 quotas and results
tree      creating the units          quotas   the quotas from 2022 to the current year
members   the members and their probation      users    the demo logins
load      load_demo(): all of it, once
"""

from .district import DISTRICT_CODE, PROVINCE_CODE
from .load import SEED, demo_member_count, load_demo
from .users import DEMO_PASSWORD, ensure_demo_users

__all__ = [
    "DEMO_PASSWORD",
    "DISTRICT_CODE",
    "PROVINCE_CODE",
    "SEED",
    "demo_member_count",
    "ensure_demo_users",
    "load_demo",
]
