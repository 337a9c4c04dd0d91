"""A dossier export of the demo province, as its one-stop shops would send it: the months
from January of last year to today, each unit with rates of its own (mostly on time, some
late with or without an apology letter, recent dossiers still pending). Deterministic for a
given day, and imported as an uploaded file is, through the jobs runner."""

import csv
import datetime
import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile

from chiso.accounts.models import User
from chiso.indicators.catalog import Source
from chiso.metrics.columns import COLUMNS
from chiso.metrics.periods import add_months
from chiso.metrics.tasks import import_record, new_import
from chiso.org.models import OrgUnit, UnitKind

from .province import Province

SEED = 766  # Quyết định 766/QĐ-TTg, the national service index
CHANNELS = ["Trực tiếp", "Bưu chính", "Trực tuyến một phần", "Trực tuyến toàn trình"]
# (procedure, days allowed, fee-bearing), by the receiving unit's kind or department code
PROCEDURES = {
    "sxd": [
        ("Cấp giấy phép xây dựng công trình", 20, True),
        ("Cấp chứng chỉ hành nghề hoạt động xây dựng", 20, True),
        ("Cấp giấy phép lái xe (đổi)", 5, True),
    ],
    "stp": [
        ("Cấp phiếu lý lịch tư pháp", 10, True),
        ("Chứng thực bản sao từ bản chính", 1, True),
        ("Đăng ký hoạt động văn phòng công chứng", 10, False),
    ],
    "stc": [
        ("Đăng ký thành lập doanh nghiệp", 3, False),
        ("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", 3, True),
    ],
    "snnmt": [
        ("Đăng ký đất đai, cấp giấy chứng nhận lần đầu", 20, True),
        ("Cấp giấy phép khai thác nước dưới đất", 25, True),
    ],
    "syt": [
        ("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", 20, True),
        ("Cấp giấy chứng nhận đủ điều kiện kinh doanh dược", 20, True),
    ],
    UnitKind.DEPARTMENT: [
        ("Cấp giấy phép hoạt động chuyên ngành", 15, True),
        ("Giải quyết kiến nghị, thủ tục nội bộ ngành", 10, False),
    ],
    UnitKind.DISTRICT: [
        ("Cấp giấy chứng nhận quyền sử dụng đất", 15, True),
        ("Cấp giấy chứng nhận đăng ký hộ kinh doanh", 3, True),
        ("Chứng thực hợp đồng, giao dịch", 2, True),
    ],
    UnitKind.COMMUNE: [
        ("Đăng ký khai sinh", 1, False),
        ("Đăng ký thường trú", 7, False),
        ("Chứng thực bản sao từ bản chính", 1, True),
        ("Cấp giấy chứng nhận đăng ký hộ kinh doanh", 3, True),
        ("Xác nhận tình trạng hôn nhân", 3, True),
    ],
}
# Dossiers a unit receives in a month, by kind; the departments with most procedures more.
MONTHLY = {UnitKind.DEPARTMENT: (4, 9), UnitKind.DISTRICT: (12, 20), UnitKind.COMMUNE: (1, 4)}
BUSY = {"sxd", "stp", "stc", "snnmt", "syt"}
BUSY_MONTHLY = (20, 35)


@dataclass(frozen=True)
class _Profile:
    """How well a unit serves: each rate drawn once per unit."""

    on_time: float
    apology: float
    online: float  # share of online full-process dossiers at the start, rising each month
    digitised: float
    paid_online: float


def _receivers(province: Province) -> list[OrgUnit]:
    """Departments all along, districts until they ended, communes since they began."""
    districts = list(OrgUnit.objects.filter(kind=UnitKind.DISTRICT).order_by("code"))
    return [*province.departments.values(), *districts, *province.communes]


