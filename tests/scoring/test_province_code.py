"""The province an org tree's top unit stands for, read from its name, short name or aliases:
a unit whose name is not a province's (the demo's Sơn Lâm) is given an alias that is."""

import pytest

from chiso.org.models import OrgUnit, UnitKind
from chiso.scoring.actuals import province_code


def top(name: str, short: str = "", aliases: list[str] | None = None) -> OrgUnit:
    return OrgUnit(name=name, short_name=short, aliases=aliases or [], kind=UnitKind.PROVINCE)


@pytest.mark.parametrize(
    ("unit", "year", "code"),
    [
        # by its name, as written
        (top("UBND tỉnh Lạng Sơn"), 2025, "lang-son"),
        (top("Ủy ban nhân dân tỉnh Lạng Sơn"), 2025, "lang-son"),
        (top("UBND tinh Lang Son"), 2025, "lang-son"),  # without accents
        (top("Ủy ban nhân dân", short="Lạng Sơn"), 2025, "lang-son"),
        # by an alias, when the name names no province
        (top("UBND tỉnh Sơn Lâm", aliases=["UBND tỉnh", "Tỉnh Lạng Sơn"]), 2025, "lang-son"),
        (top("UBND tỉnh Sơn Lâm", aliases=["Ủy ban nhân dân tỉnh Lạng Sơn"]), 2025, "lang-son"),
        (top("UBND tỉnh Sơn Lâm", aliases=["lang son"]), 2025, "lang-son"),
        (top("UBND Thành phố", aliases=["TP.HCM"]), 2024, "ho-chi-minh"),
        # an alias names the province of the year: before and after the 2025 merger
        (top("UBND tỉnh Sơn Lâm", aliases=["Tỉnh Tuyên Quang"]), 2024, "tuyen-quang"),
        (top("UBND tỉnh Sơn Lâm", aliases=["Tỉnh Tuyên Quang"]), 2025, "tuyen-quang-2025"),
        # the name wins over an alias
        (top("UBND tỉnh Cao Bằng", aliases=["Tỉnh Lạng Sơn"]), 2025, "cao-bang"),
        # nothing names a province
        (top("UBND tỉnh Sơn Lâm", aliases=["UBND tỉnh", "Tỉnh Sơn Lâm"]), 2025, None),
        (top("UBND tỉnh Sơn Lâm"), 2025, None),
        (top("UBND tỉnh", aliases=["Thành phố Lạng Sơn"]), 2025, None),  # the city, not it
    ],
)
def test_province_code(unit, year, code):
    assert province_code(unit, year) == code
