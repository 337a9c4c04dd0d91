"""Synthetic exports of a province's one-stop-shop system: dossiers (hồ sơ TTHC) and feedback
(PAKN), one row per record, with what real exports carry: skewed unit sizes, names without
diacritics, pending and late dossiers, dossiers exported twice, and a share of bad rows.

Rows are drawn as numpy arrays a chunk at a time and turned into text through small lookup
tables, so memory stays flat and no Python loop runs per row. A seed gives the same file.
"""

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np
from openpyxl import Workbook

from chiso.vietnamese.text import strip_accents

DOSSIER_HEADER = (
    "Mã hồ sơ",
    "Đơn vị",
    "Thủ tục",
    "Ngày tiếp nhận",
    "Hạn xử lý",
    "Ngày hoàn thành",
    "Ngày trả kết quả",
    "Kênh nộp",
    "Số hóa",
    "Có phí",
    "Thanh toán trực tuyến",
    "Thư xin lỗi",
)
FEEDBACK_HEADER = ("Mã PAKN", "Đơn vị", "Ngày tiếp nhận", "Hạn xử lý", "Ngày trả lời")
CHANNELS = ("Trực tiếp", "Bưu chính", "Trực tuyến một phần", "Trực tuyến toàn trình")
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows below its header

FIRST_DAY = date(2025, 1, 1)
EXPORT_DAY = date(2026, 6, 30)  # the last day received, and the day of the export
_DAYS = (EXPORT_DAY - FIRST_DAY).days + 1
_TET = (date(2025, 1, 29), date(2026, 2, 17))
_CHUNK = 250_000
_FORMAT = "1"  # part of cached file names: change it when the generated rows change

_LICENCE_VERBS = ("Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh")
_LICENCES = (
    "giấy phép xây dựng nhà ở riêng lẻ",
    "giấy phép xây dựng công trình không theo tuyến",
    "giấy phép sửa chữa, cải tạo công trình",
    "giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "giấy chứng nhận đăng ký doanh nghiệp",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép bán lẻ rượu",
    "giấy phép bán lẻ sản phẩm thuốc lá",
    "giấy phép kinh doanh vận tải bằng xe ô tô",
    "giấy phép lái xe",
    "chứng chỉ hành nghề khám bệnh, chữa bệnh",
    "giấy phép hoạt động cơ sở khám bệnh, chữa bệnh",
    "chứng chỉ hành nghề dược",
    "giấy chứng nhận đủ điều kiện kinh doanh dược",
    "giấy phép lao động cho người nước ngoài",
    "giấy phép môi trường",
    "giấy phép khai thác nước dưới đất",
    "giấy phép hoạt động điện lực",
    "giấy phép tổ chức biểu diễn nghệ thuật",
    "giấy chứng nhận đăng ký hợp tác xã",
    "thẻ hướng dẫn viên du lịch",
    "chứng chỉ hành nghề môi giới bất động sản",
    "giấy phép kinh doanh karaoke",
)
_COMMON_PROCEDURES = (
    "Chứng thực bản sao từ bản chính",
    "Đăng ký khai sinh",
    "Chứng thực chữ ký trong giấy tờ, văn bản",
    "Đăng ký thường trú",
    "Đăng ký kết hôn",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký biến động quyền sử dụng đất",
    "Đăng ký tạm trú",
    "Đăng ký khai tử",
    "Cấp phiếu lý lịch tư pháp",
    "Cấp bản sao trích lục hộ tịch",
    "Chứng thực hợp đồng, giao dịch",
    "Giải quyết trợ cấp thất nghiệp",
    "Hưởng trợ cấp xã hội hằng tháng",
    "Tách thửa hoặc hợp thửa đất",
    "Chuyển mục đích sử dụng đất",
    "Đăng ký xe",
    "Đăng ký lại khai sinh",
    "Đăng ký nhận cha, mẹ, con",
    "Xác nhận hộ gia đình nghèo, cận nghèo",
    "Chuyển trường đối với học sinh trung học cơ sở",
    "Giải quyết chế độ mai táng phí",
    "Thông báo khuyến mại",
    "Cấp biển số nhà",
    "Hỗ trợ học nghề",
    "Đăng ký khai thác thủy sản",
    "Công nhận trường đạt chuẩn quốc gia",
    "Thẩm định báo cáo đánh giá tác động môi trường",
    "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
    "Phê duyệt phương án bồi thường, hỗ trợ, tái định cư",
)
_PROCEDURES = (
    *_COMMON_PROCEDURES,
    *(f"{verb} {licence}" for licence in _LICENCES for verb in _LICENCE_VERBS),
)  # 150, the most requested first
# How often a unit's name is written as given, without diacritics, in upper and in lower case.
_WRITTEN = (0.88, 0.1, 0.01, 0.01)
# (column index, text) of each kind of bad row: every one is rejected by the rules.
_DOSSIER_FAULTS = (
    (3, "31/02/2025"),
    (4, "abc"),
    (1, "Đơn vị chưa khai báo"),
    (7, "Fax"),
    (8, "có lẽ"),
    (0, ""),
)
_FEEDBACK_FAULTS = ((2, "31/02/2025"), (3, "abc"), (1, "Đơn vị chưa khai báo"), (0, ""))

