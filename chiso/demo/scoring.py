"""The demo province's scores and rankings: its own index of the departments (a workbook, loaded
as a province's officer loads it), last year's window run through the whole cycle and
published, this year's window with drafts begun, and national results of PAR INDEX, SIPAS,
PAPI and PCI for the last three years, imported from tables as published ones are.

The national results are generated demo figures, NOT the published results of any year:
plausible values drawn with a seeded generator. Deterministic for a given day."""

import csv
import datetime
import random
import tempfile
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import openpyxl
from django.core.files.base import ContentFile
from django.utils import timezone

from chiso.accounts.models import Role, User
from chiso.frameworks.copying import copy_framework
from chiso.frameworks.models import Framework
from chiso.lib.ranking import ranked
from chiso.org.models import OrgUnit, PeerGroup, in_subtree
from chiso.plans.models import Plan
from chiso.scoring import cycle
from chiso.scoring.models import Assessment, Event, EventKind, Evidence, Part, Scheme, Score, Window
from chiso.scoring.provinces import find_province, provinces, successors
from chiso.scoring.results_import import import_results
from chiso.scoring.scheme_file import load_scheme
from chiso.tracking.summaries import refresh_plans

from .province import PROVINCE_NAME, STANDS_FOR, Province

SEED = 876  # Quyết định 876/QĐ-BNV, the PAR INDEX method
BLOCK = "khoi-so"
DECISION = "18/QĐ-UBND"
NATIONAL_YEARS = 3
DAY = datetime.timedelta(days=1)
HEADER = [
    "Mã",
    "Tên",
    "Điểm tối đa",
    "Phần",
    "Cách tính",
    "Nguồn số liệu",
    "Mã chỉ tiêu, chỉ số",
    "Ngưỡng",
    "Điểm khi trễ hạn",
    "Không áp dụng cho",
]
NO_SUB_UNITS = "Trung tâm Phục vụ hành chính công tỉnh"
SIPAS_PARTS = [
    "Tiếp cận dịch vụ",
    "Thủ tục hành chính",
    "Công chức trực tiếp giải quyết công việc",
    "Kết quả dịch vụ",
    "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
]
# Self-assessed 68 (fields 1–7) + survey 32 (field 8) = 100; then a bonus and a penalty block.
CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12),
    ("1.1", "Kế hoạch cải cách hành chính năm", 4),
    ("1.1.1", "Ban hành kế hoạch CCHC năm đúng hạn", 1),
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC năm", 2),
    ("1.1.3", "Bố trí kinh phí thực hiện kế hoạch CCHC", 1),
    ("1.2", "Báo cáo CCHC định kỳ gửi đúng hạn", 2),
    ("1.3", "Kiểm tra công tác cải cách hành chính", 2),
    ("1.3.1", "Ban hành kế hoạch kiểm tra CCHC", 0.5),
    ("1.3.2", "Tỷ lệ đơn vị trực thuộc được kiểm tra", 1),
    ("1.3.3", "Xử lý vấn đề phát hiện qua kiểm tra", 0.5),
    ("1.4", "Tuyên truyền cải cách hành chính", 2),
    ("1.5", "Thực hiện nhiệm vụ UBND tỉnh giao về CCHC", 2),
    ("2", "Cải cách thể chế", 8),
    ("2.1", "Xây dựng văn bản quy phạm pháp luật", 4),
    ("2.1.1", "Tham mưu ban hành VBQPPL đúng kế hoạch", 2),
    ("2.1.2", "Lấy ý kiến, thẩm định dự thảo VBQPPL theo quy định", 2),
    ("2.2", "Rà soát, kiểm tra văn bản quy phạm pháp luật", 2),
    ("2.3", "Theo dõi thi hành pháp luật", 2),
    ("3", "Cải cách thủ tục hành chính", 12),
    ("3.1", "Công khai thủ tục hành chính đầy đủ, đúng hạn", 2),
    ("3.2", "Hồ sơ TTHC giải quyết đúng hạn", 4),
    ("3.3", "Số hóa hồ sơ, kết quả giải quyết TTHC", 2),
    ("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 2),
    ("3.5", "Rà soát, đơn giản hóa thủ tục hành chính", 2),
    ("4", "Cải cách tổ chức bộ máy hành chính", 8),
    ("4.1", "Sắp xếp tổ chức bộ máy theo quy định", 3),
    ("4.2", "Quản lý, sử dụng biên chế được giao", 3),
    ("4.3", "Thực hiện phân cấp, ủy quyền", 2),
    ("5", "Cải cách chế độ công vụ", 10),
    ("5.1", "Quản lý vị trí việc làm", 3),
    ("5.2", "Tuyển dụng, sử dụng cán bộ, công chức, viên chức", 3),
    ("5.3", "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức", 2),
    ("5.4", "Chấp hành kỷ luật, kỷ cương hành chính", 2),
    ("6", "Cải cách tài chính công", 7),
    ("6.1", "Quản lý, sử dụng ngân sách nhà nước", 3),
    ("6.2", "Tự chủ của đơn vị sự nghiệp công lập trực thuộc", 2),
    ("6.3", "Quản lý, sử dụng tài sản công", 2),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", 11),
    ("7.1", "Quản lý văn bản điện tử, sử dụng chữ ký số", 3),
    ("7.2", "Hồ sơ trực tuyến toàn trình", 3),
    ("7.3", "Bảo đảm an toàn thông tin", 2),
    ("7.4", "Cung cấp thông tin trên trang thông tin điện tử", 3),
    ("8", "Tác động của CCHC đến người dân, tổ chức", 32),
    ("8.1", "Sự hài lòng của người dân, tổ chức (SIPAS)", 20),
    *((f"8.1.{k}", name, 4) for k, name in enumerate(SIPAS_PARTS, start=1)),
    ("8.2", "Đánh giá của cán bộ, công chức và lãnh đạo", 12),
    ("9", "Điểm thưởng", 3),
    ("9.1", "Sáng kiến, giải pháp CCHC được công nhận", 2),
    ("9.2", "Được khen thưởng về công tác CCHC", 1),
    ("10", "Điểm trừ", 5),
    ("10.1", "Bị phê bình vì chậm thực hiện nhiệm vụ CCHC", 3),
    ("10.2", "Để xảy ra sai phạm trong giải quyết TTHC", 2),
]
# The columns after "Điểm tối đa", as a row writes them; blank where a row says nothing.
RULE_COLUMNS = ("part", "kind", "source", "source_code", "bands", "late", "not_for")
RULES = {  # every automatic source at least once; sub-criteria that some units skip
    "1.1.1": {"kind": "đúng hạn", "late": "0,5"},
    "1.1.2": {"source": "nhiệm vụ hoàn thành", "bands": "> 90%: 2; 70 – 90%: 1; < 70%: 0"},
    "1.2": {"kind": "tỷ lệ", "source": "báo cáo đúng hạn"},
    "1.3.2": {"not_for": NO_SUB_UNITS},
    "2.1": {"not_for": f"{NO_SUB_UNITS}; Kho bạc Nhà nước khu vực"},
    "3.2": {"source": "chỉ tiêu", "source_code": "on_time"}
    | {"bands": "trên 98: 4; từ 95 đến 98: 2; còn lại: 0"},
    "3.3": {"kind": "tỷ lệ", "source": "chỉ tiêu", "source_code": "digitised"},
    "6.2": {"not_for": NO_SUB_UNITS},
    "7.2": {"kind": "tỷ lệ", "source": "chỉ tiêu", "source_code": "online_full_process"},
    "8": {"part": "Điều tra xã hội học"},
    **{
        f"8.1.{k}": {"kind": "tỷ lệ", "source": "khảo sát", "source_code": f"SIPAS.{k}"}
        for k in range(1, 6)
    },
    "9": {"part": "Điểm thưởng"},
    "10": {"part": "Điểm trừ"},
}
GRADES = [["Xếp loại", "Từ (%)"], ["Tốt", 90], ["Khá", 80], ["Trung bình", 65], ["Yếu", 0]]
CUTS = [  # the council's reasons for lowering a unit's points
    "Tài liệu kiểm chứng chưa thể hiện kết quả thực hiện, chỉ có kế hoạch triển khai.",
    "Văn bản ban hành sau thời hạn quy định; trừ điểm theo hướng dẫn chấm điểm.",
    "Tài liệu kiểm chứng là văn bản của năm trước, không thuộc kỳ đánh giá.",
    "Kết quả thực hiện thấp hơn số liệu đơn vị tự đánh giá theo báo cáo tổng hợp của Sở Nội vụ.",
    "Không có tài liệu kiểm chứng; giải thích của đơn vị chưa đủ căn cứ.",
    "Mới thực hiện một phần nội dung của tiêu chí; chấm một nửa số điểm.",
]
RAISE = "Đơn vị đã bổ sung tài liệu kiểm chứng đạt yêu cầu; chấm đủ điểm."
PENALTY = "Bị UBND tỉnh phê bình tại Thông báo số 45/TB-UBND vì chậm thực hiện nhiệm vụ CCHC."
OFFICIALS = "Theo kết quả khảo sát cán bộ, công chức và lãnh đạo năm {y} (Báo cáo số 05/BC-SNV)."
ANSWER = (
    "Đơn vị đã thực hiện đầy đủ nội dung này; xin gửi bổ sung {doc}. Đề nghị Hội đồng thẩm "
    "định xem xét giữ nguyên điểm tự đánh giá."
)
ANSWER_ACCEPTED = "Chấp nhận giải trình: tài liệu bổ sung chứng minh đơn vị đạt yêu cầu."


