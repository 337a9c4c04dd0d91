"""The demo province's SIPAS surveys: last year's round, closed, whose paper forms arrive as a
file imported through the jobs runner; this year's round, open, with forms answered online
and typed in from paper, a few of them flagged for review. Each unit serves with a
satisfaction of its own, so the units rank apart. Deterministic for a given day."""

import csv
import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from chiso.accounts.models import User
from chiso.surveys.answers import criteria
from chiso.surveys.defaults import default_questionnaire
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import (
    Channel,
    Flag,
    Response,
    ReviewState,
    RoundUnit,
    SurveyKind,
    SurveyRound,
)
from chiso.surveys.sampling import compute_targets
from chiso.surveys.screens import Form
from chiso.surveys.tasks import import_record, new_import

from .province import Province

SEED = 1001  # Quyết định 1001/QĐ-BNV, the SIPAS method
LEVEL_WORDS = {1: "Rất không hài lòng", 2: "Không hài lòng", 3: "Bình thường", 4: "Hài lòng"}
MOST_PER_UNIT = 90
COMMENTS = [
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Phòng chờ đông, cần thêm ghế ngồi.",
    "Thời gian trả kết quả còn chậm so với giấy hẹn.",
    "Nên niêm yết rõ hơn mức phí, lệ phí.",
    "Máy lấy số thứ tự hay bị hỏng.",
    "Thủ tục nhanh gọn, hài lòng.",
    "Cần hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi.",
]


def build_surveys(province: Province, today: datetime.date, user: User) -> int:
    """Both rounds with their responses and indices; returns the responses made."""
    rng = random.Random(SEED)
    units = [*province.departments.values(), *province.communes]
    profiles = {unit.pk: _profile(rng) for unit in units}
    default_questionnaire(SurveyKind.OFFICIALS, today.year)
    made = _last_year(units, profiles, today, user, rng)
    made += _this_year(units, profiles, today, rng)
    return made


def _profile(rng: random.Random) -> dict[str, float]:
    """The chance that a respondent is satisfied with each component of a unit's service."""
    base = rng.uniform(0.62, 0.94)
    return {f"SIPAS.{k}": min(0.99, max(0.3, base + rng.uniform(-0.12, 0.08))) for k in range(1, 6)}


def _round(year: int, today: datetime.date, units, is_open: bool) -> SurveyRound:
    end = datetime.date(year, 12, 31)
    round = SurveyRound.objects.create(
        code=f"sipas-{year}",
        name=f"Khảo sát sự hài lòng (SIPAS) năm {year}",
        questionnaire=default_questionnaire(SurveyKind.SIPAS, year),
        period=str(year),
        start=datetime.date(year, 1, 1),
        end=end,
        channels=[Channel.WEB, Channel.PAPER, Channel.POST],
        is_open=is_open and today <= end,
    )
    RoundUnit.objects.bulk_create([RoundUnit(round=round, unit=unit) for unit in units])
    compute_targets(round)
    return round


def _levels(codes, profile: dict[str, float], rng: random.Random, drift: float) -> dict:
    answers = {}
    for code in codes:
        roll = rng.random()
        if roll < 0.03:
            continue  # no answer
        if code.startswith("SIPAS.5") and roll < 0.09:
            answers[code] = 0  # "không áp dụng": never gave feedback
            continue
        satisfied = rng.random() < profile.get(code.rsplit(".", 1)[0], 0.8) + drift
        answers[code] = rng.choice((4, 5, 5)) if satisfied else rng.choice((1, 2, 3, 3))
    return answers


