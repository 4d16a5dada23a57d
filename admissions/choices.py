"""Closed lists used by the models, the forms and the reports (Biểu 2, Biểu 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh ủy, thành ủy")
    SUPERIOR = "superior", _("Cấp ủy cấp trên cơ sở")
    GRASSROOTS_COMMITTEE = "dbcs", _("Đảng bộ cơ sở")
    GRASSROOTS_CELL = "cbcs", _("Chi bộ cơ sở")
    INTERMEDIATE = "dbbp", _("Đảng bộ bộ phận")
    SUBORDINATE_CELL = "cbtt", _("Chi bộ trực thuộc")


# A grassroots organisation (TCCS) is where quotas are split and attainment is judged.
GRASSROOTS_LEVELS = (UnitLevel.GRASSROOTS_COMMITTEE, UnitLevel.GRASSROOTS_CELL)
# Members are admitted into a cell: a subordinate cell, or a grassroots cell with none below it.
CELL_LEVELS = (UnitLevel.GRASSROOTS_CELL, UnitLevel.SUBORDINATE_CELL)
# Which levels may stand directly under which; a unit with no parent is the top of the installation.
ALLOWED_PARENT_LEVELS = {
    UnitLevel.PROVINCE: (),
    UnitLevel.SUPERIOR: (UnitLevel.PROVINCE, UnitLevel.SUPERIOR),
    UnitLevel.GRASSROOTS_COMMITTEE: (UnitLevel.PROVINCE, UnitLevel.SUPERIOR),
    UnitLevel.GRASSROOTS_CELL: (UnitLevel.PROVINCE, UnitLevel.SUPERIOR),
    UnitLevel.INTERMEDIATE: (UnitLevel.GRASSROOTS_COMMITTEE,),
    UnitLevel.SUBORDINATE_CELL: (UnitLevel.GRASSROOTS_COMMITTEE, UnitLevel.INTERMEDIATE),
}

# The levels that can hold units at all (a cell holds members only).
PARENT_LEVELS = tuple(dict.fromkeys(level for levels in ALLOWED_PARENT_LEVELS.values() for level in levels))
# The level a unit added under a unit of a given level usually has ("Thêm trực thuộc" presets it).
USUAL_CHILD_LEVEL = {
    UnitLevel.PROVINCE: UnitLevel.SUPERIOR,
    UnitLevel.SUPERIOR: UnitLevel.GRASSROOTS_COMMITTEE,
    UnitLevel.GRASSROOTS_COMMITTEE: UnitLevel.SUBORDINATE_CELL,
    UnitLevel.INTERMEDIATE: UnitLevel.SUBORDINATE_CELL,
}
# What a closed unit may be merged into: a unit that can take over its members or its organisations.
SUCCESSOR_LEVELS = {
    UnitLevel.PROVINCE: (UnitLevel.PROVINCE,),
    UnitLevel.SUPERIOR: (UnitLevel.SUPERIOR,),
    UnitLevel.GRASSROOTS_COMMITTEE: GRASSROOTS_LEVELS,
    UnitLevel.GRASSROOTS_CELL: (*GRASSROOTS_LEVELS, UnitLevel.SUBORDINATE_CELL),
    UnitLevel.INTERMEDIATE: (UnitLevel.INTERMEDIATE, UnitLevel.GRASSROOTS_COMMITTEE),
    UnitLevel.SUBORDINATE_CELL: CELL_LEVELS,
}


class UnitType(models.TextChoices):
    """Loại hình tổ chức cơ sở đảng, as in the statistical form Biểu 5."""

    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    PARTY_MASS_AGENCY = "co_quan_dang", _("Cơ quan Đảng, MTTQ, đoàn thể")
    STATE_AGENCY = "co_quan_nha_nuoc", _("Cơ quan nhà nước")
    PUBLIC_SERVICE = "su_nghiep", _("Đơn vị sự nghiệp")
    ARMY = "quan_doi", _("Quân đội")
    POLICE = "cong_an", _("Công an")
    STATE_ENTERPRISE = "dn_nha_nuoc", _("Doanh nghiệp nhà nước")
    PRIVATE_ENTERPRISE = "dn_ngoai_nha_nuoc", _("Doanh nghiệp ngoài nhà nước")
    COOPERATIVE = "htx", _("Hợp tác xã")
    OTHER = "khac", _("Khác")


class QuotaSource(models.TextChoices):
    ASSIGNED = "assigned", _("Chỉ tiêu cấp trên giao")
    CONGRESS = "congress", _("Nghị quyết đại hội")
    SELF_SET = "self", _("Kế hoạch tự đặt")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    FULL = "full", _("Chính thức")
    STRUCK_OFF = "struck_off", _("Xóa tên")


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Occupation(models.TextChoices):
    """Rows of Biểu 2 'by occupation'."""

    STATE_CADRE = "can_bo_cong_chuc", _("Cán bộ, công chức nhà nước")
    COMMUNE_CADRE = "can_bo_xa", _("Cán bộ, công chức cấp xã")
    TEACHER = "giao_vien", _("Viên chức giáo dục (giáo viên)")
    PUBLIC_EMPLOYEE = "vien_chuc", _("Viên chức khác")
    ENTERPRISE = "doanh_nghiep", _("Người lao động trong doanh nghiệp")
    FARMER = "nong_dan", _("Nông dân")
    ARMED_FORCES = "luc_luong_vu_trang", _("Lực lượng vũ trang")
    STUDENT = "sinh_vien", _("Sinh viên")
    PUPIL = "hoc_sinh", _("Học sinh")
    OTHER = "khac", _("Khác")


class Schooling(models.TextChoices):
    GRADE_12 = "12/12", _("12/12")
    GRADE_11 = "11/12", _("11/12")
    GRADE_10 = "10/12", _("10/12")
    GRADE_9 = "9/12", _("9/12")
    BELOW_9 = "duoi_9", _("Dưới 9/12")


class Qualification(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    COLLEGE = "cao_dang", _("Cao đẳng")
    UNIVERSITY = "dai_hoc", _("Đại học")
    MASTER = "thac_si", _("Thạc sĩ")
    DOCTOR = "tien_si", _("Tiến sĩ")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "so_cap", _("Sơ cấp")
    INTERMEDIATE = "trung_cap", _("Trung cấp")
    ADVANCED = "cao_cap", _("Cao cấp, cử nhân")


class Religion(models.TextChoices):
    NONE = "none", pgettext_lazy("religion", "Không")
    BUDDHISM = "phat_giao", _("Phật giáo")
    CATHOLIC = "cong_giao", _("Công giáo")
    PROTESTANT = "tin_lanh", _("Tin lành")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Phật giáo Hòa Hảo")
    ISLAM = "hoi_giao", _("Hồi giáo")
    OTHER = "khac", _("Khác")


# The 54 ethnic groups of Việt Nam, in the order of the official list. Proper names: not translated.
ETHNIC_GROUPS = [
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng",
    "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro",
    "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn",
    "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm",
    "Brâu", "Ơ Đu",
]  # fmt: skip
ETHNICITY_CHOICES = [(name, name) for name in ETHNIC_GROUPS]
MAJORITY_ETHNICITY = "Kinh"