def build_scoring(province: Province, today: datetime.date, council: User) -> int:
    """The province's own index, last year's published window and this year's open one,
    the national results; returns how many units last year's window scored."""
    rng = random.Random(SEED)
    block = PeerGroup.objects.get(code=BLOCK)
    with tempfile.TemporaryDirectory(prefix="chiso-demo-") as folder:
        schemes = [
            load_scheme(_workbook(Path(folder), year, province), council)
            for year in (today.year - 1, today.year)
        ]
        _national_results(Path(folder), today, council, rng)
    scored = _last_year(schemes[0], block, today, council, rng)
    _this_year(schemes[1], block, today, rng)
    return scored


def _workbook(folder: Path, year: int, province: Province) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {
        "Thông tin": [
            ["Mã chỉ số", "PAR-SO"],
            ["Tên", f"Chỉ số cải cách hành chính các sở, ban, ngành tỉnh {PROVINCE_NAME}"],
            ["Năm", year],
            ["Điểm tối đa", 100],
            ["Đơn vị được chấm", "Sở, ban, ngành"],
            ["Căn cứ", f"Quyết định số 312/QĐ-UBND ngày 14/3/{year} của {province.root.name}"],
        ],
        "Tiêu chí": [HEADER, *(_criterion(*row) for row in CRITERIA)],
        "Xếp loại": GRADES,
    }
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = folder / f"chi-so-cchc-so-nganh-{year}.xlsx"
    book.save(path)
    return path


