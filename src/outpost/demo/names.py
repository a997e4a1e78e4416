"""Real-sounding names for villages and people of the North-West border, drawn from a seeded
random generator (the same seed gives the same names)."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Village names: "Bản" + a place word + a second word, in the style of Thái, Mông and
# Khơ Mú village names of Sơn La (Nà Hỳ, Huổi Lếch, Pá Khôm, Co Muông...).
VILLAGE_FIRST = {
    "Thái": (
        "Nà",
        "Huổi",
        "Pá",
        "Co",
        "Púng",
        "Phiêng",
        "Nậm",
        "Hua",
        "Bó",
        "Mường",
        "Tà",
        "Pom",
        "Lọng",
        "Ten",
        "Hát",
        "Sài",
        "Hin",
        "Pha",
        "Khòng",
        "Nong",
        "Kéo",
        "Xa",
    ),
    "Mông": ("Pá", "Huổi", "Co", "Phiêng", "Nà", "Tà", "Pu", "Hang", "Lũng", "Trống", "Suối"),
    "Khơ Mú": ("Huổi", "Pá", "Co", "Púng", "Tà", "Kho", "Nậm", "Xốp"),
}
VILLAGE_SECOND = (
    "Hỳ", "Lếch", "Khôm", "Muông", "Lao", "Lương", "Mòn", "Cốp", "Lót", "Mạ", "Ban",
    "Khoang", "Cuông", "Nọi", "Lụa", "Tòng", "Sản", "Lay", "Pục", "Cang", "Hịa", "Mường",
    "Pát", "Nhén", "Cút", "Kham", "Dọ", "Lìu", "Pấu", "Sáng", "Phương", "Lạt", "Muôi",
    "Khao", "Đón", "Luông", "Hốc", "Liềng", "Hày", "Tấu", "Xa", "Chảy", "Toong", "Bon",
)  # fmt: skip


@dataclass(frozen=True)
class PersonName:
    full_name: str
    sex: str  # "M" / "F"


SURNAMES = {
    "Kinh": (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh",
        "Lương", "Hà", "Tạ", "Phan", "Trịnh",
    ),
    "Thái": (
        "Lò", "Cầm", "Lường", "Quàng", "Vì", "Tòng", "Điêu", "Hoàng", "Lừ", "Bạc", "Mè",
        "Hà", "Lù", "Cà",
    ),
    "Mông": ("Giàng", "Sùng", "Thào", "Vàng", "Lầu", "Mùa", "Hờ", "Lý", "Lia", "Hầu", "Tráng"),
    "Mường": ("Đinh", "Bùi", "Hà", "Quách", "Xa", "Cao"),
    "Khơ Mú": ("Lò", "Quàng", "Vì", "Cút", "Lường", "Tòng"),
}  # fmt: skip
GIVEN_MALE = {
    "Kinh": (
        "Cường", "Tú", "Thắng", "Hùng", "Dũng", "Hải", "Long", "Tuấn", "Sơn", "Thương",
        "Quyền", "Minh", "Hiếu", "Nam", "Thành", "Phong", "Đức", "Khánh", "Trung", "Việt",
    ),
    "Thái": (
        "Minh", "Pánh", "Thanh", "Ún", "Phong", "Xuân", "Chiến", "Hưng", "Doãn", "Khiêm",
        "Sơn", "Tiến", "Lả", "Hặc", "Ngọc", "Piềng",
    ),
    "Mông": (
        "Chử", "Su", "Dế", "Páo", "Lềnh", "Xá", "Pó", "Sình", "Chô", "Tủa", "Lanh", "Dia",
        "Sếnh", "Nhà", "Giang", "Của",
    ),
    "Mường": ("Tuấn", "Thịnh", "Lợi", "Đông", "Khương", "Quế", "Mạnh", "Bình"),
    "Khơ Mú": ("Khăm", "Ín", "Pọm", "Phương", "Thoong", "Ỏn", "Sẻng"),
}  # fmt: skip
GIVEN_FEMALE = {
    "Kinh": ("Hoa", "Lan", "Hương", "Thảo", "Hằng", "Ngọc", "Yến", "Trang"),
    "Thái": ("Ơn", "Xuân", "Lả", "Ngoan", "Bình", "Thoản", "Ánh"),
    "Mông": ("Mỷ", "Dợ", "Súa", "Pằng", "Chu", "Mai"),
    "Mường": ("Thơm", "Nhung", "Loan", "Huyền"),
    "Khơ Mú": ("Phăn", "Nga", "Ón", "Liên"),
}  # fmt: skip
MIDDLE_MALE = {
    "Kinh": ("Văn", "Đức", "Mạnh", "Quang", "Minh", "Huy", "Xuân", "Thanh", "Duy", "Trọng"),
    "Thái": ("Văn",),
    "Mông": ("A", "A", "A", "Lao", "Chứ", "Seo"),
    "Mường": ("Văn", "Công", "Văn"),
    "Khơ Mú": ("Văn",),
}


def person_name(rng: random.Random, people: str, sex: str) -> PersonName:
    """A name in the naming style of a people (Kinh, Thái, Mông, Mường, Khơ Mú)."""
    surname = rng.choice(SURNAMES[people])
    if sex == "F":
        middle = "Thị"
        given = rng.choice(GIVEN_FEMALE[people])
    else:
        middle = rng.choice(MIDDLE_MALE[people])
        given = rng.choice(GIVEN_MALE[people])
    return PersonName(full_name=f"{surname} {middle} {given}", sex=sex)


def village_names(rng: random.Random, people: list[str], taken: set[str]) -> list[str]:
    """One village name per entry of `people`, none repeating a name in `taken` (folded).

    When the pairs run out a number is added, as real villages split into "Bản X 1", "Bản X 2"."""
    from outpost.core.text import fold

    names: list[str] = []
    for who in people:
        for attempt in range(40):
            first = rng.choice(VILLAGE_FIRST.get(who, VILLAGE_FIRST["Thái"]))
            second = rng.choice(VILLAGE_SECOND)
            if fold(first) == fold(second):
                continue
            name = f"Bản {first} {second}"
            if attempt >= 20:
                name = f"{name} {rng.randint(1, 9)}"
            if fold(name) not in taken:
                break
        else:  # pragma: no cover - needs thousands of villages in one commune
            name = f"Bản {len(taken) + 1}"
        taken.add(fold(name))
        names.append(name)
    return names
