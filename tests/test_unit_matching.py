"""Unit names as written in plans, matched against a small org tree and against OrgUnit rows."""

import datetime

import pytest

from chiso.org.models import OrgUnit
from chiso.org.unit_matching import UnitCandidate, UnitMatcher, matcher_for, resolve_unit
from chiso.vietnamese.text import strip_accents

VARIANTS = [
    pytest.param(lambda text: text, id="as-written"),
    pytest.param(strip_accents, id="no-accents"),
    pytest.param(str.upper, id="upper"),
]

PROVINCE, SXD, SNV, TTPVHCC, VAN_QUAN, MTTQ = 1, 10, 20, 30, 40, 50
VP_SXD, TT_SXD, KHTC, QLHDXD = 11, 12, 13, 14
VP_SNV = 21
PNV_VQ, TRANG_CAC, YEN_PHUC, TT_VAN_QUAN = 41, 42, 43, 44

TREE = [
    UnitCandidate(PROVINCE, "Tỉnh Lạng Sơn", "province", None),
    UnitCandidate(SXD, "Sở Xây dựng", "department", PROVINCE),
    UnitCandidate(VP_SXD, "Văn phòng Sở", "division", SXD),
    UnitCandidate(TT_SXD, "Thanh tra Sở", "division", SXD),
    UnitCandidate(KHTC, "Phòng Kế hoạch - Tài chính", "division", SXD),
    UnitCandidate(QLHDXD, "Phòng Quản lý hoạt động xây dựng", "division", SXD),
    UnitCandidate(SNV, "Sở Nội vụ", "department", PROVINCE),
    UnitCandidate(VP_SNV, "Văn phòng Sở", "division", SNV),
    UnitCandidate(
        TTPVHCC, "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn", "department", PROVINCE
    ),
    UnitCandidate(VAN_QUAN, "UBND huyện Văn Quan", "district", PROVINCE, aliases=("Văn Quan",)),
    UnitCandidate(PNV_VQ, "Phòng Nội vụ", "division", VAN_QUAN),
    UnitCandidate(TRANG_CAC, "UBND xã Tràng Các", "commune", VAN_QUAN),
    UnitCandidate(YEN_PHUC, "UBND xã Yên Phúc", "commune", VAN_QUAN),
    UnitCandidate(TT_VAN_QUAN, "UBND thị trấn Văn Quan", "commune", VAN_QUAN),
    UnitCandidate(MTTQ, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn", "external", PROVINCE),
]
COMMUNES = [TRANG_CAC, YEN_PHUC, TT_VAN_QUAN]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "context", "units", "role", "group"),
    [
        # "Units as written" in DOMAIN.md, read in the plan of Sở Xây dựng or huyện Văn Quan.
        ("Văn phòng Sở", SXD, [VP_SXD], "", ""),
        ("Văn phòng Sở", SNV, [VP_SNV], "", ""),
        (
            "Các phòng, ban, đơn vị thuộc Sở",
            SXD,
            [VP_SXD, TT_SXD, KHTC, QLHDXD],
            "",
            "all_divisions",
        ),
        ("Phòng KHTC", SXD, [KHTC], "", ""),
        ("Văn phòng Sở tổng hợp", SXD, [VP_SXD], "compile", ""),
        ("Công chức, viên chức tại TTPVHCC", SXD, [TTPVHCC], "", ""),
        ("UBND các phường, xã", VAN_QUAN, COMMUNES, "", "all_communes"),
        ("UBND các xã, phường, thị trấn", SXD, COMMUNES, "", "all_communes"),
        ("Đề nghị Ủy ban MTTQ Việt Nam", VAN_QUAN, [MTTQ], "requested", ""),
        ("Đề nghị Ủy ban MTTQ Việt Nam tỉnh", SXD, [MTTQ], "requested", ""),
        # Relative names and role words.
        ("Thanh tra Sở", SXD, [TT_SXD], "", ""),
        ("Sở", VP_SXD, [SXD], "", ""),
        ("Phòng Nội vụ", VAN_QUAN, [PNV_VQ], "", ""),
        ("Phòng Nội vụ: chủ trì, theo dõi, đôn đốc, tổng hợp", VAN_QUAN, [PNV_VQ], "lead", ""),
        ("Phòng Kế hoạch - Tài chính chủ trì", SXD, [KHTC], "lead", ""),
        ("Chủ trì: Phòng KHTC", SXD, [KHTC], "lead", ""),
        ("Thanh tra Sở phối hợp", SXD, [TT_SXD], "coordinate", ""),
        ("Sở Nội vụ", SXD, [SNV], "", ""),
        ("Ủy ban nhân dân huyện Văn Quan", None, [VAN_QUAN], "", ""),
        ("UBND huyện", PNV_VQ, [VAN_QUAN], "", ""),
        # Groups.
        ("các phòng chuyên môn", VAN_QUAN, [PNV_VQ], "", "all_divisions"),
        ("các sở, ban, ngành", SXD, [SXD, SNV, TTPVHCC], "", "all_departments"),
        # Abbreviations.
        ("SXD", None, [SXD], "", ""),
        ("TTPVHCC", None, [TTPVHCC], "", ""),
        ("KHTC", SXD, [KHTC], "", ""),
        ("PKHTC", SXD, [KHTC], "", ""),
        ("Phòng QLHĐXD", SXD, [QLHDXD], "", ""),
        # Typos and OCR noise.
        ("Phong Ke hoach Tai chinh", SXD, [KHTC], "", ""),
        ("Phòng Kế hạch - Tài chính", SXD, [KHTC], "", ""),
        ("Văn phòng Sơ", SXD, [VP_SXD], "", ""),
        ("Van phong S¢", SXD, [VP_SXD], "", ""),
        ("Sở Xây dựg", None, [SXD], "", ""),
        # As OCR without the Vietnamese model reads long forms and group words.
        ("Đề nghị Ủy ban Mat tran T6 quéc Viét Nam tinh", SXD, [MTTQ], "requested", ""),
        ("Uy ban nhan dan huyén Van Quan", None, [VAN_QUAN], "", ""),
        ("UBND cac phwong, xa", VAN_QUAN, COMMUNES, "", "all_communes"),
        ("UBND cac x§, thi tran", VAN_QUAN, COMMUNES, "", "all_communes"),
        ("cac co quan, don vi thuéc UBND huyén", VAN_QUAN, [PNV_VQ], "", "all_divisions"),
        ("cac s6, ban, nganh", SXD, [SXD, SNV, TTPVHCC], "", "all_departments"),
    ],
)
def test_match(variant, text, context, units, role, group):
    found = UnitMatcher(TREE, context_id=context).match(variant(text))
    assert (sorted(found.units), found.role, found.group) == (sorted(units), role, group)
    assert found.resolved
    assert 85 <= found.score <= 100


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    ("text", "context", "first_suggestion"),
    [
        ("Sở Y tế", SXD, None),
        ("Phòng Kế hoạch Đầu tư", SXD, KHTC),
        ("Văn phòng Sở", None, VP_SNV),  # two departments have one: ambiguous without context
        ("Các phòng được giao giải quyết TTHC", SXD, None),  # a group defined by a property
        ("UBND các phường, xã", None, None),  # a group needs the issuing unit
    ],
)
def test_unresolved(variant, text, context, first_suggestion):
    found = UnitMatcher(TREE, context_id=context).match(variant(text))
    assert not found.resolved
    assert found.units == []
    assert len(found.suggestions) <= 5
    if first_suggestion:
        assert first_suggestion in [uid for uid, _name, _score in found.suggestions]