def _criterion(code: str, name: str, points: float) -> list:
    rule = RULES.get(code, {})
    return [code, name, points, *(rule.get(column, "") for column in RULE_COLUMNS)]


# --- last year: the whole cycle ------------------------------------------------------------


def _last_year(scheme: Scheme, block, today, council: User, rng: random.Random) -> int:
    year = scheme.framework.year
    now = timezone.now()
    # The steps check timezone.now() against the window's deadlines: it opens with deadlines
    # ahead, runs the year's cycle, then gets last year's dates (`_backdate`).
    window = cycle.open_window(scheme, block, datetime.date(year, 11, 15), now + DAY, now + 2 * DAY)
    assessments = list(window.assessments.select_related("unit").order_by("unit__path"))
    for number, assessment in enumerate(assessments):
        officer, leader = _people(assessment.unit)
        _self_assess(assessment, today, rng, officer, with_file=number < 3)
        cycle.submit(assessment, leader)
    changed = _appraise(assessments, council, rng)
    for score in changed[:2]:  # two units explain (giải trình) a lowered score
        doc = _document(score.assessment.unit, score.component, datetime.date(year, 12, 31), rng)
        cycle.answer(score, ANSWER.format(doc=doc), _people(score.assessment.unit)[1])
    cycle.appraise(changed[0], council, changed[0].self_points, ANSWER_ACCEPTED)
    for assessment in assessments:
        cycle.finalise(assessment, council)
    decision_day = min(datetime.date(year + 1, 1, 20), today)
    cycle.publish(window, DECISION, decision_day, council)
    _backdate(window, decision_day, rng)
    return len(assessments)


