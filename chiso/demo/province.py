"""The demo province's org tree today (two tiers) and the 2025 changes behind it."""

import datetime
import random
from dataclasses import dataclass

from chiso.org.models import ChangeKind, OrgUnit, PeerGroup, UnitChange, UnitKind
from chiso.vietnamese.text import search_key

PROVINCE_NAME = "Sơn Lâm"
# The real province the fictional one stands for, named in the root's aliases: its national
# results (PAR INDEX, SIPAS, PAPI, PCI) are the demo province's, which the province's targets
# are read against and its coverage lists (`chiso.scoring.actuals.province_code`). Lạng Sơn
# went through the 2025 merger unchanged, so it is one province in every demo year.
STANDS_FOR = "Lạng Sơn"
MERGE_DEPARTMENTS = datetime.date(2025, 3, 1)
TWO_TIER = datetime.date(2025, 7, 1)

# (code, name, aliases, divisions beyond the common three)
DEPARTMENTS = [
    (
        "vp-ubnd",
        "Văn phòng UBND tỉnh",
        ["VP UBND tỉnh", "VPUBND"],
        ["Phòng Kiểm soát thủ tục hành chính", "Phòng Tổng hợp"],
    ),
    (
        "snv",
        "Sở Nội vụ",
        ["SNV"],
        ["Phòng Cải cách hành chính", "Phòng Tổ chức, biên chế", "Phòng Lao động - Việc làm"],
    ),
    (
        "stp",
        "Sở Tư pháp",
        ["STP"],
        ["Phòng Xây dựng và kiểm tra văn bản", "Phòng Hành chính tư pháp"],
    ),
    ("stc", "Sở Tài chính", ["STC"], ["Phòng Quản lý ngân sách", "Phòng Đăng ký kinh doanh"]),
    (
        "sxd",
        "Sở Xây dựng",
        ["SXD"],
        ["Phòng Quản lý hoạt động xây dựng", "Phòng Quản lý giao thông"],
    ),
    (
        "snnmt",
        "Sở Nông nghiệp và Môi trường",
        ["SNNMT"],
        ["Phòng Quản lý đất đai", "Phòng Trồng trọt"],
    ),
    (
        "skhcn",
        "Sở Khoa học và Công nghệ",
        ["SKHCN"],
        ["Phòng Chuyển đổi số", "Phòng Bưu chính, viễn thông"],
    ),
    ("sct", "Sở Công Thương", ["SCT"], ["Phòng Quản lý thương mại", "Phòng Quản lý năng lượng"]),
    (
        "sgddt",
        "Sở Giáo dục và Đào tạo",
        ["SGDĐT"],
        ["Phòng Giáo dục phổ thông", "Phòng Tổ chức cán bộ"],
    ),
    ("syt", "Sở Y tế", ["SYT"], ["Phòng Nghiệp vụ y", "Phòng Nghiệp vụ dược"]),
    (
        "svhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        ["SVHTTDL"],
        ["Phòng Quản lý văn hóa", "Phòng Quản lý du lịch"],
    ),
    ("sdttg", "Sở Dân tộc và Tôn giáo", ["SDTTG"], ["Phòng Chính sách dân tộc"]),
    ("sngv", "Sở Ngoại vụ", ["SNgV"], ["Phòng Hợp tác quốc tế"]),
    ("ttt", "Thanh tra tỉnh", ["TTT"], ["Phòng Nghiệp vụ 1", "Phòng Tiếp công dân"]),
    ("bqlkkt", "Ban Quản lý Khu kinh tế cửa khẩu", ["BQLKKT"], ["Phòng Quản lý đầu tư"]),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công tỉnh", ["TTPVHCC", "Trung tâm PVHCC"], []),
    ("bhxh", "Bảo hiểm xã hội tỉnh", ["BHXH tỉnh"], ["Phòng Thu"]),
    ("cuc-thue", "Thuế tỉnh", ["Cục Thuế"], ["Phòng Tuyên truyền và hỗ trợ người nộp thuế"]),
    ("ca", "Công an tỉnh", ["CA tỉnh"], ["Phòng Cảnh sát quản lý hành chính về trật tự xã hội"]),
    ("kbnn", "Kho bạc Nhà nước khu vực", ["KBNN"], ["Phòng Kế toán"]),
]
COMMON_DIVISIONS = [
    ("vp", "Văn phòng Sở", ["Văn phòng"]),
    ("tt", "Thanh tra Sở", ["Thanh tra"]),
    ("khtc", "Phòng Kế hoạch - Tài chính", ["Phòng KHTC", "KHTC"]),
]
# The departments that ended on 1/3/2025 and the department that took each over.
FORMER_DEPARTMENTS = [
    ("skhdt", "Sở Kế hoạch và Đầu tư", "stc", ChangeKind.MERGE),
    ("sgtvt", "Sở Giao thông vận tải", "sxd", ChangeKind.MERGE),
    ("stnmt", "Sở Tài nguyên và Môi trường", "snnmt", ChangeKind.MERGE),
    ("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "snnmt", ChangeKind.MERGE),
    ("stttt", "Sở Thông tin và Truyền thông", "skhcn", ChangeKind.MERGE),
    ("sldtbxh", "Sở Lao động - Thương binh và Xã hội", "snv", ChangeKind.MERGE),
    ("bdt", "Ban Dân tộc", "sdttg", ChangeKind.RENAME),
]
WARDS = ["Hoàng Văn Thụ", "Tam Thanh", "Chi Lăng", "Đông Kinh"]
COMMUNES = [
    "Tân Tiến",
    "Hồng Phong",
    "Bình Trung",
    "Văn Lãng",
    "Quốc Khánh",
    "Tràng Định",
    "Đào Viên",
    "Khánh Long",
    "Bắc Sơn",
    "Hưng Vũ",
    "Vũ Lăng",
    "Nhất Hòa",
    "Bình Gia",
    "Hoa Thám",
    "Thiện Thuật",
    "Hồng Thái",
    "Văn Quan",
    "Điềm He",
    "Yên Phúc",
    "Tri Lễ",
    "Tân Đoàn",
    "Khánh Khê",
    "Cao Lộc",
    "Đồng Đăng",
    "Ba Sơn",
    "Công Sơn",
    "Lộc Bình",
    "Na Dương",
    "Mẫu Sơn",
    "Lợi Bác",
    "Thống Nhất",
    "Xuân Dương",
    "Đình Lập",
    "Châu Sơn",
    "Kiên Mộc",
    "Thái Bình",
    "Hữu Lũng",
    "Vân Nham",
    "Thiện Tân",
    "Tuấn Sơn",
    "Hữu Liên",
    "Cai Kinh",
    "Yên Bình",
    "Minh Tiến",
    "Chi Lăng Nam",
    "Quan Sơn",
    "Bằng Mạc",
    "Nhân Lý",
    "Chiến Thắng",
    "Thất Khê",
    "Kháng Chiến",
    "Quốc Việt",
    "Tân Văn",
    "Hòa Bình",
    "Trấn Yên",
    "Vạn Linh",
]
COMMUNE_DIVISIONS = [
    ("vp", "Văn phòng HĐND và UBND", ["Văn phòng UBND xã", "Văn phòng"]),
    ("kt", "Phòng Kinh tế", []),
    ("vhxh", "Phòng Văn hóa - Xã hội", []),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công", ["TTPVHCC xã", "Bộ phận một cửa"]),
]
FORMER_DISTRICTS = [
    ("h-bac", "UBND huyện Bắc Sơn", "UBND huyện"),
    ("h-van", "UBND huyện Văn Lãng", "UBND huyện"),
    ("h-loc", "UBND huyện Lộc Bình", "UBND huyện"),
    ("h-huu", "UBND huyện Hữu Lũng", "UBND huyện"),
    ("tp", "UBND thành phố Sơn Lâm", "UBND thành phố"),
]


@dataclass
class Province:
    root: OrgUnit
    departments: dict[str, OrgUnit]
    communes: list[OrgUnit]
    external: OrgUnit


def _unit(code, name, kind, parent=None, aliases=(), short="", group=None, order=0, **dates):
    return OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        aliases=list(aliases),
        short_name=short,
        peer_group=group,
        order=order,
        **dates,
    )


