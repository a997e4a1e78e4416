"""What the demo builds: one plan per province, on the real current administrative units.

A plan names the provincial command, its posts and the real communes each post is
responsible for; the generator fills in villages, teams, cadres and users. Add a province by
adding a `ProvincePlan`; add a scale by passing `scale` (it multiplies villages and cadres).
"""

from __future__ import annotations

from dataclasses import dataclass

from outpost.core.models import REORGANISATION_DATE

REORG = REORGANISATION_DATE  # today's communes and the posts' areas begin here


@dataclass(frozen=True)
class PostPlan:
    """A border post (or border-gate post) and the communes it is responsible for.

    Communes are given by name without "Xã"/"Phường"; they are matched against the loaded
    units of the province ignoring diacritics."""

    slug: str  # short ASCII part of the unit code, e.g. "MUONG-LEO"
    name: str
    communes: tuple[str, ...]
    border_gate: bool = False


@dataclass(frozen=True)
class ProvincePlan:
    province_code: str  # official code of the (current) province
    province_name: str
    command_name: str
    border_countries: tuple[str, ...]
    posts: tuple[PostPlan, ...]
    # Ethnic make-up of the villages and of local cadres: (group name, weight).
    village_peoples: tuple[tuple[str, int], ...] = (("Thái", 55), ("Mông", 30), ("Khơ Mú", 15))
    villages_per_commune: tuple[int, int] = (8, 20)
    cadres_per_post: tuple[int, int] = (24, 34)
    # Households (multiplied by the scale) and people per household.
    households_per_village: tuple[int, int] = (8, 20)
    household_size: tuple[int, int] = (2, 7)

    @property
    def command_code(self) -> str:
        return f"BCH-{self.province_code}"

    def post_code(self, post: PostPlan) -> str:
        prefix = "DBPCK" if post.border_gate else "DBP"
        return f"{prefix}-{self.province_code}-{post.slug}"


@dataclass(frozen=True)
class DemoPlan:
    name: str
    provinces: tuple[ProvincePlan, ...]
    # Which post the single-post demo users belong to, and which commune the partner sees.
    showcase_post: str = ""
    showcase_commune: str = ""


HIGH_COMMAND_CODE = "BDBP"
HIGH_COMMAND_NAME = "Bộ Tư lệnh Bộ đội Biên phòng"

# Sơn La: 250 km of border with Laos along Sốp Cộp, Sông Mã, Mai Sơn, Yên Châu, Mộc Châu and
# Vân Hồ (the former districts). The posts are the province's real posts; the communes are
# today's (post-2025) communes along the border. Which post covers which merged commune is a
# plausible arrangement for the demo, not the official assignment.
SON_LA = ProvincePlan(
    province_code="14",
    province_name="Sơn La",
    command_name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Sơn La",
    border_countries=("LA",),
    posts=(
        PostPlan("MUONG-LEO", "Đồn Biên phòng Mường Lèo", ("Mường Lèo",)),
        PostPlan("SOP-COP", "Đồn Biên phòng Sốp Cộp", ("Sốp Cộp",)),
        PostPlan("NAM-LANH", "Đồn Biên phòng Nậm Lạnh", ("Púng Bánh",)),
        PostPlan("MUONG-LAN", "Đồn Biên phòng Mường Lạn", ("Mường Lạn",)),
        PostPlan("MUONG-CAI", "Đồn Biên phòng Mường Cai", ("Mường Hung", "Nậm Ty")),
        PostPlan("CHIENG-KHUONG", "Đồn Biên phòng Chiềng Khương", ("Chiềng Khương", "Mường Lầm")),
        PostPlan("PHIENG-KHOAI", "Đồn Biên phòng Phiêng Khoài", ("Phiêng Khoài", "Phiêng Pằn")),
        PostPlan("CHIENG-ON", "Đồn Biên phòng Chiềng On", ("Yên Sơn",)),
        PostPlan(
            "LONG-SAP",
            "Đồn Biên phòng cửa khẩu quốc tế Lóng Sập",
            ("Lóng Sập",),
            border_gate=True,
        ),
        PostPlan("CHIENG-SON", "Đồn Biên phòng Chiềng Sơn", ("Chiềng Sơn",)),
        PostPlan("TAN-XUAN", "Đồn Biên phòng Tân Xuân", ("Xuân Nha",)),
    ),
)

SON_LA_DEMO = DemoPlan(
    name="son-la",
    provinces=(SON_LA,),
    showcase_post="MUONG-LEO",
    showcase_commune="Mường Lèo",
)

PLANS: dict[str, DemoPlan] = {SON_LA_DEMO.name: SON_LA_DEMO}