def _people(unit: OrgUnit) -> tuple[User | None, User | None]:
    """The unit's officer (who scores) and leader (who submits and answers), if it has them."""
    users = {u.role: u for u in User.objects.filter(in_subtree(unit, "unit__path"))}
    officer = users.get(Role.OFFICER) or users.get(Role.LEADER)
    return officer, users.get(Role.LEADER) or officer


def _self_assess(assessment, today, rng, user, *, with_file=False, most=None) -> None:
    """The unit's own scores besides the automatic ones (`cycle.open_window` read those from
    chiso's data), each with a document named in the explanation or uploaded; `most`
    sub-criteria only (a draft), else all."""
    quality = rng.uniform(0.7, 0.97)
    year = assessment.window.scheme.framework.year
    until = min(today, datetime.date(year, 11, 30))
    scores = assessment.scores.select_related("component__rule").order_by("component__order")
    done = 0
    for score in scores:
        part = score.component.rule.part
        if part == Part.SURVEY or cycle.is_automatic(score) or done == most:
            continue
        done += 1
        maximum = score.component.max_points
        explanation = _document(assessment.unit, score.component, until, rng)
        if part == Part.SELF:
            points = maximum if rng.random() < quality else _quarter(maximum * _share(rng))
            if points < maximum:
                explanation += "; một số nội dung chưa hoàn thành, đơn vị tự trừ điểm"
        else:
            points = maximum if part == Part.BONUS and rng.random() < 0.12 else Decimal(0)
            explanation = explanation if points else ""
        if with_file and score.component.code == "1.1.1":
            label = f"Kế hoạch CCHC năm {year} của {assessment.unit.name} (bản chụp)"
            text = f"{explanation}\n{assessment.unit.name}\n".encode()
            cycle.save_self_score(score, points, "", user)
            cycle.add_evidence(score, label, user, file=ContentFile(text, name="ke-hoach.txt"))
            continue
        cycle.save_self_score(score, points, explanation, user)


def _document(unit: OrgUnit, component, until: datetime.date, rng: random.Random) -> str:
    """A document of the unit's, issued by `until`, that proves a sub-criterion, as units
    cite them: its plan for the plan's sub-criterion, else a report."""
    symbol = next((a for a in unit.aliases if " " not in a), unit.code.upper().replace("-", ""))
    start = datetime.date(until.year, 1, 2)
    day = start + datetime.timedelta(days=rng.randrange(max((until - start).days, 1)))
    number = f"số {rng.randint(3, 240)}"
    if component.code == "1.1.1":
        return f"Kế hoạch {number}/KH-{symbol} ngày {day:%d/%m/%Y} về CCHC năm {until.year}"
    about = component.name[0].lower() + component.name[1:]
    return f"Báo cáo {number}/BC-{symbol} ngày {day:%d/%m/%Y} về {about}"


def _share(rng: random.Random) -> Decimal:
    return Decimal(str(round(rng.uniform(0.3, 0.85), 2)))


def _quarter(points: Decimal) -> Decimal:
    return (points * 4).to_integral_value(ROUND_FLOOR) / 4


