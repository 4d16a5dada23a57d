from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Phát triển đảng viên: quần chúng ưu tú")

    def ready(self):
        # A unit moved under another parent (admissions.services.unit_update) takes its candidates along, in
        # the same transaction, as it takes its members: admissions sends the signal and knows no candidate.
        from admissions.services.units import unit_moved

        unit_moved.connect(_follow_move, dispatch_uid="candidates_follow_move")


def _follow_move(sender, *, unit, **kwargs):
    from .services import candidates_follow_move

    candidates_follow_move(moved=unit)
