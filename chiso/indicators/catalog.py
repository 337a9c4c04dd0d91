"""The service indicators: what each measures, its formula, and how plans name it.

Every indicator is a percentage `numerator ÷ denominator × 100` over the records of one unit
and period. A record counts in the period that holds the date the indicator names (finished,
received or returned); dates are compared as calendar dates. The formulas follow the plans'
wording (DOMAIN.md, "Service indicators"), not the national service index of Quyết định
766/QĐ-TTg, which also counts dossiers still in progress. `tthc`: thủ tục hành chính, an
administrative procedure; `pakn`: phản ánh, kiến nghị, citizens' feedback.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    DOSSIERS = "dossiers", _("Hồ sơ TTHC")
    FEEDBACK = "feedback", _("Phản ánh, kiến nghị")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: StrPromise
    source: str
    numerator: StrPromise
    denominator: StrPromise
    counted_by: StrPromise  # the date that puts a record in a period
    phrases: tuple[str, ...]  # how a plan names it; "…" stands for a few words
    example_target: str
    higher_is_better: bool = True
    unit: str = "%"

    @property
    def formula(self) -> str:
        return f"{self.numerator} ÷ {self.denominator} × 100"


CATALOG: tuple[Indicator, ...] = (
    Indicator(
        "on_time",
        _("Tỷ lệ hồ sơ giải quyết đúng hạn"),
        Source.DOSSIERS,
        _("số hồ sơ hoàn thành trong kỳ có ngày hoàn thành không muộn hơn hạn xử lý"),
        _("số hồ sơ hoàn thành trong kỳ"),
        _("ngày hoàn thành"),
        ("hồ sơ … đúng hạn", "giải quyết … đúng hạn"),
        "> 99%",
    ),
    Indicator(
        "apology_letter",
        _("Tỷ lệ hồ sơ trễ hạn có thư xin lỗi"),
        Source.DOSSIERS,
        _("số hồ sơ hoàn thành trễ hạn trong kỳ có thư xin lỗi"),
        _("số hồ sơ hoàn thành trễ hạn trong kỳ"),
        _("ngày hoàn thành"),
        ("xin lỗi",),
        "100%",
    ),
    Indicator(
        "online_full_process",
        _("Tỷ lệ hồ sơ trực tuyến toàn trình"),
        Source.DOSSIERS,
        _("số hồ sơ tiếp nhận trong kỳ nộp trực tuyến toàn trình"),
        _("số hồ sơ tiếp nhận trong kỳ"),
        _("ngày tiếp nhận"),
        ("toàn trình",),
        "> 80%",
    ),
    Indicator(
        "digitised",
        _("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
        Source.DOSSIERS,
        _("số hồ sơ tiếp nhận trong kỳ đã số hóa"),
        _("số hồ sơ tiếp nhận trong kỳ"),
        _("ngày tiếp nhận"),
        ("số hóa", "số hoá"),
        "> 70%",
    ),
    Indicator(
        "paid_online",
        _("Tỷ lệ hồ sơ thanh toán phí trực tuyến"),
        Source.DOSSIERS,
        _("số hồ sơ có phí tiếp nhận trong kỳ đã thanh toán trực tuyến"),
        _("số hồ sơ có phí tiếp nhận trong kỳ"),
        _("ngày tiếp nhận"),
        ("thanh toán trực tuyến",),
        "> 70%",
    ),
    Indicator(
        "returned_on_time",
        _("Tỷ lệ kết quả trả đúng hoặc trước hạn"),
        Source.DOSSIERS,
        _("số kết quả trả trong kỳ có ngày trả không muộn hơn hạn xử lý"),
        _("số kết quả trả trong kỳ"),
        _("ngày trả kết quả"),
        ("trả đúng … hạn", "trả kết quả … đúng hạn", "trước hạn"),
        "> 95%",
    ),
    Indicator(
        "feedback_handled",
        _("Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn"),
        Source.FEEDBACK,
        _("số phản ánh, kiến nghị tiếp nhận trong kỳ đã trả lời không muộn hơn hạn xử lý"),
        _("số phản ánh, kiến nghị tiếp nhận trong kỳ"),
        _("ngày tiếp nhận"),
        ("phản ánh … kiến nghị", "PAKN"),
        "100%",
    ),
)

INDICATORS: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOG}
CHOICES = [(indicator.code, indicator.name) for indicator in CATALOG]


def percent(numerator: int, denominator: int) -> Decimal | None:
    """`numerator ÷ denominator × 100` to two decimals, halves rounded up; None when there is
    nothing to count. Computed on integers, so that `percent_sql` gives the same digits."""
    if not denominator:
        return None
    return Decimal((20000 * numerator + denominator) // (2 * denominator)).scaleb(-2)


def percent_sql(numerator: str, denominator: str) -> str:
    """`percent` of two integer columns as a DuckDB expression, for values computed in bulk."""
    hundredths = f"((20000 * {numerator} + {denominator}) // (2 * {denominator}))"
    return f"({hundredths} * 0.01)::DECIMAL(5, 2)"