def _appraise(assessments: list[Assessment], council: User, rng: random.Random) -> list[Score]:
    """The council's review: most points accepted, a few lowered with a reason, one raised,
    one penalty imposed, the officials' survey entered; returns the lowered scores."""
    lowered = {
        a.pk: reason for a, reason in zip(rng.sample(assessments, len(CUTS)), CUTS, strict=True)
    }
    raised, penalised = rng.sample([a.pk for a in assessments if a.pk not in lowered], 2)
    changed = []
    year = assessments[0].window.scheme.framework.year
    for assessment in assessments:
        scores = assessment.scores.select_related("component__rule").order_by("component__order")
        scores = list(scores)
        own = [
            s for s in scores if s.component.rule.part == Part.SELF and not cycle.is_automatic(s)
        ]
        cut = rng.choice([s for s in own if s.self_points]) if assessment.pk in lowered else None
        short = [s for s in own if s.self_points < s.component.max_points]
        up = rng.choice(short) if assessment.pk == raised and short else None
        for score in scores:
            rule, maximum = score.component.rule, score.component.max_points
            if score is cut:
                points = _quarter(score.self_points / 2)
                changed.append(cycle.appraise(score, council, points, lowered[assessment.pk]))
            elif score is up:
                cycle.appraise(score, council, maximum, RAISE)
            elif rule.part == Part.PENALTY and assessment.pk == penalised:
                cycle.appraise(score, council, min(maximum, Decimal("1.5")), PENALTY)
                penalised = None
            elif score.self_points is None:  # the survey part the council enters
                points = _quarter(maximum * Decimal(str(round(rng.uniform(0.72, 0.95), 2))))
                cycle.appraise(score, council, points, OFFICIALS.format(y=year))
            else:
                cycle.appraise(score, council)
        cycle.send_to_unit(assessment, council)
    return changed


# When each step of last year's cycle took place: (first day, days it spread over, hour).
def _timeline(year: int, decision_day: datetime.date) -> dict[str, tuple]:
    review = (datetime.date(year, 12, 15), 9, 14)
    return {
        EventKind.SCORED: (datetime.date(year, 11, 17), 10, 9),
        EventKind.SUBMITTED: (datetime.date(year, 12, 1), 8, 16),
        EventKind.ACCEPTED: review,
        EventKind.CHANGED: review,
        EventKind.ENTERED: review,
        EventKind.ANSWERED: (datetime.date(year + 1, 1, 5), 3, 10),
        EventKind.FINALISED: (datetime.date(year + 1, 1, 13), 1, 15),
        EventKind.PUBLISHED: (decision_day, 1, 16),
    }


def _backdate(window: Window, decision_day: datetime.date, rng: random.Random) -> None:
    """Give last year's window, and each step of it, the dates of last year's cycle (the
    steps ran today, under open deadlines); each assessment's steps keep their order."""
    year = window.scheme.framework.year
    plan = _timeline(year, decision_day)
    now = timezone.now()
    events = list(Event.objects.filter(assessment__window=window).order_by("assessment", "pk"))
    moments: dict[int, datetime.datetime] = {}  # the assessment's last step so far
    stamps: dict[tuple[int, str], datetime.datetime] = {}
    scored: dict[int, datetime.datetime] = {}  # score id → when it was scored
    for event in events:
        first, days, hour = plan[event.kind]
        day = first + datetime.timedelta(days=rng.randrange(days))
        at = _moment(day, hour, rng.randrange(60))
        previous = moments.get(event.assessment_id)
        if previous and at <= previous:
            at = previous + datetime.timedelta(minutes=rng.randint(1, 20))
        event.at = moments[event.assessment_id] = min(at, now)
        stamps[event.assessment_id, event.kind] = event.at
        if event.kind == EventKind.SCORED:
            scored[event.score_id] = event.at
    Event.objects.bulk_update(events, ["at"], batch_size=500)
    assessments = list(window.assessments.all())
    for assessment in assessments:
        assessment.submitted_at = stamps[assessment.pk, EventKind.SUBMITTED]
        assessment.finalised_at = stamps[assessment.pk, EventKind.FINALISED]
    Assessment.objects.bulk_update(assessments, ["submitted_at", "finalised_at"])
    for evidence in Evidence.objects.filter(score__assessment__window=window):
        Evidence.objects.filter(pk=evidence.pk).update(added_at=scored[evidence.score_id])
    published_at = min(now, _moment(decision_day, 16))
    Window.objects.filter(pk=window.pk).update(
        closes_at=_moment(datetime.date(year, 12, 10), 17),
        answers_until=min(_moment(datetime.date(year + 1, 1, 9), 17), published_at - DAY),
        published_at=published_at,
    )


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --- this year: drafts begun -------------------------------------------------------------


