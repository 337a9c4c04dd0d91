"""The part of Lạng Sơn's org tree that the corpus plans name, for golden import tests."""

import datetime

from chiso.org.models import OrgUnit, UnitKind

ENDED = datetime.date(2025, 6, 30)

# code, name, kind, parent code, aliases, valid_until
UNITS = [
    ("ls", "UBND tỉnh Lạng Sơn", UnitKind.PROVINCE, None, ["UBND tỉnh"], None),
    ("snv", "Sở Nội vụ", UnitKind.DEPARTMENT, "ls", ["SNV"], None),
    ("sxd", "Sở Xây dựng", UnitKind.DEPARTMENT, "ls", ["SXD"], None),
    ("sxd-vp", "Văn phòng Sở", UnitKind.DIVISION, "sxd", [], None),
    ("sxd-tt", "Thanh tra Sở", UnitKind.DIVISION, "sxd", [], None),
    ("sxd-khtc", "Phòng Kế hoạch - Tài chính", UnitKind.DIVISION, "sxd", ["Phòng KHTC"], None),
    ("sxd-qlxd", "Phòng Quản lý hoạt động xây dựng", UnitKind.DIVISION, "sxd", [], None),
    (
        "ttpvhcc",
        "Trung tâm Phục vụ hành chính công tỉnh",
        UnitKind.DEPARTMENT,
        "ls",
        ["TTPVHCC"],
        None,
    ),
    ("ttt", "Thanh tra tỉnh", UnitKind.DEPARTMENT, "ls", [], None),
    ("ttt-vp", "Văn phòng", UnitKind.DIVISION, "ttt", [], None),
    ("ttt-nv1", "Phòng Nghiệp vụ 1", UnitKind.DIVISION, "ttt", [], None),
    ("ttt-nv2", "Phòng Nghiệp vụ 2", UnitKind.DIVISION, "ttt", [], None),
    ("mttq", "Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn", UnitKind.EXTERNAL, "ls", [], None),
    ("vq", "UBND huyện Văn Quan", UnitKind.DISTRICT, "ls", [], ENDED),
    ("vq-pnv", "Phòng Nội vụ", UnitKind.DIVISION, "vq", [], ENDED),
    ("vq-vp", "Văn phòng HĐND và UBND huyện", UnitKind.DIVISION, "vq", [], ENDED),
    ("vq-vhtt", "Phòng Văn hóa và Thông tin", UnitKind.DIVISION, "vq", [], ENDED),
    ("vq-tt", "Thanh tra huyện", UnitKind.DIVISION, "vq", [], ENDED),
    ("vq-ttvh", "Trung tâm Văn hóa, Thể thao và Truyền thông", UnitKind.DIVISION, "vq", [], ENDED),
    ("vq-mttq", "Ủy ban MTTQ Việt Nam huyện Văn Quan", UnitKind.EXTERNAL, "vq", [], ENDED),
    ("vq-x1", "UBND xã Tân Đoàn", UnitKind.COMMUNE, "vq", [], ENDED),
    ("vq-x2", "UBND thị trấn Văn Quan", UnitKind.COMMUNE, "vq", [], ENDED),
    ("tp", "UBND thành phố Lạng Sơn", UnitKind.DISTRICT, "ls", ["UBND TP Lạng Sơn"], ENDED),
    ("tp-pnv", "Phòng Nội vụ", UnitKind.DIVISION, "tp", [], ENDED),
    ("tp-vp", "Văn phòng HĐND và UBND thành phố", UnitKind.DIVISION, "tp", [], ENDED),
    ("tp-tt", "Thanh tra thành phố", UnitKind.DIVISION, "tp", [], ENDED),
    ("tp-ttvh", "Trung tâm Văn hóa và Thể thao", UnitKind.DIVISION, "tp", [], ENDED),
    ("tp-mttq", "Ủy ban MTTQ Việt Nam thành phố Lạng Sơn", UnitKind.EXTERNAL, "tp", [], ENDED),
    ("tp-p1", "UBND phường Hoàng Văn Thụ", UnitKind.COMMUNE, "tp", [], ENDED),
    ("tp-x1", "UBND xã Mai Pha", UnitKind.COMMUNE, "tp", [], ENDED),
]


def build_lang_son() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for code, name, kind, parent, aliases, until in UNITS:
        units[code] = OrgUnit.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=units.get(parent),
            aliases=aliases,
            valid_until=until,
        )
    return units