def test_unknown_name_gets_suggestions_below_the_threshold():
    found = UnitMatcher(TREE, context_id=SXD).match("Phòng Kế hoạch Đầu tư")
    assert found.score < 85
    uid, name, score = found.suggestions[0]
    assert (uid, name) == (KHTC, "Phòng Kế hoạch - Tài chính")
    assert score == found.score


def test_text_keeps_the_words_as_written_without_role_words():
    found = UnitMatcher(TREE, context_id=SXD).match("Văn phòng Sở tổng hợp")
    assert found.text == "Văn phòng Sở"


def test_a_name_that_ends_like_a_role_word_is_still_a_name():
    tree = [*TREE, UnitCandidate(99, "Phòng Tổng hợp", "division", SNV)]
    found = UnitMatcher(tree, context_id=SNV).match("Phòng Tổng hợp")
    assert (found.units, found.role) == ([99], "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Văn phòng Sở; Phòng KHTC, Thanh tra Sở", [[VP_SXD], [KHTC], [TT_SXD]]),
        ("Các phòng, ban, đơn vị thuộc Sở", [[VP_SXD, TT_SXD, KHTC, QLHDXD]]),
        ("Phòng Kế hoạch - Tài chính", [[KHTC]]),
        ("Văn phòng Sở và Phòng KHTC\nSở Nội vụ", [[VP_SXD], [KHTC], [SNV]]),
        ("UBND các xã, phường, thị trấn", [COMMUNES]),
        ("Sở Kế hoạch và Đầu tư, Sở Nội vụ", [[], [SNV]]),
        ("Sở Y tế và Sở Nội vụ", [[], [SNV]]),
        (
            "Công chức, viên chức tại TTPVHCC; Các phòng, ban, đơn vị thuộc Sở",
            [[TTPVHCC], [VP_SXD, TT_SXD, KHTC, QLHDXD]],
        ),
        ("", []),
    ],
)
def test_match_all_splits_a_cell(text, expected):
    found = UnitMatcher(TREE, context_id=SXD).match_all(text)
    assert [m.units for m in found] == expected


