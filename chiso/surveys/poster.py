"""The printable A4 poster of a unit's public form (PDF), with its QR code, and the QR code
alone for the page. Written with fpdf2 in DejaVu Sans, a font with every Vietnamese letter."""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import RoundUnit


def public_url(round_unit: RoundUnit) -> str:
    """The address of the unit's public form, as printed and encoded in the QR code."""
    path = reverse("survey_form:start", args=[round_unit.round.code, round_unit.unit.code])
    return settings.CHISO_BASE_URL.rstrip("/") + path


def qr_svg(round_unit: RoundUnit) -> bytes:
    buffer = io.BytesIO()
    segno.make(public_url(round_unit), error="m").save(buffer, kind="svg", scale=6, border=2)
    return buffer.getvalue()


def poster_pdf(round_unit: RoundUnit) -> bytes:
    """One A4 page: the unit, what is asked, the QR code, the address."""
    url = public_url(round_unit)
    pdf = FPDF(format="A4")
    fonts = settings.CHISO_POSTER_FONTS
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w - 2 * pdf.l_margin
    pdf.set_fill_color(139, 29, 29)
    pdf.rect(0, 0, pdf.w, 42, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(pdf.l_margin, 10)
    pdf.set_font("DejaVu", "", 13)
    parent = round_unit.unit.parent
    pdf.multi_cell(width, 7, (parent.name.upper() if parent else ""), align="C")
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(width, 9, round_unit.unit.name.upper(), align="C")
    pdf.set_text_color(28, 36, 48)
    pdf.set_xy(pdf.l_margin, 55)
    pdf.set_font("DejaVu", "B", 24)
    pdf.multi_cell(width, 12, _("ÔNG/BÀ HÀI LÒNG KHÔNG?"), align="C")
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(
        width,
        8,
        _(
            "Xin dành 2 phút đánh giá việc giải quyết thủ tục hành chính tại đơn vị. Phiếu "
            "không ghi tên người trả lời."
        ),
        align="C",
    )
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=20, border=2)
    image.seek(0)
    side = 110
    pdf.image(image, x=(pdf.w - side) / 2, y=100, w=side, h=side)
    pdf.set_xy(pdf.l_margin, 215)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 9, _("Quét mã QR bằng điện thoại để trả lời"), align="C")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 7, _("hoặc mở địa chỉ:") + " " + url, align="C")
    pdf.set_xy(pdf.l_margin, 262)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(90, 100, 115)
    pdf.multi_cell(width, 6, round_unit.round.name, align="C")
    return bytes(pdf.output())