ExportKind = Literal["dossiers", "dossiers-xlsx", "feedback"]
Field = Callable[[str], str]  # a text as the target format writes it


def write_dossiers(
    path: Path,
    rows: int,
    unit_names: Sequence[str],
    seed: int = 2025,
    bad_fraction: float = 0.001,
) -> Path:
    """A dossier export as CSV, UTF-8 with a BOM as Excel writes it."""
    return _write_csv(
        path, DOSSIER_HEADER, _dossier_columns(rows, unit_names, seed, bad_fraction, _csv_field)
    )


def write_dossiers_xlsx(
    path: Path,
    rows: int,
    unit_names: Sequence[str],
    seed: int = 2025,
    bad_fraction: float = 0.001,
) -> Path:
    """The rows `write_dossiers` writes for the same arguments, as one streamed xlsx sheet."""
    if rows > XLSX_MAX_ROWS:
        raise ValueError(f"an xlsx sheet holds at most {XLSX_MAX_ROWS:,} rows")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(DOSSIER_HEADER)
    for columns in _dossier_columns(rows, unit_names, seed, bad_fraction, str):
        for row in zip(*(column.tolist() for column in columns), strict=True):
            sheet.append(row)
    book.save(path)
    return path


def write_feedback(
    path: Path,
    rows: int,
    unit_names: Sequence[str],
    seed: int = 2025,
    bad_fraction: float = 0.001,
) -> Path:
    """A feedback (PAKN) export as CSV, UTF-8 with a BOM."""
    return _write_csv(
        path, FEEDBACK_HEADER, _feedback_columns(rows, unit_names, seed, bad_fraction)
    )


def cached_export(
    directory: Path, kind: ExportKind, rows: int, unit_names: Sequence[str], seed: int = 2025
) -> Path:
    """The export of `kind` for these arguments in `directory`, written unless already there."""
    writer, suffix = {
        "dossiers": (write_dossiers, ".csv"),
        "dossiers-xlsx": (write_dossiers_xlsx, ".xlsx"),
        "feedback": (write_feedback, ".csv"),
    }[kind]
    digest = hashlib.sha1("\n".join([_FORMAT, *unit_names]).encode()).hexdigest()[:10]
    path = directory / f"{kind}-{rows}-s{seed}-{digest}{suffix}"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so an interrupted run leaves no half file to reuse.
        partial = path.with_name(f"partial-{path.name}")
        writer(partial, rows, unit_names, seed)
        os.replace(partial, path)
    return path


@dataclass(frozen=True)
class _Province:
    """What every chunk draws from: the units, the days, and the texts they are written as."""

    unit_weights: np.ndarray
    online_share: np.ndarray  # each unit's share of fully online dossiers
    unit_texts: np.ndarray  # per unit: as given, without diacritics, upper case, lower case
    code_prefixes: np.ndarray
    day_weights: np.ndarray
    dates: np.ndarray  # "dd/mm/yyyy" by day number from FIRST_DAY
    code_days: np.ndarray  # "yymmdd" by day number
    times: np.ndarray  # "HH:MM" by minute of the day


def _province(unit_names: Sequence[str], rng: np.random.Generator, field: Field) -> _Province:
    # A few large units (a provincial service centre, big communes) and many small ones.
    ranks = rng.permutation(len(unit_names)) + 1
    days = [FIRST_DAY + timedelta(offset) for offset in range(_DAYS + 60)]
    return _Province(
        unit_weights=_normalised(1 / ranks**0.9),
        online_share=rng.beta(2, 4, len(unit_names)),
        unit_texts=_table(
            field(written)
            for name in unit_names
            for written in (name, strip_accents(name), name.upper(), name.lower())
        ),
        code_prefixes=_table(
            f"{i // 10_000:03d}.{i // 100 % 100:02d}.{i % 100:02d}.H40"
            for i in range(len(unit_names))
        ),
        day_weights=_normalised(np.array([_day_weight(day) for day in days[:_DAYS]])),
        dates=_table(day.strftime("%d/%m/%Y") for day in days),
        code_days=_table(day.strftime("%y%m%d") for day in days),
        times=_table(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(1440)),
    )


