"""Broken, hostile and odd files: a clear DocumentError or blocks, never another exception."""

import random
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from unittest import mock

import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.docimport.blocks import Block, DocumentError
from chiso.docimport.readers import MAX_PAGES, ocr, read_document

from .corpus_files import CORPUS_FILES

SUFFIXES = [".txt", ".md", ".docx", ".pdf", ".png", ".jpg"]
SENTENCE = "Nâng cao Chỉ số cải cách hành chính của tỉnh Lạng Sơn năm 2025."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_or_error(path: Path, name: str | None = None) -> list[Block] | DocumentError:
    try:
        blocks = read_document(path, name=name)
    except DocumentError as error:
        assert str(error)
        return error
    assert all(isinstance(b, Block) for b in blocks)
    return blocks


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file(tmp_path, suffix):
    with pytest.raises(DocumentError, match=f"“empty{suffix}” trống"):
        read_document(write(tmp_path, f"empty{suffix}", b""))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_whitespace_only_file(tmp_path, suffix):
    with pytest.raises(DocumentError, match="blank"):
        read_document(write(tmp_path, f"blank{suffix}", b" \n\t\r\n   \n"))


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_random_bytes(tmp_path, suffix):
    data = random.Random(suffix).randbytes(20_000)
    with pytest.raises(DocumentError, match=f"noise{suffix}"):
        read_document(write(tmp_path, f"noise{suffix}", data))


def test_truncated_docx(corpus, tmp_path):
    data = (corpus / "so-xay-dung-2025-phu-luc-I.docx").read_bytes()
    path = write(tmp_path, "half.docx", data[: len(data) // 2])
    with pytest.raises(DocumentError, match=r"“half.docx” không phải tệp Word \(.docx\) hợp lệ"):
        read_document(path)


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "not-word.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError, match="không phải tệp Word"):
        read_document(path, name="Kế hoạch.docx")


def test_old_word_doc_is_named(tmp_path):
    path = write(tmp_path, "cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DocumentError, match=r"\.doc.*\.docx"):
        read_document(path)


def test_unsupported_suffix(tmp_path):
    with pytest.raises(DocumentError, match=r"\.docx, \.pdf"):
        read_document(write(tmp_path, "bang.xlsx.bak", b"STT;Nhiem vu\n"))


def test_pdf_with_broken_xref(corpus, tmp_path):
    data = bytearray((corpus / "tp-lang-son-2024-ke-hoach.pdf").read_bytes())
    start = data.rindex(b"startxref")
    data[start + 10 : start + 16] = b"999999"  # points nowhere
    xref = data.rindex(b"\nxref")
    data[xref + 1 : xref + 200] = bytes(random.Random(1).randbytes(199))
    result = read_or_error(write(tmp_path, "broken-xref.pdf", bytes(data)))
    if isinstance(result, list):  # PDF readers rebuild a lost xref by scanning the objects
        assert any("MỤC ĐÍCH" in b.text for b in result)


def test_pdf_with_password(tmp_path, font_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("body", fname=str(font_path))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 7, SENTENCE)
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    path = tmp_path / "khoa.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentError, match="mật khẩu"):
        read_document(path)


@pytest.fixture
def font_path() -> Path:
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu fonts are not installed")
    return font


def cp1258_bytes(text: str) -> bytes:
    """`text` as Windows-1258 writes Vietnamese: base letters precomposed, tone marks apart."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = "".join(m for m in marks if m not in tones)
            out.append(
                (unicodedata.normalize("NFC", base + rest) + "".join(tones)).encode("cp1258")
            )
    return b"".join(out)


def test_text_in_cp1258(tmp_path):
    path = write(tmp_path, "cu.txt", cp1258_bytes(f"KẾ HOẠCH\r\n\r\n{SENTENCE}\r\n"))
    assert [b.text for b in read_document(path)] == ["KẾ HOẠCH", SENTENCE]


def test_text_in_latin1(tmp_path):
    path = write(tmp_path, "latin.txt", "Résumé du café à Hanoï.\n".encode("latin-1"))
    assert [b.text for b in read_document(path)] == ["Résumé du café à Hanoï."]


def test_text_in_utf16_and_with_bom(tmp_path):
    assert read_document(write(tmp_path, "u16.txt", SENTENCE.encode("utf-16")))[0].text == SENTENCE
    with_bom = write(tmp_path, "bom.md", SENTENCE.encode("utf-8-sig"))
    assert read_document(with_bom)[0].text == SENTENCE


def test_text_in_nfd_comes_out_nfc(tmp_path):
    path = write(tmp_path, "nfd.txt", unicodedata.normalize("NFD", SENTENCE).encode())
    assert read_document(path)[0].text == SENTENCE


def test_pdf_over_the_page_limit_is_refused(tmp_path):
    document = pypdfium2.PdfDocument.new()
    for _ in range(400):
        document.new_page(595, 842)
    path = tmp_path / "dai.pdf"
    document.save(str(path))
    document.close()
    with pytest.raises(DocumentError, match=f"“dai.pdf” có 400 trang, quá giới hạn {MAX_PAGES}"):
        read_document(path)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "lon.pdf"
    with path.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        file.truncate(51 * 1024 * 1024)  # sparse: no time spent writing
    with pytest.raises(DocumentError, match="50 MB"):
        read_document(path)


def test_huge_single_line(tmp_path):
    line = ("nâng cao chất lượng **phục vụ** người dân, " * 60_000).encode()  # ~3 MB, one line
    blocks = read_document(write(tmp_path, "mot-dong.txt", line))
    assert len(blocks) == 1 and "**" not in blocks[0].text


def test_page_without_text_layer_needs_tesseract(tmp_path, monkeypatch):
    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    path = tmp_path / "quet.pdf"
    document.save(str(path))
    document.close()
    monkeypatch.setattr(ocr, "_has_vietnamese", lambda: False)
    with pytest.raises(DocumentError, match="tesseract-ocr-vie"):
        read_document(path)


MUTATIONS = st.one_of(
    st.tuples(
        st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8)
    ),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=64))),
)


def mutate(data: bytes, mutation) -> bytes:
    kind, arg = mutation
    out = bytearray(data)
    if kind == "flip":
        for where, value in arg:
            out[min(int(where * len(out)), len(out) - 1)] = value
    elif kind == "truncate":
        del out[int(arg * len(out)) :]
    else:
        where, chunk = arg
        out[int(where * len(out)) : int(where * len(out))] = chunk
    return bytes(out)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(CORPUS_FILES), mutation=MUTATIONS)
def test_mutated_corpus_files_never_crash(corpus, name, mutation):
    data = mutate((corpus / name).read_bytes(), mutation)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        # A page whose text stream broke would go to OCR; its speed is not what is tested here.
        with mock.patch.object(ocr, "ocr_pdf_page", lambda page, name: ([], [])):
            read_or_error(path)
