"""Plausible dates: the one rule of which dates a record may hold, read by the models' clean() (so by every
form, the admin, the importer and the services) and by the database's check constraints.

A year typed as "19" or "9999", or a birth year 1, is a slip of the keyboard, never a fact: one such record
gave Biểu 2 a mean age of 161 years and the workbook a negative date. So:

- a birth date is not before 01/01/1900;
- an admission decision, a ceremony, a confirmation as full member or a striking-off is not before
  03/02/1930 (the founding of the Party) nor after today;
- a unit opens and closes within 1930–2100.

The database holds the floors and ceilings (check constraints); "not after today" changes every day, so it
cannot be a constraint: the models' clean() checks it, and every write goes through it.
"""

import dataclasses
import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

BIRTH_FLOOR = datetime.date(1900, 1, 1)
PARTY_FOUNDED = datetime.date(1930, 2, 3)
UNIT_FLOOR = datetime.date(1930, 1, 1)
UNIT_CEILING = datetime.date(2100, 12, 31)


@dataclasses.dataclass(frozen=True)
class DateRule:
    """The dates a field may hold: from `floor`, up to `ceiling` (a fixed day) or today (`not_future`)."""

    floor: datetime.date
    ceiling: datetime.date | None = None
    not_future: bool = False

    def error(self, day: datetime.date, today: datetime.date, label: str) -> str | None:
        if day < self.floor:
            return _("%(label)s không được trước ngày %(day)s.") % {
                "label": label,
                "day": self.floor.strftime("%d/%m/%Y"),
            }
        if self.ceiling and day > self.ceiling:
            return _("%(label)s không được sau ngày %(day)s.") % {
                "label": label,
                "day": self.ceiling.strftime("%d/%m/%Y"),
            }
        if self.not_future and day > today:
            return _("%(label)s không được ở tương lai.") % {"label": label}
        return None

    def condition(self, field: str) -> models.Q:
        """The check constraint's condition: NULL passes (an empty date is another rule's business)."""
        bounded = models.Q(**{f"{field}__gte": self.floor})
        if self.ceiling:
            bounded &= models.Q(**{f"{field}__lte": self.ceiling})
        return models.Q(**{f"{field}__isnull": True}) | bounded


EVENT = DateRule(PARTY_FOUNDED, not_future=True)
MEMBER_DATES = {
    "date_of_birth": DateRule(BIRTH_FLOOR, not_future=True),
    "decision_date": EVENT,
    "ceremony_date": EVENT,
    "confirmation_date": EVENT,
    "struck_off_date": EVENT,
}
UNIT_DATES = {
    "valid_from": DateRule(UNIT_FLOOR, UNIT_CEILING),
    "valid_to": DateRule(UNIT_FLOOR, UNIT_CEILING),
}


def date_errors(instance: models.Model, rules: dict[str, DateRule], today: datetime.date) -> dict[str, str]:
    """{field: message} for each date of `instance` outside its rule."""
    errors = {}
    for name, rule in rules.items():
        day = getattr(instance, name)
        if day is not None:
            label = instance._meta.get_field(name).verbose_name
            message = rule.error(day, today, str(label)[:1].upper() + str(label)[1:])
            if message:
                errors[name] = message
    return errors


def date_constraints(model_name: str, rules: dict[str, DateRule]) -> list[models.CheckConstraint]:
    """The check constraints of `rules`' floors and ceilings, one per field, named <model>_<field>_plausible."""
    return [
        models.CheckConstraint(
            condition=rule.condition(name),
            name=f"{model_name}_{name}_plausible",
            violation_error_message=_("Ngày nằm ngoài khoảng hợp lý."),
        )
        for name, rule in rules.items()
    ]