def _day_weight(day: date) -> float:
    """Few dossiers at weekends and around Tết, more towards the end of the year."""
    weight = (1.0, 1.0, 1.0, 1.0, 1.0, 0.25, 0.05)[day.weekday()]
    from_tet = min(abs((day - tet).days) for tet in _TET)
    if from_tet <= 6:
        weight *= 0.15
    elif from_tet <= 20:
        weight *= 0.7
    if day.month >= 10:
        weight *= 1.4 if day.month == 12 else 1.25
    return weight


def _dossier_columns(
    rows: int, unit_names: Sequence[str], seed: int, bad_fraction: float, field: Field
) -> Iterator[list[np.ndarray]]:
    """The export's twelve columns as arrays of text, a chunk at a time."""
    rng = np.random.default_rng(seed)
    province = _province(unit_names, rng, field)
    procedure_texts = _table(map(field, _PROCEDURES))
    procedure_weights = _normalised(1 / np.arange(1, len(_PROCEDURES) + 1) ** 1.1)
    # Days allowed by each procedure; civil status and certification are the quick ones.
    processing_days = np.concatenate(
        [
            rng.choice((1, 2, 3, 5), len(_COMMON_PROCEDURES)),
            rng.choice((3, 5, 7, 10, 15, 20), len(_PROCEDURES) - len(_COMMON_PROCEDURES)),
        ]
    )
    channel_texts = _table(field(text) for name in CHANNELS for text in (name, strip_accents(name)))
    counts = np.zeros(len(unit_names) * _DAYS, dtype=np.int64)
    for start in range(0, rows, _CHUNK):
        n = min(_CHUNK, rows - start)
        unit = rng.choice(len(unit_names), n, p=province.unit_weights)
        day = rng.choice(_DAYS, n, p=province.day_weights)
        full = rng.random(n) < province.online_share[unit]
        procedure = rng.choice(len(_PROCEDURES), n, p=procedure_weights)
        allowed = processing_days[procedure]
        due = day + allowed
        outcome = rng.random(n)
        finished = day + (rng.random(n) * allowed).astype(np.int64)
        finished = np.where(outcome < 0.11, due, finished)
        finished = np.where(outcome < 0.03, due + rng.integers(1, 16, n), finished)
        # Mostly the last month's dossiers are still being processed on the export day.
        pending = (rng.random(n) < np.where(day >= _DAYS - 30, 0.6, 0.017)) | (finished >= _DAYS)
        returned = finished + rng.choice(4, n, p=(0.55, 0.25, 0.12, 0.08))
        # Counters open 7:00–17:30; fully online dossiers arrive at any hour.
        minute = np.where(full, rng.integers(0, 1440, n), rng.integers(420, 1050, n))
        finished_minute = _later(rng.integers(450, 1050, n), minute, finished == day)
        returned_minute = _later(rng.integers(450, 1050, n), finished_minute, returned == finished)
        fee = rng.random(n) < 0.4
        facts = {
            "unit": unit,
            "written": rng.choice(4, n, p=_WRITTEN),
            "number": _numbered(unit * _DAYS + day, counts),
            "procedure": procedure,
            "day": day,
            "minute": minute,
            "due": due,
            "due_has_time": rng.random(n) < 0.7,
            "finished": finished,
            "finished_minute": finished_minute,
            "pending": pending,
            "returned": returned,
            "returned_minute": returned_minute,
            "not_returned": pending | (rng.random(n) < 0.12) | (returned >= _DAYS),
            "channel": np.where(full, 3, rng.choice(3, n, p=(0.65, 0.07, 0.28))) * 2
            + (rng.random(n) < 0.05),
            "digitised": rng.random(n) < 0.75,
            "fee": fee,
            "paid_online": fee & (rng.random(n) < 0.6),
            "apology": ~pending & (finished > due) & (rng.random(n) < 0.7),
        }
        _export_again(facts, rng)
        dates, times = province.dates, province.times
        columns = [
            province.code_prefixes[facts["unit"]]
            + "-"
            + province.code_days[facts["day"]]
            + "-"
            + _numbers(facts["number"]),
            province.unit_texts[facts["unit"] * 4 + facts["written"]],
            procedure_texts[facts["procedure"]],
            dates[facts["day"]] + " " + times[facts["minute"]],
            np.where(
                facts["due_has_time"],
                dates[facts["due"]] + " " + times[facts["minute"]],
                dates[facts["due"]],
            ),
            np.where(
                facts["pending"],
                "",
                dates[facts["finished"]] + " " + times[facts["finished_minute"]],
            ),
            np.where(
                facts["not_returned"],
                "",
                dates[facts["returned"]] + " " + times[facts["returned_minute"]],
            ),
            channel_texts[facts["channel"]],
            _table(("Không", "Có"))[facts["digitised"].astype(int)],
            _table(("", "x"))[facts["fee"].astype(int)],
            _table(("0", "1"))[facts["paid_online"].astype(int)],
            _table(("", "x"))[facts["apology"].astype(int)],
        ]
        _spoil(columns, rng, bad_fraction, _DOSSIER_FAULTS, field)
        yield columns


