"""The same forms reach the indices alike whichever way they come: answered online, typed in
on the entry page, or imported from an Excel file written the way clerks write it."""

import datetime
import io
import random

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import Workbook

from chiso.surveys.answers import criteria
from chiso.surveys.indices import refresh_round
from chiso.surveys.models import Channel, Level, Response, ReviewState, SurveyIndex
from chiso.surveys.tasks import import_record, new_import

from .answering import answer_online, default_round

WRITTEN = {  # a level as the file writes it, now and then ("0" is no answer in a file)
    0: "Không áp dụng",
    1: "Rất không hài lòng",
    2: "không hài lòng",
    3: "Bình thường",
    4: "Hài lòng",
    5: "rất hài lòng",
}


@pytest.fixture(autouse=True)
def data_dirs(settings, tmp_path):
    settings.CHISO_SURVEYS_DIR = tmp_path / "surveys"
    settings.MEDIA_ROOT = tmp_path / "media"


def forms(codes: list[str]) -> list[dict[str, int | None]]:
    """Seven forms: the service criteria answered 0–5 (the online form requires them), the
    policy groups (CS.*, optional) answered or left blank (None)."""
    rng = random.Random(1001)
    made = []
    for _ in range(7):
        made.append(
            {
                code: rng.choice([None, 0, 1, 2, 3, 4, 5] if code.startswith("CS.") else range(6))
                for code in codes
            }
        )
    made[0] |= {code: 0 for code in codes if code.startswith("SIPAS.5.")}  # never complained
    made[1] |= {code: 5 for code in codes if code.startswith("SIPAS.1.")}
    made[2] |= {code: None for code in codes if code.startswith("CS.")}
    return made


def online(client, round, unit, answers: list[dict]) -> None:
    for k, form in enumerate(answers):
        given = {code: level for code, level in form.items() if level is not None}
        sent = answer_online(client, round, unit, given, code=f"WEB-{k}")
        assert sent.url.endswith("/cam-on/")


def typed_in(client, round, unit, user, answers: list[dict]) -> None:
    client.force_login(user)
    page = reverse("surveys:entry", args=[round.code])
    for k, form in enumerate(answers):
        row = {f"a-{code}": "" if level is None else str(level) for code, level in form.items()}
        row |= {"unit": unit.pk, "surveyed_on": "15/03/2026", "dossier_code": f"GIAY-{k}"}
        assert client.post(page, row).status_code == 302
    client.logout()


def workbook(unit, codes: list[str], answers: list[dict]) -> bytes:
    """An .xlsx of the forms: digits as numbers, levels in words in any case, blanks."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Ngày khảo sát", "Mã hồ sơ", *codes])
    for k, form in enumerate(answers):
        cells = []
        for i, code in enumerate(codes):
            level = form[code]
            as_number = level not in (None, 0) and (i + k) % 2
            cells.append(level if level is None or as_number else WRITTEN[level])
        day = datetime.date(2026, 3, 15) if k % 2 else "15/03/2026"
        sheet.append([unit.name, day, f"TEP-{k}" if k % 3 else None, *cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def imported(round, unit, codes: list[str], answers: list[dict], user) -> None:
    upload = ContentFile(workbook(unit, codes, answers), name="phieu-giay.xlsx")
    record = new_import(round, "phieu-giay.xlsx", user=user, upload=upload)
    result = import_record(record)
    record.refresh_from_db()
    assert result is not None, (record.job.message, record.errors)
    assert (result.accepted, result.rejected) == (len(answers), 0)


def indices_of(round, unit) -> dict[str, tuple]:
    rows = SurveyIndex.objects.filter(round=round, level=Level.UNIT, unit=unit)
    return {
        row.code: (row.scope, row.value, row.n, row.satisfied, row.low, row.high) for row in rows
    }


def test_online_typed_in_and_imported_forms_give_the_same_indices(client, org, users):
    web, paper, file = org.dept_a, org.dept_b, org.commune
    round = default_round(web, paper, file)
    codes = [c.code for c in criteria(round.questionnaire)]
    assert codes[0] == "SIPAS.1.1" and codes[-1] == "CS.9"
    answers = forms(codes)

    online(client, round, web, answers)
    typed_in(client, round, paper, users.coordinator, answers)
    imported(round, file, codes, answers, users.coordinator)
    counted = Response.objects.filter(round=round, state=ReviewState.ACCEPTED)
    assert {(r.unit_id, r.channel) for r in counted} == {
        (web.pk, Channel.WEB),
        (paper.pk, Channel.PAPER),
    }
    assert counted.count() == 2 * len(answers)
    refresh_round(round)

    found = indices_of(round, web)
    assert found == indices_of(round, paper) == indices_of(round, file)
    for code in codes:  # and they are the counts of the forms, not three equal mistakes
        levels = [form[code] for form in answers if form[code] not in (None, 0)]
        n, satisfied = len(levels), sum(level >= 4 for level in levels)
        if n:
            assert found[code][2:4] == (n, satisfied), code
        else:
            assert code not in found
    assert {"SIPAS", "SIPAS.1", "SIPAS.5", "CS", "CS.1"} <= set(found)
