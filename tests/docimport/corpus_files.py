"""The corpus documents the reader tests run on, by name."""

CORPUS_FILES = [
    "so-xay-dung-2025-phu-luc-I.txt",
    "so-xay-dung-2025-phu-luc-I.docx",
    "so-xay-dung-2025-phu-luc-I.pdf",
    "thanh-tra-tinh-2025-ke-hoach.txt",
    "tp-lang-son-2024-ke-hoach.md",
    "tp-lang-son-2024-ke-hoach.docx",
    "tp-lang-son-2024-ke-hoach.pdf",
    "van-quan-2024-papi-ke-hoach.txt",
]