def _last_year(units, profiles, today, user, rng) -> int:
    """Last year's paper forms, sent in one workbook by the post office."""
    round = _round(today.year - 1, today, units, is_open=False)
    codes = [c.code for c in criteria(round.questionnaire)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Đơn vị", "Ngày khảo sát", "Mã hồ sơ", *codes, "Ý kiến khác"])
    number = 0
    targets = dict(round.units.values_list("unit_id", "target"))
    for unit in units:
        for _ in range(_count(targets.get(unit.pk), rng)):
            number += 1
            day = datetime.date(today.year - 1, rng.randint(3, 11), rng.randint(1, 28))
            answers = _levels(codes, profiles[unit.pk], rng, drift=-0.04)
            writer.writerow(
                [
                    number,
                    unit.short_name or unit.name,
                    f"{day:%d/%m/%Y}",
                    f"H{today.year - 1}{number:06d}" if rng.random() < 0.7 else "",
                    *[_written(answers.get(code), rng) for code in codes],
                    rng.choice(COMMENTS) if rng.random() < 0.15 else "",
                ]
            )
    name = f"phieu-sipas-{today.year - 1}.csv"
    upload = ContentFile(buffer.getvalue().encode("utf-8-sig"), name=name)
    record = new_import(round, name, user=user, upload=upload, channel=Channel.POST)
    if import_record(record) is None:
        raise RuntimeError(record.job.message)
    return number


def _count(target: int | None, rng: random.Random) -> int:
    """Forms a unit collected: most reach their target, some fall short."""
    return max(12, min(MOST_PER_UNIT, round((target or 30) * rng.uniform(0.75, 1.25))))


def _written(level: int | None, rng: random.Random) -> str:
    """An answer as the clerks type it: a digit, or the level's words."""
    if level is None:
        return ""
    if level == 0:
        return "Không áp dụng"
    if level == 5:
        return "Rất hài lòng" if rng.random() < 0.3 else "5"
    return LEVEL_WORDS[level] if rng.random() < 0.3 else str(level)


def _choices(form: Form, rng: random.Random) -> dict:
    """Answers to the choice questions (profile, perceptions, needs): the first choices of a
    list more often than the last; one to three for a multiple choice."""
    answers = {}
    for screen in form.screens:
        for question in screen.questions:
            names = [name for name, _label in form.choices.get(question.list_name, [])]
            if not names or question.type not in ("select_one", "select_multiple"):
                continue
            weights = [len(names) - i for i in range(len(names))]
            if question.type == "select_one":
                answers[question.code] = rng.choices(names, weights)[0]
            else:
                picked = {rng.choices(names, weights)[0] for _ in range(rng.randint(1, 3))}
                answers[question.code] = sorted(picked, key=names.index)
    return answers


def _this_year(units, profiles, today, rng) -> int:
    """This year's forms so far: online through the posters' QR codes and typed in from
    paper; some answered too fast or many from one address, kept flagged."""
    round = _round(today.year, today, units, is_open=True)
    codes = [c.code for c in criteria(round.questionnaire)]
    form = Form.of(round.questionnaire)
    start = datetime.date(today.year, 1, 1)
    days = max((today - start).days, 1)
    responses = []
    targets = dict(round.units.values_list("unit_id", "target"))
    for unit in units:
        for k in range(_count(targets.get(unit.pk), rng)):
            day = start + datetime.timedelta(days=rng.randrange(days))
            web = rng.random() < 0.6
            answers = _levels(codes, profiles[unit.pk], rng, drift=0.0)
            answers |= _choices(form, rng)
            flags = []
            if web and rng.random() < 0.04:
                flags.append(rng.choice([Flag.TOO_FAST, Flag.REPEATED_ADDRESS]))
            responses.append(
                Response(
                    round=round,
                    unit=unit,
                    channel=Channel.WEB if web else Channel.PAPER,
                    surveyed_on=day,
                    dossier_code=f"H{today.year}{unit.pk:03d}{k:04d}" if rng.random() < 0.5 else "",
                    answers=answers,
                    comment=rng.choice(COMMENTS) if rng.random() < 0.12 else "",
                    state=ReviewState.FLAGGED if flags else ReviewState.ACCEPTED,
                    flags=flags,
                    address_hash=f"{rng.getrandbits(128):032x}" if web else "",
                    seconds=(rng.randint(8, 30) if Flag.TOO_FAST in flags else rng.randint(70, 400))
                    if web
                    else None,
                )
            )
    Response.objects.bulk_create(responses, batch_size=1000)
    # Received on the day surveyed, in the morning (bulk_create stamps them all now).
    for response in responses:
        morning = datetime.time(8 + rng.randrange(9), rng.randrange(60))
        response.created_at = timezone.make_aware(
            datetime.datetime.combine(response.surveyed_on, morning)
        )
    Response.objects.bulk_update(responses, ["created_at"], batch_size=1000)
    refresh_round(round)
    return len(responses)