def test_match_all_carries_a_leading_request_to_every_body():
    found = UnitMatcher(TREE, context_id=SXD).match_all(
        "Đề nghị Ủy ban MTTQ Việt Nam tỉnh, Sở Nội vụ"
    )
    assert [(m.units, m.role) for m in found] == [([MTTQ], "requested"), ([SNV], "requested")]


@pytest.fixture
def org(db):
    def unit(code, name, kind, parent=None, **extra):
        return OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent, **extra)

    province = unit("lang-son", "Tỉnh Lạng Sơn", "province")
    sxd = unit("so-xay-dung", "Sở Xây dựng", "department", province)
    snv = unit("so-noi-vu", "Sở Nội vụ", "department", province)
    return {
        "province": province,
        "sxd": sxd,
        "snv": snv,
        "vp_sxd": unit("sxd-van-phong", "Văn phòng Sở", "division", sxd),
        "khtc": unit("sxd-khtc", "Phòng Kế hoạch - Tài chính", "division", sxd),
        "vp_snv": unit("snv-van-phong", "Văn phòng Sở", "division", snv),
        "ttpvhcc": unit(
            "ttpvhcc",
            "Trung tâm Phục vụ hành chính công",
            "department",
            province,
            aliases=["Trung tâm HCC"],
        ),
    }


@pytest.mark.django_db
def test_matcher_for_reads_org_units_in_one_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        matcher = matcher_for(org["sxd"])
    found = matcher.match_all("Văn phòng Sở; Phòng KHTC; Các phòng, ban, đơn vị thuộc Sở")
    assert [sorted(m.units) for m in found] == [
        [org["vp_sxd"].pk],
        [org["khtc"].pk],
        sorted([org["vp_sxd"].pk, org["khtc"].pk]),
    ]


@pytest.mark.django_db
def test_resolve_unit_uses_aliases_and_context(org):
    assert resolve_unit("Trung tâm HCC").units == [org["ttpvhcc"].pk]
    assert resolve_unit("Văn phòng Sở", org["snv"]).units == [org["vp_snv"].pk]
    assert not resolve_unit("Văn phòng Sở").resolved


@pytest.mark.django_db
def test_ended_units_are_not_candidates(org):
    org["snv"].valid_until = datetime.date(2020, 1, 1)
    org["snv"].save()
    assert resolve_unit("Sở Nội vụ").units == []


def test_match_all_keeps_an_unknown_name_whole():
    found = UnitMatcher(TREE, context_id=SXD).match_all("Sở Kế hoạch và Đầu tư, Sở Nội vụ")
    assert [m.text for m in found] == ["Sở Kế hoạch và Đầu tư", "Sở Nội vụ"]