def _this_year(scheme: Scheme, block, today: datetime.date, rng: random.Random) -> None:
    """This year's window, open: a few units have begun their drafts, none has submitted."""
    year = scheme.framework.year
    # The build keeps the task figures for its end (`chiso.plans.kept.deferred`); the
    # automatic sub-criteria read them, so they are written now.
    refresh_plans(Plan.objects.filter(year=year).values_list("pk", flat=True), today)
    # 10 December, but a week ahead at least; at the end of the working day.
    closes = _moment(max(datetime.date(year, 12, 10), today + 7 * DAY), 17)
    opens_on = max(datetime.date(year, 1, 1), today - 10 * DAY)
    window = cycle.open_window(scheme, block, opens_on, closes, closes + 20 * DAY)
    assessments = list(window.assessments.select_related("unit").order_by("unit__path"))
    with_plans = set(Plan.objects.filter(year=year).values_list("issuer_id", flat=True))
    started = [a for a in assessments if a.unit.code == "sxd"]  # the demo officer's unit
    for has_plan, count in ((True, 2), (False, 3)):
        pool = [a for a in assessments if (a.unit_id in with_plans) == has_plan]
        pool = [a for a in pool if a not in started]
        started += rng.sample(pool, min(count, len(pool)))
    for assessment in started:
        officer, _leader = _people(assessment.unit)
        _self_assess(assessment, today, rng, officer, most=rng.randint(3, 8))
        plan = Plan.objects.filter(issuer=assessment.unit, year=year).order_by("pk").first()
        score = assessment.scores.filter(component__code="1.1.1").first()
        if plan and score:
            cycle.add_evidence(score, plan.reference, officer, link_kind="plan", link_id=plan.pk)


# --- national results: generated, not published ---------------------------------------------


@dataclass(frozen=True)
class _Index:
    """How a demo table of an index is drawn: each component's scale and usual share of it,
    how far a province's level and each value stray, the columns the table prints, and the
    demo province's level change per year (and one component's, to make trends show)."""

    code: str
    scales: tuple[float, ...]
    centres: tuple[float, ...]
    spread: float
    noise: float
    lowest: float
    with_total: bool
    with_rank: bool
    rise: float
    falling: tuple[int, float] | None = None  # (component position, change per year)


# PAR INDEX fields: the four maxima the frameworks ship, and assumed ones for the others.
INDICES = [
    _Index(
        "PAR",
        scales=(10, 10, 13, 10.5, 15, 12, 13, 16.5),
        centres=(0.865,) * 8,
        spread=0.035,
        noise=0.035,
        lowest=0,
        with_total=True,
        with_rank=True,
        rise=0.015,
    ),
    _Index(
        "SIPAS",
        scales=(100,) * 5,
        centres=(0.85, 0.83, 0.86, 0.85, 0.8),
        spread=0.03,
        noise=0.02,
        lowest=0,
        with_total=False,
        with_rank=False,
        rise=0.006,
    ),
    _Index(
        "PAPI",
        scales=(10,) * 8,
        centres=(0.51, 0.53, 0.47, 0.64, 0.72, 0.73, 0.46, 0.46),
        spread=0.05,
        noise=0.03,
        lowest=1,
        with_total=True,
        with_rank=True,
        rise=0.03,
        falling=(6, -0.07),  # PAPI.7, environmental governance
    ),
    _Index(
        "PCI",
        scales=(10,) * 10,
        centres=(0.69, 0.62, 0.6, 0.68, 0.65, 0.56, 0.64, 0.58, 0.62, 0.69),
        spread=0.05,
        noise=0.04,
        lowest=0,
        with_total=False,
        with_rank=False,
        rise=0.008,
    ),
]
HOME_START = {"PAR": -0.01, "SIPAS": -0.03, "PAPI": -0.01, "PCI": 0.0}  # SIPAS: among the last


