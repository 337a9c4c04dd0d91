"""What demo tasks say: for each index component, tasks as provincial and unit plans word them.

Each entry: (task text, expected output, lead at province level (department code),
lead inside a department (division code), deadline as written with {y} for the year).
"""

TASKS = {
    "PAR.1": [
        (
            "Ban hành kế hoạch cải cách hành chính năm {y} đúng thời hạn, bảo đảm đầy đủ nhiệm vụ, có sản phẩm cụ thể",
            "Kế hoạch CCHC năm {y}",
            "snv",
            "vp",
            "Trước ngày 31/01/{y}",
        ),
        (
            "Tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị theo kế hoạch",
            "Báo cáo kết quả kiểm tra",
            "snv",
            "tt",
            "Quý III/{y}",
        ),
        (
            "Xây dựng báo cáo cải cách hành chính định kỳ hằng quý, 6 tháng, năm đúng thời hạn",
            "Báo cáo định kỳ",
            "snv",
            "vp",
            "Thường xuyên",
        ),
        (
            "Tuyên truyền về cải cách hành chính trên Cổng thông tin điện tử và mạng xã hội",
            "Tin, bài tuyên truyền",
            "snv",
            "vp",
            "Thường xuyên",
        ),
        (
            "Tổ chức phát động sáng kiến, giải pháp mới trong thực hiện cải cách hành chính",
            "Sáng kiến được công nhận",
            "snv",
            "vp",
            "Tháng 10/{y}",
        ),
    ],
    "PAR.2": [
        (
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực quản lý",
            "Danh mục văn bản hết hiệu lực",
            "stp",
            "vp",
            "Quý II/{y}",
        ),
        (
            "Theo dõi tình hình thi hành pháp luật, kiểm tra việc thực hiện văn bản quy phạm pháp luật",
            "Báo cáo theo dõi thi hành pháp luật",
            "stp",
            "tt",
            "Trong năm {y}",
        ),
        (
            "Xây dựng, trình ban hành văn bản quy định chi tiết đúng tiến độ",
            "Quyết định, nghị quyết được ban hành",
            "stp",
            "khtc",
            "Theo kế hoạch",
        ),
    ],
    "PAR.3": [
        (
            "Công bố, công khai đầy đủ, kịp thời thủ tục hành chính trên Cơ sở dữ liệu quốc gia",
            "Quyết định công bố TTHC",
            "vp-ubnd",
            "vp",
            "Thường xuyên",
        ),
        (
            "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thời gian giải quyết",
            "Phương án đơn giản hóa",
            "vp-ubnd",
            "vp",
            "Quý III/{y}",
        ),
        (
            "Giải quyết hồ sơ thủ tục hành chính đúng hạn, tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%",
            "Hồ sơ được giải quyết đúng hạn",
            "ttpvhcc",
            "vp",
            "Thường xuyên",
        ),
        (
            "Thực hiện xin lỗi bằng văn bản đối với 100% hồ sơ trễ hạn",
            "Thư xin lỗi",
            "ttpvhcc",
            "vp",
            "Thường xuyên",
        ),
        (
            "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính đúng thời hạn",
            "Phản ánh, kiến nghị được xử lý",
            "vp-ubnd",
            "tt",
            "Thường xuyên",
        ),
    ],
    "PAR.4": [
        (
            "Rà soát chức năng, nhiệm vụ, cơ cấu tổ chức sau sắp xếp bộ máy",
            "Quyết định quy định chức năng, nhiệm vụ",
            "snv",
            "vp",
            "Trước ngày 30/6/{y}",
        ),
        (
            "Thực hiện tinh giản biên chế, quản lý số lượng người làm việc theo đề án vị trí việc làm",
            "Báo cáo biên chế",
            "snv",
            "vp",
            "6 tháng đầu năm {y}",
        ),
        (
            "Thực hiện phân cấp, ủy quyền trong quản lý nhà nước theo quy định",
            "Quyết định phân cấp, ủy quyền",
            "snv",
            "khtc",
            "Năm {y}",
        ),
    ],
    "PAR.5": [
        (
            "Hoàn thiện danh mục vị trí việc làm, bản mô tả công việc và khung năng lực",
            "Đề án vị trí việc làm",
            "snv",
            "vp",
            "Quý II/{y}",
        ),
        (
            "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức theo kế hoạch",
            "Kế hoạch và báo cáo ĐTBD",
            "snv",
            "vp",
            "Trong năm {y}",
        ),
        (
            "Thực hiện đánh giá, xếp loại chất lượng cán bộ, công chức theo hằng quý",
            "Kết quả đánh giá",
            "snv",
            "vp",
            "Thường xuyên",
        ),
        (
            "Tăng cường kỷ luật, kỷ cương hành chính, kiểm tra công vụ đột xuất",
            "Biên bản kiểm tra công vụ",
            "snv",
            "tt",
            "Thường xuyên",
        ),
    ],
    "PAR.6": [
        (
            "Thực hiện cơ chế tự chủ tài chính tại các đơn vị sự nghiệp công lập",
            "Phương án tự chủ",
            "stc",
            "khtc",
            "Quý IV/{y}",
        ),
        (
            "Giải ngân vốn đầu tư công đạt trên 95% kế hoạch được giao",
            "Báo cáo giải ngân",
            "stc",
            "khtc",
            "Trước ngày 31/12/{y}",
        ),
        (
            "Công khai ngân sách, quản lý, sử dụng tài sản công theo quy định",
            "Báo cáo công khai ngân sách",
            "stc",
            "khtc",
            "Thường xuyên",
        ),
    ],
    "PAR.7": [
        (
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80% số hồ sơ tiếp nhận",
            "Số liệu hồ sơ trực tuyến",
            "skhcn",
            "vp",
            "Năm {y}",
        ),
        (
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt trên 70%",
            "Hồ sơ được số hóa",
            "skhcn",
            "vp",
            "Thường xuyên",
        ),
        (
            "Tỷ lệ thanh toán trực tuyến phí, lệ phí đạt trên 70% hồ sơ có phí",
            "Số liệu thanh toán trực tuyến",
            "skhcn",
            "khtc",
            "Năm {y}",
        ),
        (
            "Vận hành hệ thống quản lý văn bản và điều hành, ký số trên 100% văn bản đi",
            "Văn bản điện tử có ký số",
            "skhcn",
            "vp",
            "Thường xuyên",
        ),
    ],
    "PAR.8": [
        (
            "Khảo sát, đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan",
            "Kết quả khảo sát",
            "snv",
            "vp",
            "Quý III/{y}",
        ),
        (
            "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội được giao năm {y}",
            "Báo cáo chỉ tiêu KT-XH",
            "stc",
            "khtc",
            "Năm {y}",
        ),
    ],
    "SIPAS.1": [
        (
            "Bố trí đủ chỗ ngồi, trang thiết bị hiện đại, dễ sử dụng tại bộ phận một cửa",
            "Bộ phận một cửa đạt chuẩn",
            "ttpvhcc",
            "vp",
            "Quý II/{y}",
        ),
    ],
    "SIPAS.2": [
        (
            "Niêm yết công khai, đầy đủ, chính xác thủ tục hành chính tại nơi tiếp nhận hồ sơ",
            "Bảng niêm yết TTHC",
            "vp-ubnd",
            "vp",
            "Thường xuyên",
        ),
    ],
    "SIPAS.3": [
        (
            "Quán triệt công chức một cửa về thái độ, tác phong phục vụ, hướng dẫn tận tình",
            "Văn bản quán triệt",
            "snv",
            "vp",
            "Tháng 3/{y}",
        ),
    ],
    "SIPAS.4": [
        (
            "Trả kết quả đúng hạn, đầy đủ, chính xác; trên 95% kết quả được trả đúng hoặc trước hạn",
            "Kết quả giải quyết TTHC",
            "ttpvhcc",
            "vp",
            "Thường xuyên",
        ),
    ],
    "SIPAS.5": [
        (
            "Công khai địa chỉ tiếp nhận phản ánh, kiến nghị; xử lý 100% phản ánh, kiến nghị đúng hạn",
            "Sổ theo dõi PAKN",
            "vp-ubnd",
            "tt",
            "Thường xuyên",
        ),
    ],
    "PAPI.1": [
        (
            "Thực hiện tốt quy chế dân chủ ở cơ sở, tạo điều kiện để người dân tham gia góp ý",
            "Báo cáo thực hiện dân chủ ở cơ sở",
            "snv",
            "vp",
            "Năm {y}",
        ),
    ],
    "PAPI.2": [
        (
            "Công khai danh sách hộ nghèo, thu chi ngân sách, quy hoạch sử dụng đất, khung giá đền bù",
            "Thông báo công khai",
            "snnmt",
            "khtc",
            "Thường xuyên",
        ),
    ],
    "PAPI.3": [
        (
            "Giải quyết khiếu nại, tố cáo đúng thời hạn; tổ chức tiếp công dân định kỳ",
            "Báo cáo tiếp công dân",
            "ttt",
            "tt",
            "Thường xuyên",
        ),
    ],
    "PAPI.4": [
        (
            "Công khai, minh bạch trong tuyển dụng, bổ nhiệm; phòng, chống tham nhũng, tiêu cực",
            "Báo cáo công tác PCTN",
            "ttt",
            "tt",
            "6 tháng đầu năm {y}",
        ),
    ],
    "PAPI.5": [
        (
            "Nâng cao chất lượng dịch vụ chứng thực, cấp giấy chứng nhận quyền sử dụng đất",
            "Hồ sơ chứng thực, cấp GCN",
            "snnmt",
            "vp",
            "Năm {y}",
        ),
    ],
    "PAPI.6": [
        (
            "Nâng cao chất lượng y tế cơ sở, giáo dục tiểu học công lập và hạ tầng thiết yếu",
            "Báo cáo dịch vụ công",
            "syt",
            "khtc",
            "Năm {y}",
        ),
    ],
    "PAPI.7": [
        (
            "Kiểm tra, xử lý vi phạm về bảo vệ môi trường, chất lượng không khí và nguồn nước",
            "Kết luận kiểm tra môi trường",
            "snnmt",
            "tt",
            "Quý IV/{y}",
        ),
    ],
    "PAPI.8": [
        (
            "Nâng cao hiệu quả cổng thông tin điện tử, phản hồi trực tuyến với người dân",
            "Cổng TTĐT được cập nhật",
            "skhcn",
            "vp",
            "Sau khi có văn bản hướng dẫn của Bộ Khoa học và Công nghệ",
        ),
    ],
}

# Provincial plan targets, as written.
PLAN_TARGETS = [
    "PAR INDEX năm {y} nằm trong nhóm 30 tỉnh, thành phố dẫn đầu",
    "Chỉ số SIPAS năm {y} tăng ít nhất 05 bậc so với năm {p}",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 99%",
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt trên 70%",
]
UNIT_TARGETS = [
    "PAR INDEX năm {y} nằm trong nhóm 10 cơ quan dẫn đầu khối sở, ban, ngành",
    "Chỉ số SIPAS tăng ít nhất 01 bậc",
    "Trên 95% kết quả được trả đúng hoặc trước hạn",
]
