"""Initial catalogue: award types, their rule sets under Decree 98/2023 and
Decree 152/2025, and base salaries. Every figure here is data a province edits
in the admin (docs/domain.md); nothing in code repeats it."""

import datetime
from decimal import Decimal

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
D98 = "Nghị định 98/2023/NĐ-CP"
D152 = "Nghị định 152/2025/NĐ-CP"
BN86 = "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh (mẫu quy định của tỉnh)"
# Where docs/domain.md holds no verified figure for Decree 98, the Decree 152 one is reused, and says so.
REUSED = f"chưa đối chiếu được quy định tương ứng của {D98}; tạm áp dụng như {D152}"

AWARD_TYPES = [
    # code, name, category, recipient kinds, level, layout, printed title
    ("flag_province", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", ["collective"], "province",
     "flag_inscription", "CỜ THI ĐUA"),
    ("merit_chairman", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "commendation",
     ["individual", "collective"], "province", "merit_chairman", "BẰNG KHEN"),
    ("advanced_worker", "Lao động tiên tiến", "title", ["individual"], "grassroots", "generic", ""),
    ("emulation_soldier_grassroots", "Chiến sĩ thi đua cơ sở", "title", ["individual"], "grassroots",
     "generic", "CHIẾN SĨ THI ĐUA CƠ SỞ"),
    ("emulation_soldier_province", "Chiến sĩ thi đua cấp tỉnh", "title", ["individual"], "province",
     "generic", "CHIẾN SĨ THI ĐUA"),
    ("advanced_collective", "Tập thể lao động tiên tiến", "title", ["collective"], "grassroots", "generic", ""),
    ("excellent_collective", "Tập thể lao động xuất sắc", "title", ["collective"], "province", "generic",
     "TẬP THỂ LAO ĐỘNG XUẤT SẮC"),
]


def _hold(regime):
    basis = f"Khoản 4 Điều 4 {D152}" if regime == 152 else f"{D98} ({REUSED}: khoản 4 Điều 4)"
    return {"check": "no_hold", "legal_basis": basis}


def _duplicate():
    return {"check": "no_duplicate", "legal_basis": f"Điểm c khoản 2 Điều 5 {LAW}"}


def _flag(regime):
    vote = (
        f"Khoản 7 Điều 30 {D98}: tán thành từ 80% tổng số thành viên Hội đồng"
        if regime == 98
        else f"ngưỡng 80% tổng số thành viên Hội đồng là mặc định ({D152} chưa đối chiếu)"
    )
    money = f"tiền thưởng 8,0 lần mức lương cơ sở theo Điều 50 {D152}" + (f" ({REUSED})" if regime == 98 else "")
    basis = f"Điều 26 {LAW}; khoản 1 Điều 3 {BN86}"
    return {
        "legal_basis": f"{basis}; {vote}; {money}; họp Hội đồng cần từ 80% thành viên có mặt ({BN86}).",
        "review_body": "council",
        "vote_threshold": Decimal("0.800"),
        "threshold_base": "members",
        "quorum": Decimal("0.800"),
        "reward_multiple_individual": Decimal("0"),
        "reward_multiple_collective": Decimal("8.00"),
        "required_documents": ["proposal", "minutes", "achievement_report"],
        "criteria": {
            "all_of": [
                {"check": "leads_bloc", "legal_basis": basis},
                {"check": "rating_streak", "level": "excellent", "years": 1, "legal_basis": basis},
                {
                    "check": "manual",
                    "text": "Hoàn thành vượt mức chỉ tiêu, nhiệm vụ; tập thể tiêu biểu của tỉnh; nội bộ đoàn kết, "
                    "tổ chức Đảng, đoàn thể xếp loại hoàn thành xuất sắc; tích cực phòng, chống tham nhũng, "
                    "lãng phí",
                    "legal_basis": basis,
                },
                _hold(regime),
                _duplicate(),
            ]
        },
        "options": {"leaders_per_bloc": 1, "requires_registration": False},
    }