def _national_results(folder: Path, today: datetime.date, user: User, rng: random.Random) -> None:
    """Each index's table of each of the last NATIONAL_YEARS years, one line per province of
    that year, written as CSV and imported as a published table is. Generated demo figures,
    not the published results."""
    years = range(today.year - NATIONAL_YEARS, today.year)
    home = find_province(STANDS_FOR)
    every = provinces()
    for index in INDICES:
        levels = {p.code: rng.uniform(-index.spread, index.spread) for p in every}
        for step, year in enumerate(years):
            _framework_of(index.code, year)
            here = _home_in(home.code, year)
            levels[here] = HOME_START[index.code] + index.rise * step
            rows = [
                (p, _values(index, levels[p.code], step if p.code == here else None, rng))
                for p in provinces(year)
            ]
            path = folder / f"ket-qua-{index.code.lower()}-{year}-so-lieu-mau.csv"
            # One misprinted rank in the second year's PAPI table, as published tables have
            # them: the import reports that it disagrees with chiso's rank.
            _write_table(path, index, year, rows, misprint=index.code == "PAPI" and step == 1)
            import_results(path, index.code, year, user=user)


def _framework_of(code: str, year: int) -> None:
    """A year without the index's framework (before the shipped ones) takes a copy of the
    nearest, so that the table's components are read."""
    known = list(Framework.objects.filter(code=code).values_list("year", flat=True))
    if year not in known and known:
        copy_framework(code, min(known, key=lambda y: (abs(y - year), y)), year)


def _home_in(code: str, year: int) -> str:
    """The demo province's model in `year`, or the province that took it over."""
    if any(p.code == code for p in provinces(year)):
        return code
    return next(p.code for p in successors(code) if p in provinces(year))


def _values(index: _Index, level: float, home_step: int | None, rng) -> list[Decimal]:
    values = []
    for position, (scale, centre) in enumerate(zip(index.scales, index.centres, strict=True)):
        share = centre + level + rng.uniform(-index.noise, index.noise)
        if home_step is not None and index.falling and index.falling[0] == position:
            share = centre + level + index.falling[1] * home_step  # falls every year
        value = min(max(share * scale, index.lowest), scale)
        values.append(Decimal(str(round(value, 2))))
    return values


def _write_table(path: Path, index: _Index, year: int, rows, misprint: bool) -> None:
    """The table as a report prints it: a title row, then the provinces, by rank when the
    table prints ranks (the seventh's rank misprinted one lower when `misprint`)."""
    codes = [f"{index.code}.{k}" for k in range(1, len(index.scales) + 1)]
    order = ranked(rows, lambda row: sum(row[1])) if index.with_rank else [(r, 0) for r in rows]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        columns = ["Tổng"] * index.with_total + ["Xếp hạng"] * index.with_rank
        header = ["STT", "Tỉnh, thành phố", *codes, *columns]
        title = f"KẾT QUẢ {index.code} NĂM {year} (SỐ LIỆU MẪU, KHÔNG PHẢI SỐ CÔNG BỐ)"
        writer.writerow([title] + [""] * (len(header) - 1))  # as a spreadsheet saves it
        writer.writerow(header)
        for line, ((province, values), rank) in enumerate(order, start=1):
            printed = rank + 1 if misprint and line == 7 else rank
            extra = [sum(values)] * index.with_total + [printed] * index.with_rank
            writer.writerow([line, province.name, *values, *extra])