def _export_again(facts: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    """About 1% of rows repeat an earlier dossier of the chunk, exported again after it moved
    on: the earlier copy still shows it pending, or finished and not yet returned."""
    n = len(facts["day"])
    again = np.flatnonzero(rng.random(n) < 0.01)
    earlier = again - rng.integers(1, 5000, len(again))
    keep = (earlier >= 0) & ~np.isin(earlier, again)
    again, earlier = again[keep], earlier[keep]
    for values in facts.values():
        values[again] = values[earlier]
    was_pending = earlier[rng.random(len(earlier)) < 0.6]
    facts["pending"][was_pending] = True
    facts["apology"][was_pending] = False
    facts["not_returned"][earlier] = True


def _feedback_columns(
    rows: int, unit_names: Sequence[str], seed: int, bad_fraction: float
) -> Iterator[list[np.ndarray]]:
    """The feedback export's five columns as arrays of text, a chunk at a time."""
    rng = np.random.default_rng(seed)
    province = _province(unit_names, rng, _csv_field)
    dates, times = province.dates, province.times
    for start in range(0, rows, _CHUNK):
        n = min(_CHUNK, rows - start)
        unit = rng.choice(len(unit_names), n, p=province.unit_weights)
        day = rng.choice(_DAYS, n, p=province.day_weights)
        minute = rng.integers(0, 1440, n)
        due = day + rng.choice((5, 7, 10, 15), n)
        outcome = rng.random(n)
        answered = day + (rng.random(n) * (due - day + 1)).astype(np.int64)
        # 90% answered, 8% of those after the due date.
        answered = np.where(outcome < 0.072, due + rng.integers(1, 11, n), answered)
        unanswered = (outcome >= 0.9) | (answered >= _DAYS)
        answered_minute = _later(rng.integers(450, 1050, n), minute, answered == day)
        columns = [
            _table(f"PAKN-{number:08d}" for number in range(start + 1, start + n + 1)),
            province.unit_texts[unit * 4 + rng.choice(4, n, p=_WRITTEN)],
            dates[day] + " " + times[minute],
            dates[due],
            np.where(unanswered, "", dates[answered] + " " + times[answered_minute]),
        ]
        _spoil(columns, rng, bad_fraction, _FEEDBACK_FAULTS, _csv_field)
        yield columns


def _spoil(
    columns: list[np.ndarray],
    rng: np.random.Generator,
    fraction: float,
    faults: Sequence[tuple[int, str]],
    field: Field,
) -> None:
    """Turn about `fraction` of the rows into bad ones, spread over the kinds of fault."""
    n = len(columns[0])
    fault = np.where(rng.random(n) < fraction, rng.integers(0, len(faults), n), -1)
    for kind, (column, text) in enumerate(faults):
        columns[column][fault == kind] = field(text)


def _later(minute: np.ndarray, earlier: np.ndarray, same_day: np.ndarray) -> np.ndarray:
    """`minute`, moved to no earlier than `earlier` where both fall on the same day."""
    return np.where(same_day, np.maximum(minute, earlier), minute)


def _numbered(keys: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """1, 2, 3… within each key, in row order, going on from `counts` (which it updates)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    rank = np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    numbers = np.empty_like(keys)
    numbers[order] = counts[ordered] + rank + 1
    counts += np.bincount(keys, minlength=len(counts))
    return numbers


def _numbers(numbers: np.ndarray) -> np.ndarray:
    """The numbers written with at least four digits ("0007")."""
    return _table(f"{number:04d}" for number in range(int(numbers.max()) + 1))[numbers]


def _write_csv(path: Path, header: Sequence[str], chunks: Iterator[list[np.ndarray]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write(",".join(header) + "\r\n")
        for columns in chunks:
            lines = zip(*(column.tolist() for column in columns), strict=True)
            out.write("\r\n".join(map(",".join, lines)) + "\r\n")
    return path


def _csv_field(text: str) -> str:
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _table(texts: Iterable[str]) -> np.ndarray:
    """Texts as an object array, to be indexed by arrays of numbers."""
    values = list(texts)
    table = np.empty(len(values), dtype=object)
    table[:] = values
    return table


def _normalised(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()
