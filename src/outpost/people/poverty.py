"""The multidimensional poverty rule (Decree 07/2021/NĐ-CP and the 2027-2030 standard).

A household is poor when its income per person per month is at or under the line of its area
and it lacks at least `deprivation_threshold` (3) of the 12 basic-service indicators;
near-poor when under the line and lacking fewer; middle-income when above the line and up to
`middle_multiplier` (1.5) times it; above middle-income otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from outpost.people.models import PovertyStandard

# The 12 indicators of the six basic social services (Decree 07/2021, Article 3), in order.
INDICATORS: list[tuple[str, Any]] = [
    ("employment", gettext_lazy("Employment")),  # việc làm
    ("dependants", gettext_lazy("Dependants in the household")),  # người phụ thuộc trong hộ
    ("nutrition", gettext_lazy("Nutrition")),  # dinh dưỡng
    ("health_insurance", gettext_lazy("Health insurance")),  # bảo hiểm y tế
    ("adult_education", gettext_lazy("Education of adults")),  # trình độ giáo dục người lớn
    ("child_schooling", gettext_lazy("School attendance of children")),  # tình trạng đi học
    ("housing_quality", gettext_lazy("Quality of housing")),  # chất lượng nhà ở
    ("housing_area", gettext_lazy("Housing area per person")),  # diện tích nhà ở bình quân
    ("water", gettext_lazy("Domestic water source")),  # nguồn nước sinh hoạt
    ("sanitation", gettext_lazy("Hygienic latrine")),  # nhà tiêu hợp vệ sinh
    ("telecom", gettext_lazy("Telecommunication services")),  # dịch vụ viễn thông
    ("information_access", gettext_lazy("Means of access to information")),  # tiếp cận thông tin
]
INDICATOR_KEYS = [key for key, _label in INDICATORS]
INDICATOR_LABELS = dict(INDICATORS)


def money(amount: int) -> str:
    """VND grouped by thousands in the active language: 1,500,000 (en), 1.500.000 (vi)."""
    return f"{amount:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


@dataclass(frozen=True)
class Verdict:
    status: str
    line: int
    area: str
    income: int
    lacking: int
    middle_limit: int

    def explain(self) -> str:
        """Why the rule gives this status, in the user's language."""
        from outpost.people.models import PovertyAssessment

        area_label = (
            _("rural line") if self.area == PovertyAssessment.Area.RURAL else _("urban line")
        )
        values = {
            "income": money(self.income),
            "area": area_label,
            "line": money(self.line),
            "limit": money(self.middle_limit),
            "n": self.lacking,
        }
        if self.income <= self.line:
            return _("Income %(income)s ≤ %(area)s %(line)s and %(n)s services lacking") % values
        if self.income <= self.middle_limit:
            return _("Income %(income)s > %(area)s %(line)s and ≤ %(limit)s") % values
        return _("Income %(income)s > %(limit)s (%(area)s %(line)s)") % values


def classify(*, standard: PovertyStandard, area: str, income: int, lacking: int) -> Verdict:
    from outpost.people.models import PovertyAssessment

    Status = PovertyAssessment.Status
    line = int(standard.urban_line if area == PovertyAssessment.Area.URBAN else standard.rural_line)
    multiplier = Decimal(str(standard.middle_multiplier))
    middle_limit = int(Decimal(line) * multiplier)
    threshold = int(standard.deprivation_threshold)
    if income <= line:
        status = Status.POOR if lacking >= threshold else Status.NEAR_POOR
    elif income <= middle_limit:
        status = Status.MIDDLE
    else:
        status = Status.ABOVE
    return Verdict(
        status=str(status),
        line=line,
        area=area,
        income=income,
        lacking=lacking,
        middle_limit=middle_limit,
    )
