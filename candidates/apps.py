from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Phát triển đảng viên: quần chúng ưu tú")

    def ready(self):
        # A unit moved under another parent (admissions.services.unit_update) takes its candidates along, in
        # the same transaction, as it takes its members: admissions sends the signal and knows no candidate.
        from admissions.services.units import tree_changed, unit_moved

        unit_moved.connect(_follow_move, dispatch_uid="candidates_follow_move")
        # The forecast's saved counts (services.pipeline) are per committee above the organisations.
        tree_changed.connect(_recount, dispatch_uid="candidates_pipeline_recount")


def _follow_move(sender, *, unit, old_path, new_path, **kwargs):
    from .services import candidates_follow_move

    candidates_follow_move(moved=unit, old_path=old_path, new_path=new_path)


def _recount(sender, **kwargs):
    from .services import pipeline_recount_all

    pipeline_recount_all()
