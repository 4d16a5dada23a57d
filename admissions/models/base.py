"""What every model of the app shares."""

from django.db import models


def choice_labels(field: models.Field) -> dict:
    """A choice field's labels by code, translated now into the active language: read once for a list or
    a file of many rows instead of once per cell (get_FOO_display() per row)."""
    return {code: str(label) for code, label in field.flatchoices}


class ValidatesUniqueConstraintsOnly(models.Model):
    """Validation checks UniqueConstraints (they need a query anyway) and leaves CheckConstraints to the
    database: each of those mirrors a rule clean() or a field validator already reports on its field, and
    evaluating them in SQL during full_clean() made bulk entry several times slower.
    """

    class Meta:
        abstract = True

    def get_constraints(self):
        return [
            (model, [c for c in constraints if isinstance(c, models.UniqueConstraint)])
            for model, constraints in super().get_constraints()
        ]