def dossier_rows(province: Province, today: datetime.date) -> list[list[str]]:
    """The export's rows: a few thousand dossiers received from January of last year on."""
    rng = random.Random(SEED)
    first = datetime.date(today.year - 1, 1, 1)
    rows: list[list[str]] = []
    for unit in _receivers(province):
        profile = _Profile(
            on_time=rng.uniform(0.86, 0.995),
            apology=rng.uniform(0.3, 0.95),
            online=rng.uniform(0.2, 0.55),
            digitised=rng.uniform(0.55, 0.95),
            paid_online=rng.uniform(0.3, 0.8),
        )
        procedures = PROCEDURES.get(unit.code) or PROCEDURES[unit.kind]
        low, high = BUSY_MONTHLY if unit.code in BUSY else MONTHLY[unit.kind]
        number = 0
        for months in range(_months(first, today) + 1):
            month = add_months(first, months)
            online = min(0.9, profile.online + 0.015 * months)  # more online every month
            for _n in range(rng.randint(low, high)):
                number += 1
                received = month + datetime.timedelta(days=rng.randrange(28))
                if received <= today and unit.is_active_on(received):
                    code = f"{unit.code.upper()}-{received:%y%m%d}-{number:04d}"
                    procedure = rng.choice(procedures)
                    rows.append(
                        _dossier(rng, code, unit, procedure, received, today, profile, online)
                    )
    return rows


def _months(first: datetime.date, day: datetime.date) -> int:
    return (day.year - first.year) * 12 + day.month - first.month


def _dossier(rng, code, unit, procedure, received, today, profile, online) -> list[str]:
    name, days, fee = procedure
    due = received + datetime.timedelta(days=days)
    late = rng.random() > profile.on_time
    if late:
        finished = due + datetime.timedelta(days=rng.randint(1, 12))
    else:
        finished = received + datetime.timedelta(days=rng.randint(0, days))
    pending = finished > today or rng.random() < 0.004  # a few stay open past their due date
    returned = finished + datetime.timedelta(days=rng.choice([0] * 8 + [1, 3]))
    channel = (
        CHANNELS[3] if rng.random() < online else rng.choices(CHANNELS[:3], weights=[6, 1, 3])[0]
    )
    paid = fee and rng.random() < (profile.paid_online + (0.15 if channel == CHANNELS[3] else 0))
    return [
        code,
        unit.name,
        name,
        received.strftime("%d/%m/%Y"),
        due.strftime("%d/%m/%Y"),
        "" if pending else finished.strftime("%d/%m/%Y"),
        "" if pending or returned > today else returned.strftime("%d/%m/%Y"),
        channel,
        _yes(rng.random() < profile.digitised),
        _yes(fee),
        _yes(paid),
        _yes(late and not pending and rng.random() < profile.apology),
    ]


def feedback_rows(province: Province, today: datetime.date) -> list[list[str]]:
    """Citizens' feedback (PAKN) to the same units: a few a month each, due in 10 days, most
    answered in time."""
    rng = random.Random(SEED + 1)
    first = datetime.date(today.year - 1, 1, 1)
    rows: list[list[str]] = []
    for unit in _receivers(province):
        in_time = rng.uniform(0.7, 0.98)
        for months in range(_months(first, today) + 1):
            month = add_months(first, months)
            for number in range(rng.randint(0, 3)):
                received = month + datetime.timedelta(days=rng.randrange(28))
                if received > today or not unit.is_active_on(received):
                    continue
                due = received + datetime.timedelta(days=10)
                late = rng.random() > in_time
                answered = (
                    due + datetime.timedelta(days=rng.randint(1, 20))
                    if late
                    else (received + datetime.timedelta(days=rng.randint(1, 10)))
                )
                open_ = answered > today or rng.random() < 0.02
                code = f"PAKN-{unit.code.upper()}-{received:%y%m%d}-{number + 1}"
                rows.append(
                    [
                        code,
                        unit.name,
                        received.strftime("%d/%m/%Y"),
                        due.strftime("%d/%m/%Y"),
                        "" if open_ else answered.strftime("%d/%m/%Y"),
                    ]
                )
    return rows


def _yes(flag: bool) -> str:
    return "Có" if flag else "Không"


def import_demo_dossiers(province: Province, today: datetime.date, user: User) -> int:
    """Write the dossier and feedback exports into the media folder as `user`'s uploads and
    import them; returns the number of dossiers stored."""
    _import(Source.FEEDBACK, "pakn-tinh.csv", feedback_rows(province, today), user)
    return _import(Source.DOSSIERS, "ho-so-mot-cua-tinh.csv", dossier_rows(province, today), user)


def _import(kind: str, name: str, rows: list[list[str]], user: User) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in COLUMNS[kind]])
    writer.writerows(rows)
    upload = ContentFile(buffer.getvalue().encode("utf-8-sig"), name=name)
    record = new_import(kind, name, user=user, upload=upload)
    result = import_record(record)
    if result is None:
        raise RuntimeError(record.job.message)
    return result.rows
