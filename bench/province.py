"""A big province for the benchmarks, built quickly and deterministically with bulk inserts.

`unit_specs(scale)` is the org tree as plain values (the matching benchmark reads it without a
database); `build_province(scale, today)` writes that tree, the plans, their tasks and the two
users the page benchmark logs in as. Import after Django is set up (see `bench/scratch.py`).
"""

import datetime
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction

from chiso.accounts.models import Role, User
from chiso.demo.province import (
    COMMON_DIVISIONS,
    COMMUNE_DIVISIONS,
    COMMUNES,
    DEPARTMENTS,
    FORMER_DEPARTMENTS,
    FORMER_DISTRICTS,
    MERGE_DEPARTMENTS,
    PROVINCE_NAME,
    TWO_TIER,
    WARDS,
)
from chiso.frameworks.loading import load_builtin_frameworks
from chiso.org.models import ChangeKind, OrgUnit, PeerGroup, UnitChange, UnitKind
from chiso.plans.models import Plan, Task
from chiso.tracking.summaries import rebuild_all
from chiso.vietnamese.text import nfc, search_key

from .progress import write_progress
from .province_plans import write_plans

SEED = 2025
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    name: str
    departments: int
    divisions_per_department: int
    communes: int  # each with the four divisions of a commune
    plans: int  # the provincial plan included
    tasks: int
    provincial_tasks: int


SCALES = {
    "small": Scale("small", 20, 5, 30, plans=40, tasks=4_000, provincial_tasks=150),
    "large": Scale("large", 45, 10, 500, plans=600, tasks=150_000, provincial_tasks=180),
}