def build_province(rng: random.Random) -> Province:
    """Create the province, its departments with divisions, communes, and the 2025 history."""
    blocks = {
        code: PeerGroup.objects.create(code=code, name=name)
        for code, name in [
            ("khoi-so", "Khối sở, ban, ngành"),
            ("khoi-xa", "Khối xã"),
            ("khoi-phuong", "Khối phường"),
            ("khoi-huyen", "Khối huyện, thành phố"),
        ]
    }
    root = _unit(
        "tinh",
        f"UBND tỉnh {PROVINCE_NAME}",
        UnitKind.PROVINCE,
        aliases=["UBND tỉnh", f"Tỉnh {PROVINCE_NAME}", f"Tỉnh {STANDS_FOR}"],
        short="UBND tỉnh",
    )
    departments: dict[str, OrgUnit] = {}
    for order, (code, name, aliases, extra) in enumerate(DEPARTMENTS, start=1):
        dept = _unit(
            code, name, UnitKind.DEPARTMENT, root, aliases, group=blocks["khoi-so"], order=order
        )
        departments[code] = dept
        divisions = COMMON_DIVISIONS if code != "ttpvhcc" else []
        for sub_order, (sub, sub_name, sub_aliases) in enumerate(divisions, start=1):
            _unit(f"{code}-{sub}", sub_name, UnitKind.DIVISION, dept, sub_aliases, order=sub_order)
        for sub_order, sub_name in enumerate(extra, start=len(divisions) + 1):
            _unit(f"{code}-p{sub_order}", sub_name, UnitKind.DIVISION, dept, order=sub_order)
    external = _unit(
        "mttq",
        f"Ủy ban MTTQ Việt Nam tỉnh {PROVINCE_NAME}",
        UnitKind.EXTERNAL,
        root,
        ["Ủy ban MTTQ Việt Nam tỉnh", "MTTQ tỉnh"],
        order=90,
    )

    communes = []
    names = [(f"Phường {n}", "khoi-phuong", "p") for n in WARDS]
    names += [(f"Xã {n}", "khoi-xa", "x") for n in COMMUNES]
    for order, (name, block, prefix) in enumerate(names, start=100):
        code = f"{prefix}-{_slug(name.split(' ', 1)[1])}"
        commune = _unit(
            code,
            f"UBND {name[0].lower()}{name[1:]}",
            UnitKind.COMMUNE,
            root,
            [name],
            short=name,
            group=blocks[block],
            order=order,
            valid_from=TWO_TIER,
        )
        communes.append(commune)
        for sub_order, (sub, sub_name, sub_aliases) in enumerate(COMMUNE_DIVISIONS, start=1):
            _unit(
                f"{code}-{sub}",
                sub_name,
                UnitKind.DIVISION,
                commune,
                sub_aliases,
                order=sub_order,
                valid_from=TWO_TIER,
            )

    _history(root, departments, communes, blocks, rng)
    return Province(root=root, departments=departments, communes=communes, external=external)


