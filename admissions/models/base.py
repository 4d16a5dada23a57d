"""What every model of the app shares."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class AuthoredLine(models.Model):
    """A line of history: when, and by whom. The author's name is kept with the line, so deleting the
    account never erases who made the change (the account link becomes empty, the name stays)."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_name = models.CharField(_("tên người thực hiện"), max_length=301, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def by(self) -> str:
        """The author as the line recorded them; an account deleted since keeps its name here."""
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.user_name or str(_("(hệ thống)"))
