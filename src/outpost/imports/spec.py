"""What each import sheet holds: its columns, their Vietnamese and English headers, types and
allowed values. Templates, the reader, the validator and the exports all read this one list,
so a sheet exported from a list page can be imported again unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from outpost.assign.models import CommitteeSeat
from outpost.border.models import BorderMarker, Country
from outpost.core.text import fold
from outpost.fieldwork.models import Conversion, Enrollment, HouseSupport, Loan
from outpost.force.models import Cadre, ForceUnit
from outpost.geo.models import Village
from outpost.grassroots.models import MassOrganisation, VillageCadreTraining
from outpost.people.models import PovertyAssessment, Resident
from outpost.security.models import Incident, SelfGoverningGroup
from outpost.works.models import Work

TEXT, INT, DATE, BOOL, CHOICE, LIST, ETHNIC = (
    "text",
    "int",
    "date",
    "bool",
    "choice",
    "list",
    "ethnic",
)
DECIMAL = "decimal"  # 21.5 or 21,5


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

# A unit code may carry the date it is read on (`03158@2023-05-01`, see `imports.lookups`).
CODE_LENGTH = 21
COMMUNE = Column(
    "commune_code",
    "Mã xã",
    "Commune code",
    required=True,
    max_length=CODE_LENGTH,
    note="5 digits; CODE@yyyy-mm-dd reads the code on that date",
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


class VillageChangeKind(models.TextChoices):
    """What a row of the village changes sheet does (`imports/kinds/village_changes.py`)."""

    RENAME = "rename", "rename"
    END = "end", "end"
    MERGE = "merge", "merge"
    SPLIT = "split", "split"


VILLAGE_CHANGES = Sheet(
    "village_changes",
    "Thay đổi thôn bản",
    "Village changes",
    (
        COMMUNE,
        Column(
            "change",
            "Thay đổi",
            "Change",
            CHOICE,
            required=True,
            choices=VillageChangeKind,
            aliases={
                "đổi tên": "rename",
                "giải thể": "end",
                "kết thúc": "end",
                "sáp nhập": "merge",
                "hợp nhất": "merge",
                "chia tách": "split",
                "tách": "split",
            },
        ),
        Column(
            "villages",
            "Thôn bản",
            "Village(s)",
            required=True,
            max_length=600,
            note="merge: the villages joined with ;",
        ),
        Column(
            "new_names",
            "Tên mới",
            "New name(s)",
            max_length=600,
            note="rename, merge: the new name; split: the parts joined with ;",
        ),
        Column("effective", "Ngày hiệu lực", "Effective on", DATE, required=True),
        Column("reason", "Lý do / quyết định", "Reason or decision", max_length=300),
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
            max_length=CODE_LENGTH,
        ),
        Column(
            "role",
            "Chức danh",
            "Role",
            CHOICE,
            required=True,
            choices=CommitteeSeat.Role,
            aliases={
                "bí thư": "secretary",
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

# --- Records written row by row through their apps' services (see `imports/kinds/`) --------

VILLAGE_OPTIONAL = Column("village", "Thôn bản", "Village", max_length=120)
SUPPORTING_UNIT = Column("unit_code", "Đơn vị hỗ trợ (mã)", "Supporting unit code", max_length=30)
COUNTRY_ALIASES = {
    "trung quốc": "CN",
    "lào": "LA",
    "campuchia": "KH",
    "cam pu chia": "KH",
}

PARTY_CANDIDATES = Sheet(
    "party_candidates",
    "Quần chúng ưu tú",
    "Candidates",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column("full_name", "Họ và tên", "Full name", required=True, max_length=120),
        Column(
            "birth_year", "Năm sinh", "Birth year", INT, note="when two residents share the name"
        ),
        Column(
            "village",
            "Thôn bản (chi bộ)",
            "Village (branch)",
            max_length=120,
            note="empty: the household's village",
        ),
        Column("mentor", "Cán bộ giúp đỡ (số hiệu)", "Mentor (service number)", max_length=30),
        Column(
            "identified_on",
            "Ngày phát hiện",
            "Identified on",
            DATE,
            required=True,
            note="dd/mm/yyyy",
        ),
        Column(
            "class_completed_on",
            "Ngày học xong lớp nhận thức về Đảng",
            "Party-awareness class completed on",
            DATE,
        ),
        Column("recommended_on", "Ngày giới thiệu", "Recommended on", DATE),
        Column("admitted_on", "Ngày kết nạp", "Admitted on", DATE, note="aged 18 to 60"),
        Column(
            "age_exception_reason",
            "Lý do ngoại lệ về tuổi",
            "Reason for the age exception",
            max_length=500,
        ),
        Column(
            "full_member_on",
            "Ngày chuyển chính thức",
            "Full member on",
            DATE,
            note="12 months after admission at the earliest",
        ),
        Column("dropped_on", "Ngày dừng", "Dropped on", DATE),
        Column("drop_reason", "Lý do dừng", "Reason dropped", max_length=300),
    ),
)

ORGANISATION_KIND = Column(
    "kind",
    "Loại tổ chức",
    "Kind",
    CHOICE,
    required=True,
    choices=MassOrganisation.Kind,
    aliases={
        "chi hội phụ nữ": "women_union",
        "phụ nữ": "women_union",
        "chi đoàn": "youth_union",
        "đoàn thanh niên": "youth_union",
        "chi hội nông dân": "farmers",
        "nông dân": "farmers",
        "chi hội cựu chiến binh": "veterans",
        "cựu chiến binh": "veterans",
        "ban công tác mặt trận": "fatherland_front",
        "mặt trận": "fatherland_front",
    },
)

MASS_ORGANISATIONS = Sheet(
    "mass_organisations",
    "Đoàn thể",
    "Mass organisations",
    (
        COMMUNE,
        Column(
            "village",
            "Thôn bản",
            "Village",
            max_length=120,
            note="empty: an organisation of the commune",
        ),
        ORGANISATION_KIND,
        Column("name", "Tên tổ chức", "Name", required=True, max_length=160),
        Column("established_on", "Ngày thành lập", "Established on", DATE),
        Column("member_count", "Số hội viên", "Members", INT),
        Column("valid_to", "Ngày giải thể", "Ended on", DATE),
        END_REASON,
    ),
)

CONSOLIDATIONS = Sheet(
    "consolidations",
    "Củng cố tổ chức",
    "Consolidation",
    (
        COMMUNE,
        VILLAGE_OPTIONAL,
        ORGANISATION_KIND,
        Column("on", "Ngày", "Date", DATE, required=True),
        Column("action", "Nội dung củng cố", "What was done", required=True, max_length=300),
        SUPPORTING_UNIT,
    ),
)

WORKS = Sheet(
    "works",
    "Công trình",
    "Works",
    (
        COMMUNE,
        Column(
            "code",
            "Mã công trình",
            "Work code",
            max_length=30,
            note="optional; unique in the commune",
        ),
        Column(
            "kind",
            "Loại",
            "Kind",
            CHOICE,
            required=True,
            choices=Work.Kind,
            aliases={
                "bê tông hóa đường": "road_concreting",
                "đường": "road_concreting",
                "điện chiếu sáng": "lighting",
                "thắp sáng": "lighting",
                "nhà": "house",
                "nhà ở": "house",
                "trường học": "school",
                "nước sạch": "water",
                "cầu": "bridge",
                "khác": "other",
            },
        ),
        Column("name", "Tên công trình", "Name", required=True, max_length=200),
        Column(
            "villages",
            "Thôn bản hưởng lợi",
            "Villages served",
            LIST,
            required=True,
            note="village names, comma-separated",
        ),
        Column("quantity", "Khối lượng", "Quantity", DECIMAL),
        Column(
            "quantity_unit",
            "Đơn vị tính",
            "Unit",
            CHOICE,
            choices=Work.Unit,
            aliases={"bóng": "lamps", "bóng đèn": "lamps", "căn": "houses", "mét": "m"},
        ),
        Column("funding_state", "Vốn nhà nước (đồng)", "State funding (VND)", INT),
        Column("funding_unit", "Vốn đơn vị (đồng)", "Unit funding (VND)", INT),
        Column("contributed_land_m2", "Đất hiến (m²)", "Land contributed (m²)", INT),
        Column("contributed_labour_days", "Ngày công đóng góp", "Labour contributed (days)", INT),
        Column("contributed_money", "Tiền đóng góp (đồng)", "Money contributed (VND)", INT),
        Column("started_on", "Ngày khởi công", "Started on", DATE),
        Column(
            "status",
            "Tình trạng",
            "Status",
            CHOICE,
            choices=Work.Status,
            aliases={
                "kế hoạch": "planned",
                "đang thi công": "in_progress",
                "hoàn thành": "completed",
                "hủy": "cancelled",
            },
        ),
        Column("completed_on", "Ngày hoàn thành", "Completed on", DATE),
        Column("cancel_reason", "Lý do hủy", "Reason cancelled", max_length=300),
        SUPPORTING_UNIT,
        Column("note", "Ghi chú", "Note", max_length=500),
    ),
)

SEGMENT = Column("segment", "Đoạn biên giới", "Segment", required=True, max_length=160)

BORDER_SEGMENTS = Sheet(
    "border_segments",
    "Đoạn biên giới",
    "Segments",
    (
        Column("post_code", "Mã đồn", "Post code", required=True, max_length=30),
        COMMUNE,
        Column("name", "Tên đoạn", "Segment name", required=True, max_length=160),
        Column(
            "country",
            "Nước láng giềng",
            "Neighbouring country",
            CHOICE,
            required=True,
            choices=Country,
            aliases=COUNTRY_ALIASES,
        ),
        Column("length_km", "Chiều dài (km)", "Length (km)", DECIMAL, required=True),
        Column("valid_from", "Từ ngày", "Valid from", DATE, note="dd/mm/yyyy"),
        Column("valid_to", "Ngày kết thúc", "Ended on", DATE),
        END_REASON,
    ),
)

BORDER_MARKERS = Sheet(
    "border_markers",
    "Mốc quốc giới",
    "Border markers",
    (
        COMMUNE,
        SEGMENT,
        Column("number", "Số hiệu mốc", "Marker number", required=True, max_length=20),
        Column(
            "kind",
            "Loại mốc",
            "Kind",
            CHOICE,
            choices=BorderMarker.Kind,
            aliases={"mốc chính": "main", "mốc phụ": "secondary", "cọc dấu": "stake"},
        ),
        Column("latitude", "Vĩ độ", "Latitude", DECIMAL),
        Column("longitude", "Kinh độ", "Longitude", DECIMAL),
        Column(
            "households",
            "Hộ tự quản (mã hộ)",
            "Self-managing households (codes)",
            LIST,
            note="household codes, comma-separated",
        ),
        Column(
            "managed_from",
            "Tự quản từ ngày",
            "Self-managed from",
            DATE,
            note="needed when the households change",
        ),
    ),
)

PATROLS = Sheet(
    "patrols",
    "Tuần tra",
    "Patrols",
    (
        Column("date", "Ngày tuần tra", "Patrol date", DATE, required=True),
        Column("post_code", "Mã đồn", "Post code", max_length=30, note="empty: the segment's post"),
        COMMUNE,
        SEGMENT,
        Column("km", "Quãng đường (km)", "Distance (km)", DECIMAL, required=True),
        Column(
            "markers_checked",
            "Mốc đã kiểm tra",
            "Markers checked",
            LIST,
            note="marker numbers, comma-separated",
        ),
        Column("residents_joining", "Số người dân tham gia", "Residents joining", INT),
        Column("findings", "Kết quả", "Findings", max_length=2000),
    ),
)

INCIDENTS = Sheet(
    "incidents",
    "Vụ việc",
    "Security incidents",
    (
        Column("occurred_on", "Ngày xảy ra", "Occurred on", DATE, required=True),
        COMMUNE,
        VILLAGE_NAME,
        Column(
            "kind",
            "Loại vụ việc",
            "Kind",
            CHOICE,
            required=True,
            choices=Incident.Kind,
            aliases={
                "ma túy": "drugs",
                "xuất nhập cảnh trái phép": "illegal_border_crossing",
                "mua bán người": "trafficking",
                "buôn lậu": "smuggling",
                "phá rừng": "deforestation",
                "hoạt động tôn giáo trái phép": "unauthorised_religious_activity",
                "khác": "other",
            },
        ),
        Column("summary", "Tóm tắt", "Summary", required=True, max_length=2000),
        Column("unit_code", "Đơn vị xử lý (mã)", "Handling unit code", max_length=30),
        Column(
            "status",
            "Tình trạng",
            "Status",
            CHOICE,
            choices=Incident.Status,
            aliases={
                "mới": "open",
                "đang xử lý": "open",
                "đã xử lý": "handled",
                "đã chuyển": "transferred",
                "kết thúc": "closed",
                "đã kết thúc": "closed",
            },
        ),
        Column("closed_on", "Ngày kết thúc", "Closed on", DATE),
        Column("void_reason", "Lý do hủy bỏ", "Reason voided", max_length=300),
    ),
)

# --- Field work (written through the fieldwork services, see `imports/kinds/activities.py`,
# `enrollments.py`, `outcomes.py`) -----------------------------------------------------------

FW_REFERENCE_NOTE = (
    "optional; a UUID. Empty: the outcome is matched by its household and its own key "
    "(crop/livestock and year, loan date and lender, house and date)"
)
FW_VOID_REASON = Column("void_reason", "Lý do hủy bỏ", "Reason voided", max_length=300)
FW_CADRE = Column(
    "service_number", "Cán bộ giúp đỡ (số hiệu)", "Cadre (service number)", max_length=30
)
FW_PROGRAM = Column(
    "program",
    "Chương trình",
    "Program",
    max_length=200,
    note="program code or name (Vietnamese or English)",
)
FW_NOTE = Column("note", "Ghi chú", "Note", max_length=300)
FW_OUTCOME_REFERENCE = Column(
    "client_id", "Mã tham chiếu", "Reference", max_length=36, note=FW_REFERENCE_NOTE
)

ACTIVITIES = Sheet(
    "activities",
    "Hoạt động",
    "Activities",
    (
        Column("date", "Ngày", "Date", DATE, required=True, note="dd/mm/yyyy; not in the future"),
        Column(
            "kind",
            "Loại hoạt động",
            "Kind",
            required=True,
            max_length=120,
            note="code or name, Vietnamese or English, e.g. household_visit, Thăm hộ gia đình",
        ),
        Column("unit_code", "Mã đơn vị", "Unit code", required=True, max_length=30),
        COMMUNE,
        Column("village", "Thôn bản", "Village", max_length=120, note="empty: the whole commune"),
        Column(
            "cadres",
            "Cán bộ (số hiệu)",
            "Cadres (service numbers)",
            LIST,
            note="service numbers, comma-separated",
        ),
        Column(
            "households",
            "Hộ (mã hộ)",
            "Households (codes)",
            LIST,
            note="household codes of the village (or commune), comma-separated",
        ),
        Column("people_reached", "Số người được tiếp cận", "People reached", INT),
        Column("cost", "Kinh phí (đồng)", "Cost (VND)", INT),
        Column("materials", "Vật chất hỗ trợ", "Materials", max_length=300),
        Column("notes", "Nội dung", "Notes", max_length=2000),
        FW_PROGRAM,
        Column(
            "client_id",
            "Mã tham chiếu",
            "Reference",
            max_length=36,
            note=(
                "Để trống: mã được tính (UUID 5) từ ngày, loại, đơn vị, xã, thôn, cán bộ, hộ và "
                "nội dung của dòng, nên nhập lại cùng tệp không thêm hoạt động nào; sửa một "
                "trong các ô đó là ghi một hoạt động mới. / Empty: the reference is derived "
                "(UUID 5) from the row's date, kind, unit, commune, village, cadres, households "
                "and notes, so importing the same file again adds nothing; changing one of "
                "those cells records a new activity. Exports fill it in."
            ),
        ),
        FW_VOID_REASON,
    ),
)

ENROLLMENTS = Sheet(
    "enrollments",
    "Người thụ hưởng",
    "Enrollments",
    (
        Column(
            "program",
            "Chương trình",
            "Program",
            required=True,
            max_length=200,
            note="program code or name (Vietnamese or English)",
        ),
        COMMUNE,
        Column(
            "household_code",
            "Mã hộ",
            "Household code",
            max_length=30,
            note="a resident's or a household's enrollment",
        ),
        Column(
            "full_name",
            "Họ và tên",
            "Full name",
            max_length=120,
            note="a resident's enrollment (with the household code)",
        ),
        Column(
            "birth_year", "Năm sinh", "Birth year", INT, note="when two residents share the name"
        ),
        Column(
            "village",
            "Thôn bản",
            "Village",
            max_length=120,
            note="a village's enrollment: leave the household code empty",
        ),
        Column(
            "sponsor",
            "Người/đơn vị đỡ đầu",
            "Sponsor",
            required=True,
            max_length=30,
            note="a cadre's service number or a unit's code",
        ),
        Column("started_on", "Ngày bắt đầu", "Started on", DATE, required=True),
        Column(
            "ended_on",
            "Ngày kết thúc",
            "Ended on",
            DATE,
            note="dd/mm/yyyy, exclusive: the first day without support",
        ),
        Column(
            "monthly_support",
            "Hỗ trợ hằng tháng (đồng)",
            "Monthly support (VND)",
            INT,
            note="empty: the program's usual support",
        ),
        Column(
            "status",
            "Tình trạng",
            "Status",
            CHOICE,
            choices=Enrollment.Status,
            aliases={
                "đang hỗ trợ": "active",
                "đang thực hiện": "active",
                "tạm dừng": "suspended",
                "kết thúc": "ended",
                "đã kết thúc": "ended",
            },
        ),
        Column(
            "end_reason",
            "Lý do kết thúc",
            "Reason ended",
            CHOICE,
            choices=Enrollment.EndReason,
            aliases={
                "đủ tuổi": "came_of_age",
                "đủ 18 tuổi": "came_of_age",
                "hoàn thành": "completed",
                "bỏ học": "left_school",
                "chuyển đi": "moved_away",
                "thoát nghèo": "out_of_poverty",
                "qua đời": "died",
                "khác": "other",
            },
        ),
        FW_NOTE,
    ),
)

CONVERSIONS = Sheet(
    "conversions",
    "Chuyển đổi",
    "Conversions",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column(
            "kind",
            "Loại",
            "Kind",
            CHOICE,
            required=True,
            choices=Conversion.Kind,
            aliases={
                "cây trồng": "crop",
                "cây": "crop",
                "vật nuôi": "livestock",
                "chăn nuôi": "livestock",
            },
        ),
        Column("from_name", "Từ", "From", required=True, max_length=80, note="e.g. ngô"),
        Column("to_name", "Sang", "To", required=True, max_length=80, note="e.g. chè"),
        Column("year", "Năm", "Year", INT, required=True),
        Column("area_ha", "Diện tích (ha)", "Area (ha)", DECIMAL, note="crops"),
        Column("heads", "Số con", "Head of livestock", INT, note="livestock"),
        FW_CADRE,
        FW_NOTE,
        FW_OUTCOME_REFERENCE,
        FW_VOID_REASON,
    ),
)

LOANS = Sheet(
    "loans",
    "Vay vốn",
    "Loans",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column("granted_on", "Ngày vay", "Granted on", DATE, required=True),
        Column("amount", "Số tiền (đồng)", "Amount (VND)", INT, required=True),
        Column(
            "lender",
            "Nơi cho vay",
            "Lender",
            CHOICE,
            choices=Loan.Lender,
            aliases={
                "ngân hàng chính sách xã hội": "vbsp",
                "ngân hàng chính sách": "vbsp",
                "nhcsxh": "vbsp",
                "ngân hàng nông nghiệp": "agribank",
                "quỹ tín dụng nhân dân": "credit_fund",
                "khác": "other",
            },
        ),
        Column("lender_name", "Tên nơi cho vay", "Lender's name", max_length=120),
        Column("purpose", "Mục đích", "Purpose", max_length=200),
        Column("term_months", "Thời hạn (tháng)", "Term (months)", INT),
        FW_CADRE,
        FW_NOTE,
        FW_OUTCOME_REFERENCE,
        FW_VOID_REASON,
    ),
)

HOUSES = Sheet(
    "houses",
    "Xây, sửa nhà",
    "Houses",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column(
            "kind",
            "Loại",
            "Kind",
            CHOICE,
            required=True,
            choices=HouseSupport.Kind,
            aliases={"xây mới": "built", "làm mới": "built", "sửa chữa": "repaired"},
        ),
        Column("completed_on", "Ngày hoàn thành", "Completed on", DATE, required=True),
        Column("cost", "Tổng kinh phí (đồng)", "Cost (VND)", INT),
        Column(
            "unit_contribution",
            "Đơn vị hỗ trợ (đồng)",
            "Unit's contribution (VND)",
            INT,
        ),
        Column("labour_days", "Ngày công", "Labour days", INT),
        FW_PROGRAM,
        FW_CADRE,
        FW_NOTE,
        FW_OUTCOME_REFERENCE,
        FW_VOID_REASON,
    ),
)

# --- Security and order, village cadres (written through the security and grassroots
# services, see `imports/kinds/security.py` and `village_cadres.py`) --------------------------

SECURITY_STATUSES = Sheet(
    "security_statuses",
    "Ma túy thôn bản",
    "Drug status",
    (
        COMMUNE,
        VILLAGE_NAME,
        Column("year", "Năm", "Year", INT, required=True),
        Column("drug_free", "Không có ma túy", "Drug-free", BOOL, note=YES_NO),
        Column("key_drug_area", "Trọng điểm về ma túy", "Key drug area", BOOL, note=YES_NO),
        Column("note", "Ghi chú", "Note", max_length=500),
    ),
)

GROUP_NAME = Column("group", "Tên tổ tự quản", "Group name", required=True, max_length=200)

SELF_GOVERNING_GROUPS = Sheet(
    "self_governing_groups",
    "Tổ tự quản",
    "Groups",
    (
        COMMUNE,
        VILLAGE_NAME,
        GROUP_NAME,
        Column(
            "kind",
            "Loại tổ",
            "Kind",
            CHOICE,
            required=True,
            choices=SelfGoverningGroup.Kind,
            aliases={
                "an ninh trật tự": "security_order",
                "tự quản an ninh trật tự": "security_order",
                "đường biên mốc giới": "border_line_markers",
                "tự quản đường biên, mốc quốc giới": "border_line_markers",
                "tự quản đường biên mốc giới": "border_line_markers",
            },
        ),
        Column("founded_on", "Ngày thành lập", "Founded on", DATE, required=True),
        Column(
            "segment",
            "Đoạn biên giới",
            "Segment",
            max_length=160,
            note="a border segment of the commune",
        ),
        Column(
            "markers",
            "Mốc tự quản",
            "Markers",
            LIST,
            note="marker numbers of the segment, comma-separated",
        ),
        Column("dissolved_on", "Ngày giải thể", "Dissolved on", DATE),
        Column("dissolve_reason", "Lý do giải thể", "Reason dissolved", max_length=300),
    ),
)

GROUP_MEMBERS = Sheet(
    "group_members",
    "Hộ tổ tự quản",
    "Group members",
    (
        COMMUNE,
        VILLAGE_NAME,
        GROUP_NAME,
        HOUSEHOLD_CODE,
        Column("valid_from", "Ngày tham gia", "Joined on", DATE, required=True),
        Column("valid_to", "Ngày rời tổ", "Left on", DATE, note="dd/mm/yyyy, exclusive"),
        END_REASON,
    ),
)

TWIN_VILLAGES = Sheet(
    "twin_villages",
    "Kết nghĩa",
    "Twin villages",
    (
        COMMUNE,
        VILLAGE_NAME,
        Column(
            "foreign_village",
            "Thôn bản nước bạn",
            "Village across the border",
            required=True,
            max_length=200,
        ),
        Column(
            "country",
            "Nước",
            "Country",
            CHOICE,
            required=True,
            choices=Country,
            aliases=COUNTRY_ALIASES,
        ),
        Column("signed_on", "Ngày ký kết", "Signed on", DATE, required=True),
        Column("valid_from", "Hiệu lực từ", "Valid from", DATE, note="empty: the signing date"),
        Column("valid_to", "Ngày kết thúc", "Ended on", DATE, note="dd/mm/yyyy, exclusive"),
        END_REASON,
    ),
)

VILLAGE_CADRES = Sheet(
    "village_cadres",
    "Cán bộ thôn",
    "Village cadres",
    (
        COMMUNE,
        HOUSEHOLD_CODE,
        Column("full_name", "Họ và tên", "Full name", required=True, max_length=120),
        Column(
            "birth_year", "Năm sinh", "Birth year", INT, note="when two residents share the name"
        ),
        Column(
            "role",
            "Chức danh",
            "Role",
            CHOICE,
            required=True,
            choices=VillageCadreTraining.Role,
            aliases={
                "trưởng bản": "village_chief",
                "trưởng thôn": "village_chief",
                "phó trưởng bản": "deputy_chief",
                "phó trưởng thôn": "deputy_chief",
                "bí thư chi bộ": "branch_secretary",
                "chi hội trưởng": "mass_org_head",
                "trưởng đoàn thể": "mass_org_head",
                "khác": "other",
            },
        ),
        Column("identified_on", "Ngày phát hiện", "Identified on", DATE, required=True),
        Column("course_name", "Khóa bồi dưỡng", "Course", max_length=200),
        Column("course_from", "Học từ ngày", "Course from", DATE),
        Column("course_to", "Học đến ngày", "Course to", DATE),
        Column("completed", "Đã hoàn thành", "Completed", BOOL, note=YES_NO),
    ),
)

# --- Border flags of administrative units (see `imports/kinds/border_flags.py`) -------------

BORDER_FLAGS = Sheet(
    "border_flags",
    "Đơn vị biên giới",
    "Border flags",
    (
        Column(
            "unit_code",
            "Mã đơn vị hành chính",
            "Unit code",
            required=True,
            max_length=10,
            note="2 digits: province, 3: district, 5: commune; read on the first day",
        ),
        Column(
            "countries",
            "Nước tiếp giáp",
            "Neighbouring countries",
            LIST,
            required=True,
            note="CN, LA, KH (Trung Quốc, Lào, Campuchia), comma-separated",
        ),
        Column("valid_from", "Từ ngày", "Valid from", DATE, note="empty: since the unit began"),
        VALID_TO,
        END_REASON,
    ),
)

# --- The force: units, their areas, cadres' postings (see `imports/kinds/force.py`) --------

FORCE_UNIT_CODE = Column("unit_code", "Mã đơn vị", "Unit code", required=True, max_length=30)

FORCE_UNITS = Sheet(
    "force_units",
    "Đơn vị",
    "Force units",
    (
        Column("code", "Mã đơn vị", "Unit code", required=True, max_length=30),
        Column("name", "Tên đơn vị", "Unit name", required=True, max_length=160),
        Column(
            "kind",
            "Loại đơn vị",
            "Kind",
            CHOICE,
            required=True,
            choices=ForceUnit.Kind,
            aliases={
                "bộ tư lệnh": "high_command",
                "bộ chỉ huy": "provincial_command",
                "bộ chỉ huy bđbp tỉnh": "provincial_command",
                "đồn biên phòng": "border_post",
                "đồn": "border_post",
                "đồn biên phòng cửa khẩu": "border_gate_post",
                "đội": "team",
            },
        ),
        Column(
            "parent_code",
            "Mã đơn vị cấp trên",
            "Parent unit code",
            max_length=30,
            note="a unit recorded, or one of an earlier row",
        ),
        Column(
            "province_code",
            "Mã tỉnh",
            "Province code",
            max_length=CODE_LENGTH,
            note="2 digits, for a provincial command; read on the first day",
        ),
        Column("valid_from", "Từ ngày", "Valid from", DATE, note="dd/mm/yyyy"),
        VALID_TO,
        END_REASON,
    ),
)

AREAS = Sheet(
    "areas_of_responsibility",
    "Địa bàn phụ trách",
    "Areas of responsibility",
    (
        FORCE_UNIT_CODE,
        COMMUNE,
        Column(
            "valid_from",
            "Từ ngày",
            "Valid from",
            DATE,
            note="dd/mm/yyyy; the commune code is read on this day",
        ),
        VALID_TO,
        DECISION,
        END_REASON,
    ),
)

POSTINGS = Sheet(
    "postings",
    "Điều động",
    "Postings",
    (
        SERVICE_NUMBER,
        FORCE_UNIT_CODE,
        Column("rank", "Cấp bậc", "Rank", CHOICE, choices=Cadre.Rank, note="on a new posting"),
        Column("position", "Chức vụ", "Position", max_length=120),
        VALID_FROM_REQUIRED,
        VALID_TO,
        DECISION,
    ),
)

# In the order they are written: later sheets refer to rows of earlier ones.
SHEETS: tuple[Sheet, ...] = (
    FORCE_UNITS,
    AREAS,
    VILLAGES,
    VILLAGE_CHANGES,
    CADRES,
    POSTINGS,
    HOUSEHOLDS,
    RESIDENTS,
    POVERTY,
    BRANCHES,
    HOUSEHOLD_ASSIGNMENTS,
    BRANCH_MEMBERSHIPS,
    COMMITTEE_SEATS,
    PARTY_CANDIDATES,
    MASS_ORGANISATIONS,
    CONSOLIDATIONS,
    WORKS,
    BORDER_SEGMENTS,
    BORDER_MARKERS,
    PATROLS,
    INCIDENTS,
    ACTIVITIES,
    ENROLLMENTS,
    CONVERSIONS,
    LOANS,
    HOUSES,
    SECURITY_STATUSES,
    SELF_GOVERNING_GROUPS,
    GROUP_MEMBERS,
    TWIN_VILLAGES,
    VILLAGE_CADRES,
    BORDER_FLAGS,
)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}
SHEET_ORDER = {s.key: i for i, s in enumerate(SHEETS)}

# A file with the force's sheets is written in these stages, each checked once the ones
# before are written: units (a row may name a unit of an earlier row as its parent), then
# their areas, then cadres and their postings, then everything else (a household assigned to
# a cadre of a post the same file created, in that post's new area).
STAGES: tuple[tuple[str, ...], ...] = (
    ("force_units",),
    ("areas_of_responsibility",),
    ("cadres", "postings"),
)


def needs_stages(keys: set[str]) -> bool:
    """Whether a file with these sheets is written in stages: it builds the force."""
    return bool(keys & {"force_units", "areas_of_responsibility", "postings"})


def stages_of(keys: Iterable[str]) -> list[tuple[str, ...]]:
    """The file's sheets in their stages (`STAGES`, then every other sheet), in order."""
    present = set(keys)
    staged = {key for stage in STAGES for key in stage}
    stages = [tuple(k for k in stage if k in present) for stage in STAGES]
    stages.append(tuple(s.key for s in SHEETS if s.key in present and s.key not in staged))
    return [stage for stage in stages if stage]