def _history(root, departments, communes, blocks, rng: random.Random) -> None:
    ended_dept = MERGE_DEPARTMENTS - datetime.timedelta(days=1)
    for order, (code, name, successor, kind) in enumerate(FORMER_DEPARTMENTS, start=50):
        former = _unit(
            code,
            name,
            UnitKind.DEPARTMENT,
            root,
            group=blocks["khoi-so"],
            order=order,
            valid_until=ended_dept,
        )
        change = UnitChange.objects.create(
            kind=kind,
            date=MERGE_DEPARTMENTS,
            legal_basis="Nghị định 45/2025/NĐ-CP; Nghị quyết HĐND tỉnh số 04/2025",
        )
        change.predecessors.add(former)
        change.successors.add(departments[successor])
    ended_district = TWO_TIER - datetime.timedelta(days=1)
    shuffled = communes[:]
    rng.shuffle(shuffled)
    share = len(shuffled) // len(FORMER_DISTRICTS)
    for index, (code, name, _short) in enumerate(FORMER_DISTRICTS):
        district = _unit(
            code,
            name,
            UnitKind.DISTRICT,
            root,
            group=blocks["khoi-huyen"],
            order=200 + index,
            valid_until=ended_district,
        )
        _unit(
            f"{code}-pnv",
            "Phòng Nội vụ",
            UnitKind.DIVISION,
            district,
            ["PNV"],
            valid_until=ended_district,
        )
        _unit(
            f"{code}-vp",
            "Văn phòng HĐND và UBND",
            UnitKind.DIVISION,
            district,
            ["Văn phòng"],
            valid_until=ended_district,
        )
        change = UnitChange.objects.create(
            kind=ChangeKind.SPLIT,
            date=TWO_TIER,
            legal_basis="Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025",
            note="Kết thúc hoạt động cấp huyện; địa bàn chuyển về các xã, phường mới.",
        )
        change.predecessors.add(district)
        change.successors.add(*shuffled[index * share : (index + 1) * share])


def _slug(text: str) -> str:
    return search_key(text).replace(" ", "-")
