"""Golden checks of the tasks read from every corpus document, as written and damaged."""

from pathlib import Path

import pytest

from chiso.docimport.jobs import read_plan
from chiso.vietnamese.text import search_key, strip_accents

from .damage import damage
from .lang_son import build_lang_son

pytestmark = pytest.mark.django_db
APPENDIX = "so-xay-dung-2025-phu-luc-I"
PAR_ROWS = {
    "PAR.1": 7,
    "PAR.2": 3,
    "PAR.3": 8,
    "PAR.4": 4,
    "PAR.5": 6,
    "PAR.6": 4,
    "PAR.7": 7,
    "PAR.8": 3,
}


@pytest.fixture
def units(db):
    return build_lang_son()


def draft(path: Path, units, issuer: str) -> dict:
    _blocks, parsed = read_plan(path, issuer=units[issuer])
    return parsed.to_json()


def damaged_copy(path: Path, tmp_path: Path, change) -> Path:
    """The document as a text file changed line by line (the copy a scan or a paste gives)."""
    copy = tmp_path / path.name
    lines = path.read_text(encoding="utf-8").splitlines()
    # The damage falls on the words, not on the tabs that lay out the appendix's cells.
    kept = [line[: len(line) - len(line.lstrip())] + change(line.lstrip()) for line in lines]
    copy.write_text("\n".join(kept), encoding="utf-8")
    return copy


VARIANTS = {"no diacritics": strip_accents, "OCR noise": damage}


