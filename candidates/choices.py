"""Closed lists of the pipeline (DOMAIN.md section 5, stages 1-6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a candidate's file stands: the last step completed, or the outcome. Stored on the record
    (Candidate.stage, derived from its dates), so the board counts and the lists filter in SQL."""

    SYMPATHISER = "sympathiser", _("Cảm tình Đảng")
    COURSE = "course", _("Đã học lớp nhận thức về Đảng")
    FILE = "file", _("Đủ hồ sơ")
    BACKGROUND = "background", _("Đã thẩm tra lý lịch")
    CELL = "cell", _("Chi bộ đã xét (6-KNĐ)")
    GRASSROOTS = "grassroots", _("Đảng ủy cơ sở đã xét (8-KNĐ)")
    SUBMITTED = "submitted", _("Đã trình cấp ủy cấp trên")
    ADMITTED = "admitted", _("Đã kết nạp")
    NOT_ADMITTED = "not_admitted", _("Không kết nạp")
    WITHDRAWN = "withdrawn", _("Rút khỏi danh sách")
    PAUSED = "paused", _("Tạm dừng")


# The stages of a file still in progress, in the order it goes through them (the board's columns).
OPEN_STAGES = (
    Stage.SYMPATHISER,
    Stage.COURSE,
    Stage.FILE,
    Stage.BACKGROUND,
    Stage.CELL,
    Stage.GRASSROOTS,
    Stage.SUBMITTED,
)

# The stages whose next step is the superior committee's decision: their 60 working days are running.
DECIDING_STAGES = (Stage.CELL, Stage.GRASSROOTS, Stage.SUBMITTED)
# The stages before the cell's resolution: the certificate must still be valid when the cell considers.
BEFORE_CELL_STAGES = (Stage.COURSE, Stage.FILE, Stage.BACKGROUND)


class Outcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Đang xem xét")
    ADMITTED = "admitted", _("Đã kết nạp")
    NOT_ADMITTED = "not_admitted", _("Không kết nạp")
    WITHDRAWN = "withdrawn", _("Rút khỏi danh sách")
    PAUSED = "paused", _("Tạm dừng")


# The outcomes a clerk records by hand with a reason (admission goes through candidate_admit, with its decision).
CLOSING_OUTCOMES = (Outcome.NOT_ADMITTED, Outcome.WITHDRAWN, Outcome.PAUSED)
# A file still open: in progress, or paused (it may resume).
OPEN_OUTCOMES = (Outcome.IN_PROGRESS, Outcome.PAUSED)