# What `outpost import template KIND` and the template links offer.
TEMPLATE_KINDS: dict[str, tuple[Sheet, ...]] = {
    "force_units": (FORCE_UNITS,),
    "areas_of_responsibility": (AREAS,),
    "postings": (POSTINGS,),
    "villages": (VILLAGES,),
    "village_changes": (VILLAGE_CHANGES,),
    "cadres": (CADRES,),
    "households": (HOUSEHOLDS, RESIDENTS),
    "poverty": (POVERTY,),
    "branches": (BRANCHES,),
    "household_assignments": (HOUSEHOLD_ASSIGNMENTS,),
    "branch_memberships": (BRANCH_MEMBERSHIPS,),
    "committee_seats": (COMMITTEE_SEATS,),
    "party_candidates": (PARTY_CANDIDATES,),
    "mass_organisations": (MASS_ORGANISATIONS, CONSOLIDATIONS),
    "works": (WORKS,),
    "border": (BORDER_SEGMENTS, BORDER_MARKERS, PATROLS),
    "incidents": (INCIDENTS,),
    "activities": (ACTIVITIES,),
    "enrollments": (ENROLLMENTS,),
    "outcomes": (CONVERSIONS, LOANS, HOUSES),
    "security_statuses": (SECURITY_STATUSES,),
    "self_governing_groups": (SELF_GOVERNING_GROUPS, GROUP_MEMBERS),
    "twin_villages": (TWIN_VILLAGES,),
    "village_cadres": (VILLAGE_CADRES,),
    "border_flags": (BORDER_FLAGS,),
    "all": SHEETS,
}


def sheet_for_title(title: str) -> Sheet | None:
    key = fold(title)
    for sheet in SHEETS:
        if key in sheet.names():
            return sheet
    return None
