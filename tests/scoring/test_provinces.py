"""Vietnam's provinces before and after the 2025 merger, and names as written matched to them."""

import unicodedata
from datetime import date, timedelta

import pytest

from chiso.scoring.provinces import (
    CITY,
    find_province,
    get_province,
    predecessors,
    provinces,
    successors,
)
from chiso.vietnamese.text import search_key, strip_accents

MERGER = date(2025, 7, 1)


def codes(found) -> list[str]:
    return [p.code for p in found]


@pytest.mark.parametrize(
    ("year", "count"),
    [
        (2024, 63),
        (date(2025, 6, 30), 63),
        (MERGER, 34),
        (2025, 34),  # a year is its 31 December: 2025's results rank the 34
        (2026, 34),
    ],
)
def test_provinces_of_a_year(year, count):
    assert len(provinces(year)) == count


def test_huế_became_a_city_on_1_january_2025():
    assert "thua-thien-hue" in codes(provinces(2024))
    assert "hue" not in codes(provinces(2024))
    in_2025 = codes(provinces(date(2025, 1, 1)))
    assert "hue" in in_2025
    assert "thua-thien-hue" not in in_2025
    assert len(in_2025) == 63


def test_cities_under_the_centre():
    def cities(year):
        return [p.name for p in provinces(year) if p.kind == CITY]  # sorted without accents

    assert cities(2024) == ["Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh"]
    assert cities(2026) == ["Cần Thơ", "Đà Nẵng", "Hà Nội", "Hải Phòng", "Hồ Chí Minh", "Huế"]


def test_every_entry_ranks_in_some_year():
    assert sorted(codes(provinces())) == sorted(set(codes(provinces(2024) + provinces(2026))))
    assert len(set(codes(provinces()))) == len(provinces())


def test_eleven_kept_twenty_three_merged():
    old = set(codes(provinces(2024)))
    new = provinces(2026)
    kept = [p for p in new if p.code in old or len(p.merged_from) == 1]
    merged = [p for p in new if len(p.merged_from) >= 2]
    assert len(kept) == 11
    assert len(merged) == 23
    assert "lang-son" in codes(kept)
    assert "hue" in codes(kept)


def test_merged_provinces_come_from_real_old_ones():
    old = {p.code: p for p in provinces(2024)}
    for new in provinces(2026):
        for code in new.merged_from:
            assert code in old, (new.code, code)
            assert old[code].valid_until == new.valid_from - timedelta(days=1)
        if len(new.merged_from) > 1:
            # The new province keeps the name of the first province merged into it.
            assert old[new.merged_from[0]].name == new.name


def test_every_old_province_goes_on_exactly_once():
    went_on = [code for new in provinces(2026) for code in (new.merged_from or (new.code,))]
    assert sorted(went_on) == sorted(codes(provinces(2024)))


def test_every_province_that_ended_has_one_successor():
    ended = [p for p in provinces() if p.valid_until is not None]
    assert len(ended) == 53  # the 52 merged on 1/7/2025 and Thừa Thiên Huế
    for province in ended:
        (heir,) = successors(province.code)
        assert heir.valid_from == province.valid_until + timedelta(days=1)


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("ha-giang", [], ["tuyen-quang-2025"]),
        ("tuyen-quang", [], ["tuyen-quang-2025"]),
        ("tuyen-quang-2025", ["tuyen-quang", "ha-giang"], []),
        ("ninh-binh-2025", ["ninh-binh", "ha-nam", "nam-dinh"], []),
        ("ho-chi-minh-2025", ["ho-chi-minh", "binh-duong", "ba-ria-vung-tau"], []),
        ("thua-thien-hue", [], ["hue"]),
        ("hue", ["thua-thien-hue"], []),
        ("lang-son", [], []),
        ("ha-noi", [], []),
    ],
)
def test_following_a_province_through_the_changes(code, before, after):
    assert codes(predecessors(code)) == before
    assert codes(successors(code)) == after


