"""The index the web tests serve: real documents (the development corpus, the seeds, the PDF
fixtures) plus one record that cites 国家职业教育改革实施方案 (022), for cites / cited by."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus" / "docs"
FIXTURES = HERE / "fixtures" / "pdf"
SEED_003 = SEEDS / "003_e226338f45839dff.txt"


def build_index(db: Path) -> None:
    from policydoc.index import Index

    with Index(db) as idx:
        idx.update(sorted(CORPUS.glob("*.html")) + sorted(SEEDS.glob("*.txt")) + [FIXTURES])
        idx.add_document({"source": "<citing>", "title": "关于贯彻落实国家职业教育改革实施方案的通知", "doc_type": "通知",
                          "issuer": "某省人民政府办公厅", "date": "2019-05-01",
                          "citations": [{"title": "国家职业教育改革实施方案", "number": None}]},
                         "为贯彻落实《国家职业教育改革实施方案》，现就有关事项通知如下。")
