"""The ethnic groups of Vietnam: reference data with both official code orders.

Sources:

* `code` follows the "Danh mục các thành phần dân tộc Việt Nam" issued with Decision
  121-TCTK/PPCĐ of the General Statistics Office, 2 March 1979 (01 Kinh, 02 Tày, 03 Thái,
  04 Hoa, 05 Khơ-me, 06 Mường, 07 Nùng, 08 Hmông, 09 Dao, 10 Gia-rai, 11 Ngái, ... 52 Brâu,
  53 Ơ-đu, 54 Rơ-măm). It is the order most older registers, Party and army records use.
* `alt_code` follows the "Danh mục các dân tộc Việt Nam" issued with Decision 1019/QĐ-TCTK of
  12 November 2008 (the list of the 2009 and 2019 Population and Housing Censuses, ordered
  roughly by population: 01 Kinh, 02 Tày, 03 Thái, 04 Mường, 05 Khmer, 06 Hoa, 07 Nùng,
  08 Mông, ... 52 Rơ Măm, 53 Brâu, 54 Ơ Đu). Census tables and newer statistics use it.

Both lists end the 54 groups with code 55 for foreigners (Người nước ngoài). Neither has a
code for "not known"; we use 99 in both orders, so a record with a missing or unreadable
ethnicity can say so instead of guessing.

`other_names` holds spelling variants used in forms and spreadsheets (H'Mông, Khơ-me...) and
the common older or local names from the "tên gọi khác" column of the lists (Mèo, Xá Cẩu...),
so that imports and search find a group by any of them, with or without diacritics. Some old
names were used for more than one group ("Xá" for several Mon-Khmer groups of the North-West,
"Thổ" for Tày and Khmer as well as the Thổ of Nghệ An); `lookup` prefers the official name,
then the group whose own name it is, then the first alternative match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from outpost.core.text import fold

FOREIGNER_CODE = "55"
UNKNOWN_CODE = "99"
KINH_CODE = "01"


@dataclass(frozen=True)
class Group:
    code: str  # Decision 121-TCTK/PPCĐ (1979)
    alt_code: str  # Decision 1019/QĐ-TCTK (2008), the census order
    name: str
    other_names: tuple[str, ...] = ()
    is_minority: bool = True


GROUPS: tuple[Group, ...] = (
    Group("01", "01", "Kinh", ("Việt",), is_minority=False),
    Group("02", "02", "Tày", ("Thổ", "Ngạn", "Phén", "Thù Lao", "Pa Dí")),
    Group(
        "03",
        "03",
        "Thái",
        ("Tày Khao", "Thái Trắng", "Tày Đăm", "Thái Đen", "Tày Mười", "Tày Thanh", "Pu Thay"),
    ),
    Group(
        "04", "06", "Hoa", ("Hán", "Triều Châu", "Phúc Kiến", "Quảng Đông", "Hải Nam", "Xạ Phạng")
    ),
    Group("05", "05", "Khmer", ("Khơ-me", "Khơ Me", "Khmer Krôm", "Cur", "Cul", "Việt gốc Miên")),
    Group("06", "04", "Mường", ("Mol", "Mual", "Mọi Bi", "Ao Tá")),
    Group("07", "07", "Nùng", ("Nùng Xuồng", "Nùng Giang", "Nùng An", "Phàn Slinh", "Khèn Lài")),
    Group(
        "08",
        "08",
        "Mông",
        ("H'Mông", "Hmông", "H'mông", "Hmong", "Mèo", "Mẹo", "Mèo Hoa", "Mèo Xanh", "Mèo Đỏ"),
    ),
    Group("09", "09", "Dao", ("Mán", "Dao Đỏ", "Dao Tiền", "Dao Quần Chẹt", "Thanh Y", "Lan Tẻn")),
    Group("10", "10", "Gia Rai", ("Gia-rai", "Jrai", "Giơ-rai", "Chơ-rai", "Tơ-buăn")),
    Group("11", "43", "Ngái", ("Sán Ngải", "Xín", "Lê", "Đản", "Khách Gia")),
    Group("12", "11", "Ê Đê", ("Ê-đê", "Êđê", "Rhade", "Ra-đê", "Kpa", "Bih")),
    Group("13", "12", "Ba Na", ("Ba-na", "Bahnar", "Gơ-lar", "Tơ-lô", "Rơ-ngao", "Krem", "Roh")),
    Group("14", "16", "Xơ Đăng", ("Xơ-đăng", "Sê Đăng", "Xơ-teng", "Hđang", "Ca Dong", "Mơ-nâm")),
    Group("15", "13", "Sán Chay", ("Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ", "Hờn Bạn")),
    Group("16", "15", "Cơ Ho", ("Cơ-ho", "K'Ho", "Kơ Ho", "Xrê", "Nốp", "Cơ-don", "Chil", "Lạch")),
    Group("17", "14", "Chăm", ("Chàm", "Chiêm Thành", "Hroi", "Chăm Pa")),
    Group("18", "17", "Sán Dìu", ("Sán Dẻo", "Trại", "Trại Đất", "Mán Quần Cộc")),
    Group("19", "18", "Hrê", ("H're", "Chăm Rê", "Chom", "Thượng Ba Tơ")),
    Group("20", "20", "Mnông", ("M'Nông", "Mơ Nông", "Pnông", "Nông", "Prâng", "Bu-dâng")),
    Group("21", "19", "Ra Glai", ("Ra-glai", "Raglay", "Rắc-lây", "Rai", "Noang", "La-oang")),
    Group("22", "22", "Xtiêng", ("Stiêng", "X'tiêng", "Xa-điêng")),
    Group("23", "24", "Bru - Vân Kiều", ("Bru-Vân Kiều", "Vân Kiều", "Bru", "Măng Coong", "Khùa")),
    Group("24", "21", "Thổ", ("Kẹo", "Mọn", "Cuối", "Họ", "Đan Lai", "Ly Hà", "Tày Pọng")),
    Group("25", "26", "Giáy", ("Nhắng", "Dẩng", "Pầu Thìn", "Cùi Chu", "Xa")),
    Group("26", "25", "Cơ Tu", ("Cơ-tu", "Ca-tu", "Ca Tu", "Cao", "Hạ", "Phương")),
    Group("27", "29", "Giẻ Triêng", ("Giẻ-Triêng", "Gié-Triêng", "Gié Triêng", "Giẻ", "Ta-riêng")),
    Group("28", "28", "Mạ", ("Châu Mạ", "Mạ Ngăn", "Mạ Xóp", "Mạ Tô", "Mạ Krung")),
    Group("29", "23", "Khơ Mú", ("Khơ-mú", "Khơ mú", "Kho Mu", "Xá Cẩu", "Mứn Xen", "Pu Thênh")),
    Group("30", "30", "Co", ("Cor", "Col", "Cùa", "Trầu")),
    Group("31", "27", "Tà Ôi", ("Tà-ôi", "Ta Ôi", "Pa-cô", "Pa Hy", "Tôi-ôi")),
    Group("32", "31", "Chơ Ro", ("Chơ-ro", "Châu Ro", "Dơ-ro")),
    Group("33", "37", "Kháng", ("Xá Khao", "Xá Súa", "Xá Dón", "Xá Dẩng", "Xá Hốc", "Xá Ái")),
    Group("34", "32", "Xinh Mun", ("Xinh-mun", "Puộc", "Pụa", "Xá")),
    Group("35", "33", "Hà Nhì", ("U Ni", "Xá U Ni", "Hà Nhì Già")),
    Group("36", "34", "Chu Ru", ("Chu-ru", "Chơ Ru", "Chu")),
    Group("37", "35", "Lào", ("Lào Bốc", "Lào Nọi")),
    Group("38", "36", "La Chí", ("Cù Tê", "La Quả")),
    Group("39", "40", "La Ha", ("Xá Khao", "Khlá Phlạo")),
    Group("40", "38", "Phù Lá", ("Bồ Khô Pạ", "Mu Di", "Pạ Xá", "Phó", "Phổ", "Va Xơ")),
    Group("41", "39", "La Hủ", ("Lao", "Pu Đang", "Khù Xung", "Cò Xung", "Khả Quy")),
    Group("42", "42", "Lự", ("Lừ", "Nhuồn", "Duồn")),
    Group("43", "45", "Lô Lô", ("Mun Di", "Màn Di")),
    Group("44", "44", "Chứt", ("Sách", "Mày", "Rục", "Mã Liềng", "Arem", "Tu Vang", "Pa Leng")),
    Group("45", "46", "Mảng", ("Mảng Ư", "Xá Lá Vàng")),
    Group("46", "41", "Pà Thẻn", ("Pà Hưng", "Tống")),
    Group("47", "47", "Cơ Lao", ("Cờ Lao", "Co Lao")),
    Group("48", "49", "Cống", ("Xắm Khống", "Mấng Nhé", "Xá Xeng")),
    Group("49", "48", "Bố Y", ("Chủng Chá", "Trọng Gia", "Tu Dí", "Tu Din")),
    Group("50", "50", "Si La", ("Cù Dề Xừ", "Khả Pẻ")),
    Group("51", "51", "Pu Péo", ("Ka Pèo", "Pen Ti Lô Lô")),
    Group("52", "53", "Brâu", ("Brao",)),
    Group("53", "54", "Ơ Đu", ("Ơ-đu", "Tày Hạt")),
    Group("54", "52", "Rơ Măm", ("Rơ-măm",)),
    Group(FOREIGNER_CODE, FOREIGNER_CODE, "Người nước ngoài", ("Nước ngoài", "Foreigner")),
    Group(UNKNOWN_CODE, UNKNOWN_CODE, "Không xác định", ("Không rõ", "Chưa xác định", "Unknown")),
)

OFFICIAL_GROUP_COUNT = 54


def is_official(group: Group) -> bool:
    return group.code not in {FOREIGNER_CODE, UNKNOWN_CODE}


def row_values(group: Group) -> dict[str, Any]:
    """The model's field values for one group (search_name is the folded official name)."""
    minority = group.is_minority and is_official(group)
    return {
        "alt_code": group.alt_code,
        "name": group.name,
        "search_name": fold(group.name),
        "other_names": ", ".join(group.other_names),
        "is_minority": minority,
    }


