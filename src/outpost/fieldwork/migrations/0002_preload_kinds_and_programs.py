"""The activity kinds and the force-wide programs every installation starts with. Both are
data: administrators add local kinds and units add local programs afterwards."""

from django.db import migrations

KINDS = [
    # code, Vietnamese, English, counts as a household visit
    ("household_visit", "Thăm hộ gia đình", "Household visit", True),
    ("production_guidance", "Hướng dẫn sản xuất", "Production guidance", True),
    ("loan_facilitation", "Hỗ trợ vay vốn", "Loan facilitation", True),
    ("house_building", "Xây, sửa nhà", "House building or repair", True),
    ("gift_visit", "Thăm, tặng quà", "Gift or visit (elder, chief, reputable person, policy family)", True),
    ("medical_care", "Khám, chữa bệnh", "Medical care", True),
    ("teaching", "Dạy học, xóa mù chữ", "Teaching", False),
    ("legal_propaganda", "Tuyên truyền pháp luật", "Legal propaganda session", False),
    ("disaster_prevention", "Phòng chống thiên tai, sơ tán", "Disaster prevention or evacuation", True),
    ("disaster_rebuilding", "Khắc phục hậu quả thiên tai", "Rebuilding after a disaster", True),
    ("road_sanitation", "Làm đường, vệ sinh môi trường", "Road or sanitation work", False),
    ("other", "Khác", "Other", False),
]

PROGRAMS = [
    (
        "nang-buoc-em-toi-truong",
        "Nâng bước em tới trường",
        "Helping children to school",
        "resident",
        None,
        "Hỗ trợ học sinh nghèo, học sinh có hoàn cảnh khó khăn ở khu vực biên giới đến trường.",
    ),
    (
        "con-nuoi-don-bien-phong",
        "Con nuôi Đồn Biên phòng",
        "Children adopted by the border post",
        "resident",
        18,
        "Đồn Biên phòng nhận đỡ đầu trẻ em nghèo, mồ côi; hỗ trợ hằng tháng đến khi đủ 18 tuổi.",
    ),
    (
        "dong-hanh-cung-phu-nu-bien-cuong",
        "Đồng hành cùng phụ nữ biên cương",
        "Accompanying border women",
        "resident",
        None,
        "Hỗ trợ phụ nữ khu vực biên giới phát triển kinh tế, phòng chống mua bán người.",
    ),
    (
        "xuan-bien-phong-am-long-dan-ban",
        "Xuân Biên phòng ấm lòng dân bản",
        "Border Guard spring warms the villages",
        "household",
        None,
        "Thăm hỏi, tặng quà Tết cho hộ nghèo, gia đình chính sách, người có uy tín.",
    ),
    (
        "mai-am-cho-nguoi-ngheo-noi-bien-gioi",
        "Mái ấm cho người nghèo nơi biên giới",
        "Homes for the poor at the border",
        "household",
        None,
        "Xây dựng, sửa chữa nhà ở cho hộ nghèo khu vực biên giới.",
    ),
]


def preload(apps, schema_editor):
    ActivityKind = apps.get_model("fieldwork", "ActivityKind")
    Program = apps.get_model("fieldwork", "Program")
    for order, (code, name_vi, name_en, counts) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "counts_as_visit": counts,
                "sort_order": order * 10,
            },
        )
    for code, name_vi, name_en, beneficiary, max_age, description in PROGRAMS:
        Program.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "scope": "force_wide",
                "beneficiary": beneficiary,
                "max_age": max_age,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]
    operations = [migrations.RunPython(preload, migrations.RunPython.noop)]
