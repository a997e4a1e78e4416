"""What each import sheet holds: its columns, their Vietnamese and English headers, types and
allowed values. Templates, the reader, the validator and the exports all read this one list,
so a sheet exported from a list page can be imported again unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from outpost.assign.models import CommitteeSeat
from outpost.core.text import fold
from outpost.force.models import Cadre
from outpost.geo.models import Village
from outpost.people.models import PovertyAssessment, Resident

TEXT, INT, DATE, BOOL, CHOICE, LIST, ETHNIC = (
    "text",
    "int",
    "date",
    "bool",
    "choice",
    "list",
    "ethnic",
)


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    choices: type[models.TextChoices] | None = None
    # Other ways people write an allowed value: {"chủ hộ": "head"}.
    aliases: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.vi} / {self.en}"

    def names(self) -> set[str]:
        return {fold(self.header), fold(self.vi), fold(self.en), fold(self.key)}

    def choice_map(self) -> dict[str, str]:
        """Every accepted spelling (folded) of every allowed value -> the stored value."""
        found: dict[str, str] = {}
        if self.choices is not None:
            for value, label in self.choices.choices:
                found[fold(str(value))] = str(value)
                found[fold(str(value).replace("_", " "))] = str(value)
                found[fold(str(label))] = str(value)
        for alias, value in self.aliases.items():
            found[fold(alias)] = value
        return found

    def allowed_text(self) -> str:
        if self.choices is None:
            return self.note
        values = [str(v) for v in self.choices.values]
        spelled = [a for a, v in self.aliases.items() if v in values]
        text = ", ".join(values)
        if spelled:
            text += " (" + ", ".join(spelled) + ")"
        return text


@dataclass(frozen=True)
class Sheet:
    key: str
    vi: str
    en: str
    columns: tuple[Column, ...]

    @property
    def title(self) -> str:
        # Excel sheet names: at most 31 characters, no "/".
        return f"{self.vi} - {self.en}"[:31]

    def names(self) -> set[str]:
        return {fold(self.title), fold(self.vi), fold(self.en), fold(self.key)}

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


YES_NO = "x / có / không"

COMMUNE = Column(
    "commune_code", "Mã xã", "Commune code", required=True, max_length=10, note="5 digits"
)
HOUSEHOLD_CODE = Column("household_code", "Mã hộ", "Household code", required=True, max_length=30)
VILLAGE_NAME = Column("village", "Thôn bản", "Village", required=True, max_length=120)
SERVICE_NUMBER = Column(
    "service_number", "Số hiệu quân nhân", "Service number", required=True, max_length=30
)
VALID_FROM_REQUIRED = Column(
    "valid_from", "Từ ngày", "Valid from", DATE, required=True, note="dd/mm/yyyy"
)
DECISION = Column("decision", "Quyết định", "Decision", max_length=200)
VALID_TO = Column("valid_to", "Đến ngày", "Valid to", DATE, note="dd/mm/yyyy, exclusive")
END_REASON = Column("end_reason", "Lý do kết thúc", "Reason ended", max_length=300)

SEX_ALIASES = {"nam": "M", "nữ": "F", "male": "M", "female": "F"}

VILLAGES = Sheet(
    "villages",
    "Thôn bản",
    "Villages",
    (
        COMMUNE,
        Column("name", "Tên thôn bản", "Village name", required=True, max_length=120),
        Column(
            "kind",
            "Loại",
            "Kind",
            CHOICE,
            choices=Village.Kind,
            aliases={"tổ dân phố": "to_dan_pho", "khác": "other"},
        ),
        Column("code", "Mã thôn", "Village code", max_length=20),
        Column("is_border", "Thôn biên giới", "Border village", BOOL, note=YES_NO),
        Column("valid_from", "Từ ngày", "Valid from", DATE, note="dd/mm/yyyy"),
    ),
)

CADRES = Sheet(
    "cadres",
    "Cán bộ",
    "Cadres",
    (
        SERVICE_NUMBER,
        Column("full_name", "Họ và tên", "Full name", required=True, max_length=120),
        Column("rank", "Cấp bậc", "Rank", CHOICE, required=True, choices=Cadre.Rank),
        Column("unit_code", "Mã đơn vị", "Unit code", required=True, max_length=30),
        Column(
            "posted_on", "Ngày về đơn vị", "Posted on", DATE, note="dd/mm/yyyy; new cadres only"
        ),
        Column(
            "category",
            "Đối tượng",
            "Category",
            CHOICE,
            choices=Cadre.Category,
            aliases={
                "sĩ quan": "officer",
                "quân nhân chuyên nghiệp": "professional",
                "qncn": "professional",
                "chiến sĩ": "soldier",
                "hạ sĩ quan binh sĩ": "soldier",
                "công nhân viên quốc phòng": "civilian",
            },
        ),
        Column("position", "Chức vụ", "Position", max_length=120),
        Column("sex", "Giới tính", "Sex", CHOICE, choices=Cadre.Sex, aliases=SEX_ALIASES),
        Column("birth_year", "Năm sinh", "Birth year", INT),
        Column("ethnic_group", "Dân tộc", "Ethnic group", ETHNIC),
        Column("languages", "Tiếng dân tộc", "Languages spoken", max_length=200),
        Column("party_joined_on", "Ngày vào Đảng", "Admitted to the Party", DATE),
        Column("party_full_on", "Ngày chính thức", "Full Party member since", DATE),
    ),
)

HOUSEHOLDS = Sheet(
    "households",
    "Hộ",
    "Households",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        VILLAGE_NAME,
        Column("head_name", "Chủ hộ", "Head of household", max_length=120),
        Column("is_policy_family", "Gia đình chính sách", "Policy family", BOOL, note=YES_NO),
        Column("is_near_border", "Gần biên giới", "Near the border", BOOL, note=YES_NO),
        Column("valid_from", "Từ ngày", "Valid from", DATE, note="dd/mm/yyyy"),
        Column("note", "Ghi chú", "Note", max_length=300),
    ),
)

RESIDENTS = Sheet(
    "residents",
    "Nhân khẩu",
    "Residents",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column("full_name", "Họ và tên", "Full name", required=True, max_length=120),
        Column(
            "relation",
            "Quan hệ với chủ hộ",
            "Relation to the head",
            CHOICE,
            required=True,
            choices=Resident.Relation,
            aliases={
                "chủ hộ": "head",
                "vợ": "spouse",
                "chồng": "spouse",
                "vợ/chồng": "spouse",
                "con": "child",
                "bố": "parent",
                "mẹ": "parent",
                "bố/mẹ": "parent",
                "cháu": "grandchild",
                "anh": "sibling",
                "chị": "sibling",
                "em": "sibling",
                "anh/chị/em": "sibling",
                "khác": "other",
            },
        ),
        Column(
            "sex",
            "Giới tính",
            "Sex",
            CHOICE,
            required=True,
            choices=Resident.Sex,
            aliases=SEX_ALIASES,
        ),
        Column("birth_year", "Năm sinh", "Birth year", INT),
        Column("birth_date", "Ngày sinh", "Birth date", DATE, note="dd/mm/yyyy"),
        Column("ethnic_group", "Dân tộc", "Ethnic group", ETHNIC),
        Column("religion", "Tôn giáo", "Religion", max_length=60),
        Column("is_village_chief", "Trưởng bản", "Village chief", BOOL, note=YES_NO),
        Column("is_village_elder", "Già làng", "Village elder", BOOL, note=YES_NO),
        Column("is_reputable_person", "Người có uy tín", "Reputable person", BOOL, note=YES_NO),
    ),
)

POVERTY = Sheet(
    "poverty",
    "Rà soát nghèo",
    "Poverty assessments",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column("year", "Năm", "Year", INT, required=True),
        Column(
            "area",
            "Khu vực",
            "Area",
            CHOICE,
            required=True,
            choices=PovertyAssessment.Area,
            aliases={"nông thôn": "rural", "thành thị": "urban"},
        ),
        Column(
            "income",
            "Thu nhập bình quân (đồng/người/tháng)",
            "Income per person per month (VND)",
            INT,
            required=True,
        ),
        Column(
            "deprivations",
            "Chỉ số thiếu hụt",
            "Services lacking",
            LIST,
            note="indicator numbers 1-12 or keys, comma-separated",
        ),
        Column("standard", "Chuẩn nghèo", "Standard", max_length=30, note="e.g. ND07-2021"),
    ),
)

BRANCHES = Sheet(
    "branches",
    "Chi bộ",
    "Party branches",
    (
        COMMUNE,
        VILLAGE_NAME,
        Column("name", "Tên chi bộ", "Branch name", required=True, max_length=160),
        Column("established_on", "Ngày thành lập", "Established on", DATE),
        Column("has_committee", "Có chi ủy", "Has a branch committee", BOOL, note=YES_NO),
        Column("member_count", "Số đảng viên", "Local Party members", INT),
    ),
)

HOUSEHOLD_ASSIGNMENTS = Sheet(
    "household_assignments",
    "Phân công hộ",
    "Household assignments",
    (SERVICE_NUMBER, COMMUNE, HOUSEHOLD_CODE, VALID_FROM_REQUIRED, DECISION, VALID_TO, END_REASON),
)

BRANCH_MEMBERSHIPS = Sheet(
    "branch_memberships",
    "Sinh hoạt chi bộ",
    "Branch memberships",
    (SERVICE_NUMBER, COMMUNE, VILLAGE_NAME, VALID_FROM_REQUIRED, DECISION, VALID_TO, END_REASON),
)

COMMITTEE_SEATS = Sheet(
    "committee_seats",
    "Cấp ủy",
    "Committee seats",
    (
        SERVICE_NUMBER,
        Column(
            "unit_code",
            "Mã xã (huyện)",
            "Commune (district) code",
            required=True,
            max_length=10,
        ),
        Column(
            "role",
            "Chức danh",
            "Role",
            CHOICE,
            required=True,
            choices=CommitteeSeat.Role,
            aliases={
                "phó bí thư": "deputy_secretary",
                "ủy viên ban thường vụ": "standing_member",
                "đảng ủy viên": "member",
                "ủy viên": "member",
            },
        ),
        VALID_FROM_REQUIRED,
        DECISION,
        VALID_TO,
        END_REASON,
    ),
)

# In the order they are written: later sheets refer to rows of earlier ones.
SHEETS: tuple[Sheet, ...] = (
    VILLAGES,
    CADRES,
    HOUSEHOLDS,
    RESIDENTS,
    POVERTY,
    BRANCHES,
    HOUSEHOLD_ASSIGNMENTS,
    BRANCH_MEMBERSHIPS,
    COMMITTEE_SEATS,
)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}

# What `outpost import template KIND` and the template links offer.
TEMPLATE_KINDS: dict[str, tuple[Sheet, ...]] = {
    "villages": (VILLAGES,),
    "cadres": (CADRES,),
    "households": (HOUSEHOLDS, RESIDENTS),
    "poverty": (POVERTY,),
    "branches": (BRANCHES,),
    "household_assignments": (HOUSEHOLD_ASSIGNMENTS,),
    "branch_memberships": (BRANCH_MEMBERSHIPS,),
    "committee_seats": (COMMITTEE_SEATS,),
    "all": SHEETS,
}


def sheet_for_title(title: str) -> Sheet | None:
    key = fold(title)
    for sheet in SHEETS:
        if key in sheet.names():
            return sheet
    return None