def _merit(regime):
    basis = f"Điều 74 {LAW}; khoản 3 Điều 3 {BN86}"
    money = f"Điều 54 {D152}: cá nhân 1,5 lần, tập thể 3,0 lần mức lương cơ sở" + (
        f" ({REUSED})" if regime == 98 else ""
    )
    judged = [
        ("i", "individual", "Có thành tích xuất sắc trong phong trào thi đua do tỉnh phát động"),
        ("ii", "individual", "Lập được nhiều thành tích hoặc thành tích đột xuất có phạm vi ảnh hưởng trong tỉnh"),
        ("iii", "individual", "Có đóng góp vào phát triển kinh tế - xã hội, khoa học, xã hội, từ thiện"),
        ("v", "individual", "Công nhân, nông dân, người lao động có nhiều thành tích trong lao động, sản xuất"),
        ("i", "collective", "Có thành tích xuất sắc trong phong trào thi đua do tỉnh phát động"),
        ("ii", "collective", "Lập được thành tích đột xuất"),
        ("iii", "collective", "Có đóng góp vào phát triển kinh tế - xã hội của tỉnh"),
    ]
    grounds = [
        {"code": code, "recipient": kind, "label": label, "judged": True, "legal_basis": basis}
        for code, kind, label in judged
    ]
    grounds += [
        {
            "code": "iv",
            "recipient": "individual",
            "label": "Hai lần liên tục Chiến sĩ thi đua cơ sở, hoặc 2 năm liên tục hoàn thành xuất sắc nhiệm vụ "
            "và có 2 sáng kiến được công nhận",
            "legal_basis": basis,
            "expr": {
                "any_of": [
                    {"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 2},
                    {
                        "all_of": [
                            {"check": "rating_streak", "level": "excellent", "years": 2},
                            {"check": "initiatives", "count": 2, "years": 2},
                        ]
                    },
                ]
            },
        },
        {
            "code": "iv",
            "recipient": "collective",
            "label": "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc Tập thể lao động xuất sắc",
            "legal_basis": basis,
            "expr": {
                "all_of": [
                    {
                        "any_of": [
                            {"check": "rating_streak", "level": "excellent", "years": 2},
                            {"check": "title_streak", "award_type": "excellent_collective", "years": 2},
                        ]
                    },
                    {
                        "check": "manual",
                        "text": "Thực hiện tốt dân chủ cơ sở, chăm lo đời sống, thực hành tiết kiệm, phòng, chống "
                        "tham nhũng",
                    },
                ]
            },
        },
    ]
    return {
        "legal_basis": f"{basis}; {money}; Thường trực Hội đồng xét, biểu quyết theo đa số thành viên "
        "(mặc định của tỉnh, chưa đối chiếu).",
        "review_body": "standing_board",
        "vote_threshold": Decimal("0.500"),
        "threshold_base": "members",
        "quorum": Decimal("0.667"),
        "reward_multiple_individual": Decimal("1.50"),
        "reward_multiple_collective": Decimal("3.00"),
        "required_documents": ["proposal", "minutes", "achievement_report"],
        "criteria": {
            "requires": {
                "all_of": [
                    {
                        "check": "manual",
                        "text": "Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước",
                        "legal_basis": basis,
                    },
                    _hold(regime),
                    _duplicate(),
                ]
            },
            "grounds": grounds,
        },
        "options": {"requires_registration": False},
    }


def _title(regime, *, article, multiple, kind, criteria, extra="", review_body="none"):
    basis = f"{article} {LAW}" if article else f"{LAW} (điều tương ứng chưa đối chiếu)"
    basis += f"; {extra}" if extra else ""
    money = f"hệ số tiền thưởng theo {D152}" + (f" ({REUSED})" if regime == 98 else "")
    return {
        "legal_basis": f"{basis}; {money}. "
        + (
            "Danh hiệu do thủ trưởng đơn vị xét, không qua Hội đồng tỉnh."
            if review_body == "none"
            else "Hội đồng tỉnh xét; ngưỡng biểu quyết là mặc định (quá bán), chưa đối chiếu."
        ),
        "review_body": review_body,
        "vote_threshold": Decimal("0.500"),
        "threshold_base": "members",
        "quorum": Decimal("0.667"),
        "reward_multiple_individual": Decimal(multiple) if kind == "individual" else Decimal("0"),
        "reward_multiple_collective": Decimal(multiple) if kind == "collective" else Decimal("0"),
        "required_documents": ["proposal", "minutes"],
        "criteria": {"all_of": [*criteria, _hold(regime)]},
        "options": {},
    }


def _titles(regime):
    return {
        "advanced_worker": _title(
            regime,
            article="Điều 24",
            multiple="0.30",
            kind="individual",
            criteria=[{"check": "rating_streak", "level": "good", "years": 1}],
        ),
        "emulation_soldier_grassroots": _title(
            regime,
            article="Điều 23",
            multiple="1.00",
            kind="individual",
            criteria=[
                {"check": "rating_streak", "level": "good", "years": 1},
                {
                    "any_of": [
                        {"check": "rating_streak", "level": "excellent", "years": 1},
                        {"check": "initiatives", "count": 1, "years": 1},
                    ]
                },
            ],
        ),
        "emulation_soldier_province": _title(
            regime,
            article="Điều 22",
            review_body="council",
            multiple="3.00",
            kind="individual",
            criteria=[
                {"check": "title_streak", "award_type": "emulation_soldier_grassroots", "years": 3},
                {"check": "initiatives", "count": 1, "years": 3, "scope": "province"},
                _duplicate(),
            ],
        ),
        "advanced_collective": _title(
            regime,
            article="",
            multiple="0.80",
            kind="collective",
            extra=BN86,
            criteria=[
                {"check": "rating_streak", "level": "good", "years": 1},
                {
                    "check": "manual",
                    "text": "Từ 70% thành viên đạt Lao động tiên tiến, không có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                },
            ],
        ),
        "excellent_collective": _title(
            regime,
            article="",
            multiple="1.50",
            kind="collective",
            extra=BN86,
            criteria=[
                {"check": "rating_streak", "level": "excellent", "years": 1},
                {
                    "check": "manual",
                    "text": "100% thành viên hoàn thành nhiệm vụ, từ 70% đạt Lao động tiên tiến, có cá nhân đạt "
                    "Chiến sĩ thi đua cơ sở",
                },
            ],
        ),
    }


REGIMES = [(98, datetime.date(2024, 1, 1)), (152, datetime.date(2025, 7, 1))]

BASE_SALARIES = [
    (datetime.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]


def load(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    RuleSet = apps.get_model("awards", "RuleSet")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    types = {}
    for code, name, category, kinds, level, layout, title in AWARD_TYPES:
        types[code], _created = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "recipient_kinds": kinds,
                "level": level,
                "certificate_layout": layout,
                "certificate_title": title,
            },
        )
    for regime, effective_from in REGIMES:
        rules = {"flag_province": _flag(regime), "merit_chairman": _merit(regime), **_titles(regime)}
        for code, fields in rules.items():
            RuleSet.objects.get_or_create(award_type=types[code], effective_from=effective_from, defaults=fields)
    for effective_from, amount, basis in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=effective_from, defaults={"amount": amount, "legal_basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_person_code")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