@pytest.mark.parametrize("lookup", [get_province, successors, predecessors])
def test_an_unknown_code_is_an_error(lookup):
    with pytest.raises(KeyError):
        lookup("ha-tay")


@pytest.mark.parametrize(
    ("code", "display_name"),
    [
        ("lang-son", "Tỉnh Lạng Sơn"),
        ("ha-noi", "Thành phố Hà Nội"),
        ("ho-chi-minh-2025", "Thành phố Hồ Chí Minh"),
        ("thua-thien-hue", "Tỉnh Thừa Thiên Huế"),
        ("hue", "Thành phố Huế"),
        ("ba-ria-vung-tau", "Tỉnh Bà Rịa - Vũng Tàu"),
    ],
)
def test_display_name(code, display_name):
    assert get_province(code).display_name == display_name


def test_names_are_nfc():
    for province in provinces():
        assert unicodedata.is_normalized("NFC", province.name), province.code


@pytest.mark.parametrize("year", [2024, date(2025, 1, 1), 2026])
def test_no_two_provinces_of_a_year_share_a_written_name(year):
    seen: dict[str, str] = {}
    for province in provinces(year):
        for name in {search_key(n).replace(" ", "") for n in (province.name, *province.aliases)}:
            assert seen.setdefault(name, province.code) == province.code, name


@pytest.mark.parametrize("year", [2024, 2026])
@pytest.mark.parametrize(
    "form",
    [
        lambda p: p.name,
        lambda p: p.display_name,
        lambda p: strip_accents(p.display_name).upper(),
        lambda p: unicodedata.normalize("NFD", p.name.lower()),
    ],
    ids=["name", "display-name", "upper-no-accents", "nfd-lower"],
)
def test_every_province_is_found_by_its_name(year, form):
    for province in provinces(year):
        assert find_province(form(province), year) == province, province.code