def appendix_rows(corpus: Path) -> list[list[str]]:
    """The task rows of the .txt appendix, read independently: tab-indented cells, rows
    separated by blank lines; only rows whose first cell is a number."""
    rows, current = [], []
    for line in (corpus / f"{APPENDIX}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            current.append(line.strip())
        elif current:
            rows.append(current)
            current = []
    rows.append(current)
    return [row for row in rows if len(row) == 6 and row[0].isdigit()]


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_appendix_gives_42_tasks_in_the_8_par_fields(corpus, units, suffix):
    data = draft(corpus / f"{APPENDIX}{suffix}", units, "sxd")
    tasks = data["tasks"]
    assert len(tasks) == 42
    counts = {}
    for task in tasks:
        counts[task["component"]] = counts.get(task["component"], 0) + 1
    assert counts == PAR_ROWS
    assert [t["ordinal"] for t in tasks[:3]] == ["I.1", "I.2", "I.3"]
    assert tasks[-1]["ordinal"] == "VIII.3"
    for task, row in zip(tasks, appendix_rows(corpus), strict=True):
        _, text, lead, coordinators, deadline, output = row
        assert search_key(task["text"]) == search_key(text)
        assert search_key(task["lead_text"]) == search_key(lead)
        assert search_key(task["coordinators_text"]) == search_key(coordinators)
        assert search_key(task["deadline"]["text"]) == search_key(deadline)
        assert search_key(task["output"]) == search_key(output)


def test_appendix_units_and_deadlines_resolve(corpus, units):
    tasks = {t["ordinal"]: t for t in draft(corpus / f"{APPENDIX}.txt", units, "sxd")["tasks"]}
    assert tasks["I.1"]["lead"] == "Văn phòng Sở"
    assert tasks["I.1"]["lead_id"] == units["sxd-vp"].pk
    assert tasks["I.1"]["coordinators"][0]["group"] == "all_divisions"
    assert set(tasks["I.1"]["coordinator_ids"]) == {
        units[c].pk for c in ("sxd-vp", "sxd-tt", "sxd-khtc", "sxd-qlxd")
    }
    assert tasks["I.3"]["coordinators"] == ["Văn phòng Sở"]
    assert tasks["VI.1"]["lead"] == "Phòng Kế hoạch - Tài chính"
    assert tasks["III.5"]["lead"] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert "unresolved" in tasks["VII.5"]["lead"]  # "Các phòng được giao giải quyết TTHC"
    assert tasks["I.1"]["deadline"] == {"kind": "ongoing", "date": None, "text": "Thường xuyên"}
    assert tasks["I.5"]["deadline"]["date"] == "2025-12-31"
    assert tasks["II.3"]["deadline"]["kind"] == "schedule"
    assert tasks["IV.1"]["deadline"]["kind"] == "event"
    on_time = [t for t in tasks["III.7"]["targets"] if t.get("indicator") == "on_time"]
    assert on_time and on_time[0]["comparator"] == "gt" and on_time[0]["value"] == 99


def test_thanh_tra_tasks_under_par_sipas_and_papi(corpus, units):
    data = draft(corpus / "thanh-tra-tinh-2025-ke-hoach.txt", units, "ttt")
    components = [t["component"] for t in data["tasks"] if t["source"] == "narrative"]
    assert components == [
        *(f"PAR.{n}" for n in range(1, 9)),
        *(f"SIPAS.{n}" for n in range(1, 6)),
        *(f"PAPI.{n}" for n in range(2, 9)),
    ]
    assert data["indices"] == ["PAR", "SIPAS", "PAPI"]
    sipas4 = next(t for t in data["tasks"] if t["component"] == "SIPAS.4")
    assert sipas4["targets"][0]["indicator"] == "returned_on_time"
    duties = [t for t in data["tasks"] if t["source"] == "responsibility"]
    assert duties[0]["lead"] == "Văn phòng"
    # "Giao Văn phòng chủ trì … triển khai thực hiện Kế hoạch này": it leads the sections.
    assert {t["lead"] for t in data["tasks"] if t["source"] == "narrative"} == {"Văn phòng"}


def test_van_quan_dimensions_to_keep_and_to_improve(corpus, units):
    data = draft(corpus / "van-quan-2024-papi-ke-hoach.txt", units, "vq")
    focus = {t["component"]: t["focus"] for t in data["tasks"] if t["focus"]}
    assert focus == {
        "PAPI.4": "keep",
        "PAPI.5": "keep",
        "PAPI.7": "keep",
        "PAPI.8": "keep",
        "PAPI.1": "improve",
        "PAPI.2": "improve",
        "PAPI.3": "improve",
        "PAPI.6": "improve",
    }
    leads = {
        t["lead"]
        for t in data["tasks"]
        if t["source"] == "responsibility" and isinstance(t["lead"], str)
    }
    assert {"Phòng Nội vụ", "Thanh tra huyện", "Văn phòng HĐND và UBND huyện"} <= leads


@pytest.mark.parametrize("suffix", [".md", ".docx", ".pdf"])
def test_city_plan_responsibilities_of_six_bodies(corpus, units, suffix):
    data = draft(corpus / f"tp-lang-son-2024-ke-hoach{suffix}", units, "tp")
    bodies = [(r["unit_text"], r["requested"]) for r in data["responsibilities"]]
    assert len(bodies) == 6
    resolved = [r["unit"] for r in data["responsibilities"]]
    assert resolved[0] == "Ủy ban MTTQ Việt Nam thành phố Lạng Sơn"
    assert bodies[0][1] is True  # "Đề nghị …": requested, not assigned
    assert resolved[1:5] == [
        "Phòng Nội vụ",
        "Văn phòng HĐND và UBND thành phố",
        "Thanh tra thành phố",
        "Trung tâm Văn hóa và Thể thao",
    ]
    assert resolved[5]["group"] == "all_communes"
    due = [t for t in data["tasks"] if t["deadline"]["date"] == "2024-06-15"]
    assert due and due[0]["lead_text"].startswith("UBND các phường")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        (f"{APPENDIX}.txt", "sxd"),
        ("thanh-tra-tinh-2025-ke-hoach.txt", "ttt"),
        ("van-quan-2024-papi-ke-hoach.txt", "vq"),
        ("tp-lang-son-2024-ke-hoach.md", "tp"),
    ],
)
def test_damaged_copies_give_the_same_components_deadlines_and_targets(
    corpus, units, tmp_path, name, issuer, variant
):
    original = draft(corpus / name, units, issuer)
    stripped = draft(damaged_copy(corpus / name, tmp_path, VARIANTS[variant]), units, issuer)

    def facts(data):
        return [
            (t["component"], t["deadline"]["kind"], t["deadline"]["date"], len(t["targets"]))
            for t in data["tasks"]
        ]

    assert facts(stripped) == facts(original)
    assert [t["value"] for t in stripped["targets"]] == [t["value"] for t in original["targets"]]