# Bodies at department level beyond the demo's twenty: (code, name, aliases).
EXTRA_DEPARTMENTS = [
    ("bqlda", "Ban Quản lý dự án đầu tư xây dựng tỉnh", ["BQLDA"]),
    ("bptth", "Báo và Phát thanh, Truyền hình tỉnh", ["Báo và PTTH"]),
    ("tcd", "Trường Cao đẳng tỉnh", []),
    ("lmhtx", "Liên minh Hợp tác xã tỉnh", ["LMHTX"]),
    ("bqlr", "Ban Quản lý rừng đặc dụng", []),
    ("ttxt", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch", ["TTXTĐT"]),
    ("ttcntt", "Trung tâm Công nghệ thông tin và truyền thông", []),
    ("bchqs", "Bộ Chỉ huy Quân sự tỉnh", ["BCHQS tỉnh"]),
    ("bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", ["BĐBP tỉnh"]),
    ("tand", "Tòa án nhân dân tỉnh", ["TAND tỉnh"]),
    ("vks", "Viện Kiểm sát nhân dân tỉnh", ["VKSND tỉnh"]),
    ("nhnn", "Ngân hàng Nhà nước khu vực", ["NHNN"]),
    ("hq", "Chi cục Hải quan khu vực", []),
    ("tk", "Thống kê tỉnh", ["Cục Thống kê"]),
    ("dl", "Công ty Điện lực tỉnh", ["Điện lực tỉnh"]),
    ("bd", "Bưu điện tỉnh", []),
    ("vt", "Viễn thông tỉnh", ["VNPT tỉnh"]),
    ("qbl", "Quỹ Bảo lãnh tín dụng tỉnh", []),
    ("qdt", "Quỹ Đầu tư phát triển tỉnh", []),
    ("nhcs", "Chi nhánh Ngân hàng Chính sách xã hội tỉnh", ["NHCSXH tỉnh"]),
    ("ttdg", "Trung tâm Dịch vụ đấu giá tài sản", []),
    ("vpdk", "Văn phòng Đăng ký đất đai", ["VPĐKĐĐ"]),
    ("cdc", "Trung tâm Kiểm soát bệnh tật tỉnh", ["CDC tỉnh"]),
    ("bvdk", "Bệnh viện Đa khoa tỉnh", ["BVĐK tỉnh"]),
    ("ttgdnn", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", []),
]
# Divisions a department may have beyond its own, in the order they are handed out.
DIVISION_POOL = [
    "Phòng Tổ chức cán bộ",
    "Phòng Pháp chế",
    "Phòng Quản lý chuyên ngành",
    "Phòng Tổng hợp",
    "Phòng Quản lý chất lượng",
    "Phòng Chuyển đổi số",
    "Phòng Hợp tác quốc tế",
    "Trung tâm Dịch vụ công",
    "Chi cục Quản lý chuyên ngành",
    "Phòng Nghiệp vụ 1",
    "Phòng Nghiệp vụ 2",
    "Phòng Nghiệp vụ 3",
]
# Syllables of place names: pairs of them name the communes beyond the demo's real ones.
SYLLABLES = (
    "An Bình Cẩm Chiến Đại Đông Đức Gia Hà Hải Hòa Hồng Hưng Hữu Khánh Kim Lâm Long Lộc Minh "
    "Nam Nghĩa Ngọc Phong Phú Phúc Quang Sơn Tân Thái Thạnh Thành Thịnh Thuận Tiến Trung Tú "
    "Vân Vĩnh Xuân Yên"
)
PEER_GROUPS = {
    "khoi-so": "Khối sở, ban, ngành",
    "khoi-xa": "Khối xã",
    "khoi-phuong": "Khối phường",
    "khoi-huyen": "Khối huyện, thành phố",
}


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None = None  # the parent's code
    short_name: str = ""
    aliases: tuple[str, ...] = ()
    group: str = ""
    order: int = 0
    valid_until: datetime.date | None = None


@dataclass
class Province:
    """What the benchmarks need to find again in the built province."""

    root: OrgUnit
    provincial_plan: Plan
    officer_unit: OrgUnit
    coordinator: User
    officer: User
    units: int
    plans: int
    tasks: int
    coordinator_links: int
    updates: int
    seconds: float


def unit_specs(scale: Scale) -> list[UnitSpec]:
    """The org tree of a province of this scale, parents before their children."""
    root = UnitSpec(
        "tinh",
        f"UBND tỉnh {PROVINCE_NAME}",
        UnitKind.PROVINCE,
        short_name="UBND tỉnh",
        aliases=("UBND tỉnh", f"Tỉnh {PROVINCE_NAME}"),
    )
    specs = [root]
    departments = [*DEPARTMENTS, *((c, n, a, []) for c, n, a in EXTRA_DEPARTMENTS)]
    for order, (code, name, aliases, extra) in enumerate(departments[: scale.departments], 1):
        specs.append(
            UnitSpec(code, name, UnitKind.DEPARTMENT, "tinh", "", tuple(aliases), "khoi-so", order)
        )
        divisions = {division: tuple(names) for _c, division, names in COMMON_DIVISIONS}
        for division in [*extra, *DIVISION_POOL]:
            divisions.setdefault(division, ())
        wanted = list(divisions.items())[: scale.divisions_per_department]
        for sub, (sub_name, sub_aliases) in enumerate(wanted, 1):
            specs.append(
                UnitSpec(
                    f"{code}-{sub}",
                    sub_name,
                    UnitKind.DIVISION,
                    code,
                    aliases=sub_aliases,
                    order=sub,
                )
            )
    for index, place in enumerate(commune_names(scale.communes)):
        word, group = ("Phường", "khoi-phuong") if index % 8 == 0 else ("Xã", "khoi-xa")
        code = f"x{index:04d}"
        specs.append(
            UnitSpec(
                code,
                f"UBND {word.lower()} {place}",
                UnitKind.COMMUNE,
                "tinh",
                f"{word} {place}",
                (f"{word} {place}",),
                group,
                100 + index,
            )
        )
        for sub, (_sub_code, sub_name, sub_aliases) in enumerate(COMMUNE_DIVISIONS, 1):
            specs.append(
                UnitSpec(f"{code}-{sub}", sub_name, UnitKind.DIVISION, code, "", tuple(sub_aliases))
            )
    return specs + _former_units({spec.code for spec in specs})


def commune_names(count: int) -> list[str]:
    """The demo's real place names, then pairs of syllables in a fixed shuffled order.

    Two names alike without diacritics ("Lộc Thành", "Lộc Thạnh") are not both kept: one
    province rarely has both, and the matching benchmark means each name to find one unit.
    """
    syllables = SYLLABLES.split()
    pairs = [(a, b) for i, a in enumerate(syllables) for b in syllables[i + 1 :]]
    random.Random(SEED).shuffle(pairs)
    names: dict[str, str] = {}
    for name in [*WARDS, *COMMUNES, *(f"{a} {b}" for a, b in pairs)]:
        names.setdefault(search_key(name), name)
    return list(names.values())[:count]


def _former_units(current: set[str]) -> list[UnitSpec]:
    """Departments merged in 2025 and the districts that ended on 1/7/2025."""
    ended_dept = MERGE_DEPARTMENTS - datetime.timedelta(days=1)
    ended_district = TWO_TIER - datetime.timedelta(days=1)
    specs = [
        UnitSpec(code, name, UnitKind.DEPARTMENT, "tinh", group="khoi-so", valid_until=ended_dept)
        for code, name, successor, _kind in FORMER_DEPARTMENTS
        if successor in current
    ]
    for index, (code, name, short) in enumerate(FORMER_DISTRICTS):
        specs.append(
            UnitSpec(
                code,
                name,
                UnitKind.DISTRICT,
                "tinh",
                short,
                group="khoi-huyen",
                order=200 + index,
                valid_until=ended_district,
            )
        )
        for sub, sub_name in enumerate(["Phòng Nội vụ", "Văn phòng HĐND và UBND"], 1):
            specs.append(
                UnitSpec(
                    f"{code}-{sub}",
                    sub_name,
                    UnitKind.DIVISION,
                    code,
                    order=sub,
                    valid_until=ended_district,
                )
            )
    return specs


@transaction.atomic
def build_province(scale: Scale, today: datetime.date) -> Province:
    """Write the province of this scale: units, frameworks, plans, tasks and two users."""
    started = time.perf_counter()
    rng = random.Random(SEED)
    units = _write_units(unit_specs(scale))
    _write_history(units)
    load_builtin_frameworks()
    provincial = write_plans(scale, units, today, rng)
    updates = write_progress(rng)
    rebuild_all()  # tasks and updates were written in bulk: the summary rows, once
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a bulk load
            cursor.execute("ANALYZE")
    coordinator = _user("bench-coordinator", units["snv-4"], Role.COORDINATOR)
    officer = _user("bench-officer", units["sxd"], Role.OFFICER)
    return Province(
        root=units["tinh"],
        provincial_plan=provincial,
        officer_unit=units["sxd"],
        coordinator=coordinator,
        officer=officer,
        units=OrgUnit.objects.count(),
        plans=Plan.objects.count(),
        tasks=Task.objects.count(),
        coordinator_links=Task.coordinators.through.objects.count(),
        updates=updates,
        seconds=time.perf_counter() - started,
    )


def _write_units(specs: list[UnitSpec]) -> dict[str, OrgUnit]:
    """Insert level by level (a parent needs its id), then set every `path` in one pass."""
    groups = {
        code: PeerGroup.objects.create(code=code, name=name) for code, name in PEER_GROUPS.items()
    }
    depth: dict[str, int] = {}
    for spec in specs:
        depth[spec.code] = depth[spec.parent] + 1 if spec.parent else 0
    units: dict[str, OrgUnit] = {}
    for level in range(max(depth.values()) + 1):
        batch = [
            OrgUnit(
                code=spec.code,
                name=nfc(spec.name),
                short_name=nfc(spec.short_name),
                aliases=[nfc(alias) for alias in spec.aliases],
                kind=spec.kind,
                parent=units[spec.parent] if spec.parent else None,
                peer_group=groups.get(spec.group),
                order=spec.order,
                valid_until=spec.valid_until,
                search_key=search_key(spec.name)[:255],
            )
            for spec in specs
            if depth[spec.code] == level
        ]
        OrgUnit.objects.bulk_create(batch, batch_size=BATCH)
        for unit in batch:
            parent_path = unit.parent.path if unit.parent else "/"
            unit.path = f"{parent_path}{unit.pk}/"
            units[unit.code] = unit
    OrgUnit.objects.bulk_update(units.values(), ["path"], batch_size=500)
    return units


def _write_history(units: dict[str, OrgUnit]) -> None:
    for code, _name, successor, kind in FORMER_DEPARTMENTS:
        if code in units:
            change = UnitChange.objects.create(kind=kind, date=MERGE_DEPARTMENTS)
            change.predecessors.add(units[code])
            change.successors.add(units[successor])
    communes = [unit for unit in units.values() if unit.kind == UnitKind.COMMUNE]
    for index, (code, _name, _short) in enumerate(FORMER_DISTRICTS):
        change = UnitChange.objects.create(kind=ChangeKind.SPLIT, date=TWO_TIER)
        change.predecessors.add(units[code])
        change.successors.add(*communes[index :: len(FORMER_DISTRICTS)])


def _user(username: str, unit: OrgUnit, role: str) -> User:
    user = User(username=username, full_name=f"Người dùng {role}", unit=unit, role=role)
    user.set_unusable_password()
    user.save()
    return user