@pytest.mark.parametrize(
    ("written", "year", "code"),
    [
        # with or without the kind, any case, with or without accents, extra spaces
        ("Lạng Sơn", 2024, "lang-son"),
        ("Tỉnh Lạng Sơn", 2024, "lang-son"),
        ("tỉnh lạng sơn", 2026, "lang-son"),
        ("TỈNH LẠNG SƠN", None, "lang-son"),
        ("Lang Son", None, "lang-son"),
        ("tinh lang son", None, "lang-son"),
        ("  Tỉnh   Lạng  Sơn  ", None, "lang-son"),
        ("Lạng Sơn,", None, "lang-son"),
        ("Thành phố Hà Nội", None, "ha-noi"),
        ("Thành Phố Hà Nội", None, "ha-noi"),
        ("TP. Hà Nội", None, "ha-noi"),
        ("TP Hà Nội", None, "ha-noi"),
        ("Tp.Hà Nội", None, "ha-noi"),
        ("T.P. Hà Nội", None, "ha-noi"),
        ("HA NOI", None, "ha-noi"),
        ("Hanoi", None, "ha-noi"),
        # old and new tone placement
        ("Thanh Hóa", None, "thanh-hoa"),
        ("Thanh Hoá", None, "thanh-hoa"),
        ("Tỉnh Thanh Hoá", None, "thanh-hoa"),
        ("Hòa Bình", 2024, "hoa-binh"),
        ("Hoà Bình", 2024, "hoa-binh"),
        ("Khánh Hoà", 2024, "khanh-hoa"),
        ("Khánh Hòa", 2026, "khanh-hoa-2025"),
        # Huế
        ("Thừa Thiên Huế", 2024, "thua-thien-hue"),
        ("Thừa Thiên - Huế", 2024, "thua-thien-hue"),
        ("Tỉnh Thừa Thiên Huế", 2024, "thua-thien-hue"),
        ("TT Huế", 2024, "thua-thien-hue"),
        ("TT-Huế", 2024, "thua-thien-hue"),
        ("Huế", 2024, "thua-thien-hue"),
        ("Huế", 2025, "hue"),
        ("Thành phố Huế", 2026, "hue"),
        ("TP. Huế", None, "hue"),
        ("Thừa Thiên Huế", 2026, "hue"),
        ("thua thien hue", None, "hue"),
        # Hồ Chí Minh
        ("Thành phố Hồ Chí Minh", 2024, "ho-chi-minh"),
        ("TP. Hồ Chí Minh", 2024, "ho-chi-minh"),
        ("TP.HCM", 2024, "ho-chi-minh"),
        ("TP HCM", 2024, "ho-chi-minh"),
        ("TPHCM", 2024, "ho-chi-minh"),
        ("HCM", 2024, "ho-chi-minh"),
        ("Hồ Chí Minh", 2024, "ho-chi-minh"),
        ("Ho Chi Minh", 2024, "ho-chi-minh"),
        ("Sài Gòn", 2024, "ho-chi-minh"),
        ("tp.hcm", 2026, "ho-chi-minh-2025"),
        # Bà Rịa - Vũng Tàu
        ("Bà Rịa - Vũng Tàu", 2024, "ba-ria-vung-tau"),
        ("Bà Rịa Vũng Tàu", 2024, "ba-ria-vung-tau"),
        ("Tỉnh Bà Rịa-Vũng Tàu", 2024, "ba-ria-vung-tau"),
        ("BR-VT", 2024, "ba-ria-vung-tau"),
        ("BRVT", 2024, "ba-ria-vung-tau"),
        ("Ba Ria - Vung Tau", 2024, "ba-ria-vung-tau"),
        # the Central Highlands as people spell them
        ("Đắk Lắk", 2024, "dak-lak"),
        ("Đắc Lắc", 2024, "dak-lak"),
        ("Đăk Lăk", 2024, "dak-lak"),
        ("Dak Lak", 2024, "dak-lak"),
        ("Daklak", 2024, "dak-lak"),
        ("DAK LAK", 2026, "dak-lak-2025"),
        ("Đắk Nông", 2024, "dak-nong"),
        ("Đắc Nông", 2024, "dak-nong"),
        ("Dak Nong", 2024, "dak-nong"),
        ("Kon Tum", 2024, "kon-tum"),
        ("Kontum", 2024, "kon-tum"),
        ("KONTUM", 2024, "kon-tum"),
        ("Bắc Cạn", 2024, "bac-kan"),
        ("TP Cần Thơ", 2024, "can-tho"),
        ("Cần Thơ", 2026, "can-tho-2025"),
        # a name shared by an old and a new province: the one of the year, else the current
        ("Tuyên Quang", 2024, "tuyen-quang"),
        ("Tuyên Quang", date(2025, 6, 30), "tuyen-quang"),
        ("Tuyên Quang", MERGER, "tuyen-quang-2025"),
        ("Tuyên Quang", 2026, "tuyen-quang-2025"),
        ("Tuyên Quang", None, "tuyen-quang-2025"),
        # a province that ended is still found by its name
        ("Hà Giang", 2026, "ha-giang"),
        ("Hà Giang", None, "ha-giang"),
    ],
)
def test_names_as_written(written, year, code):
    found = find_province(written, year)
    assert found is not None, written
    assert found.code == code


@pytest.mark.parametrize(
    "written",
    [
        "",
        "   ",
        "Tỉnh",
        "Thành phố",
        "TP.",
        "Hà Tây",  # merged into Hà Nội in 2008, before the data begins
        "Sở Nội vụ",
        "Lạng",
        "Quảng",
        "Vũng Tàu",  # a city of Bà Rịa - Vũng Tàu, not the province
        "Lạng Sơn 2024",
        "Lang Son Province",
        # the city that is the seat of a tỉnh, not the tỉnh
        "Thành phố Lạng Sơn",
        "TP. Thanh Hóa",
        "Tp Hà Tĩnh",
        # a city under the centre is not a tỉnh
        "Tỉnh Hà Nội",
        "Tỉnh Cần Thơ",
    ],
)
def test_unknown_names_match_nothing(written):
    assert find_province(written) is None
    assert find_province(written, 2024) is None