def load(model: Any) -> list[tuple[Any, str, dict[str, list[Any]]]]:
    """Create or correct the rows, keyed by the 1979 code.

    Returns what changed as (row, "create" or "update", {field: [old, new]}) so a caller can
    audit it. Takes the model class so a data migration can pass its historical model."""
    changes: list[tuple[Any, str, dict[str, list[Any]]]] = []
    existing = {row.code: row for row in model.objects.all()}
    for group in GROUPS:
        values = row_values(group)
        row = existing.get(group.code)
        if row is None:
            row = model.objects.create(code=group.code, **values)
            changes.append((row, "create", {k: [None, v] for k, v in values.items()}))
            continue
        changed = {k: [getattr(row, k), v] for k, v in values.items() if getattr(row, k) != v}
        if changed:
            for k, pair in changed.items():
                setattr(row, k, pair[1])
            row.save(update_fields=list(changed))
            changes.append((row, "update", changed))
    return changes


def lookup(text: str | None) -> Any:
    """The group a free-text ethnicity names ("H'Mông", "meo", "Khơ-mú", "Thái"), or None.

    Matching ignores case, diacritics, hyphens and apostrophes."""
    from outpost.core.models import EthnicGroup

    key = _key(text)
    if not key:
        return None
    if key.isdigit():
        return EthnicGroup.objects.filter(code=key.zfill(2)).first()
    groups = list(EthnicGroup.objects.all())
    for group in groups:
        if _key(group.name) == key:
            return group
    for group in groups:
        if key in {_key(n) for n in group.other_names.split(",") if n.strip()}:
            return group
    return None


def _key(text: str | None) -> str:
    folded = fold(text)
    for ch in "-'’`":
        folded = folded.replace(ch, " " if ch == "-" else "")
    return " ".join(folded.split())
