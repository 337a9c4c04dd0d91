"""Dossier exports written by hand, and a store of records of each test's own."""

import pytest

HEADER = (
    "Mã hồ sơ,Đơn vị,Thủ tục,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành,Ngày trả kết quả,"
    "Kênh nộp,Số hóa,Có phí,Thanh toán trực tuyến,Thư xin lỗi"
)
# Sở Xây dựng (sxd) and Sở Tư pháp (stp), March and April 2025; the expected values are in
# test_formulas.py. D1 comes twice: the second row (a re-export) is the one that counts.
ROWS = [
    "D1,Sở Xây dựng,Cấp phép xây dựng,03/03/2025 08:00,10/03/2025,10/03/2025 16:00,"
    "10/03/2025,Trực tuyến toàn trình,Có,Có,Có,Không",
    "D2,Sở Xây dựng,Cấp phép xây dựng,05/03/2025,12/03/2025 17:00,12/03/2025 09:30,"
    "14/03/2025,Trực tiếp,Không,Có,Không,Không",
    "D3,sở xây dựng,Cấp chứng chỉ hành nghề,20/03/2025,05/04/2025,02/04/2025,03/04/2025,"
    "Bưu chính,x,,0,",
    "D4,SXD,Cấp chứng chỉ hành nghề,28/03/2025,10/04/2025,,,Truc tuyen mot phan,khong,1,1,0",
    "D5,So Tu phap,Chứng thực bản sao,2025-03-15,2025-03-20,2025-03-25T10:00,2025-03-25,"
    "truc tuyen toan trinh,true,false,false,false",
    "D1,Sở Xây dựng,Cấp phép xây dựng,03/03/2025 08:00,10/03/2025,11/03/2025,12/03/2025,"
    "Trực tuyến toàn trình,Có,Có,Có,Có",
]


@pytest.fixture(autouse=True)
def metrics_dir(settings, tmp_path):
    settings.CHISO_METRICS_DIR = tmp_path / "metrics"
    return settings.CHISO_METRICS_DIR


@pytest.fixture
def write_csv(tmp_path):
    def write(rows: list[str], header: str = HEADER, name: str = "export.csv"):
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8-sig")
        return path

    return write
