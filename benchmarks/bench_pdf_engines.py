#!/usr/bin/env python
"""PDF reading speed: raw parsers against ``policydoc.read`` / ``policydoc.parse`` with each engine.

Pages per CPU-second (``time.process_time``: the machine is shared, CPU time is what a run
costs whatever else is running), on three groups of real 公文 PDFs:

* ``typeset``     — tests/fixtures/pdf (reportlab, STSong-Light not embedded; bold and spaced variants);
* ``libreoffice`` — tests/fixtures/pdf_libreoffice (the DOCX fixtures exported by LibreOffice 7.4);
* ``real``        — ../shared/corpus/docs/034.pdf and examples/*.pdf (published PDFs).

Contenders: ``pdfplumber`` (``extract_text()`` per page), ``pypdfium2`` (``get_text_range()``
per page), ``pymupdf`` and ``pdf_oxide`` raw text (reference only: run this script from a
throwaway venv that has them; they are not dependencies — PyMuPDF is AGPL), then
``policydoc.read`` and ``policydoc.parse`` with ``engine="pdfplumber"`` and ``engine="pdfium"``.
Every contender reads every file once untimed, then ``--rounds`` rounds follow with the
contender order rotating per file; a file's time is its median over the rounds.

    .venv/bin/python benchmarks/bench_pdf_engines.py --rounds 5 --json benchmarks/results_pdf_engines.json
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "typeset": sorted(p for p in (ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")
                      if p.name not in ("encrypted.pdf", "scanned.pdf")),
    "libreoffice": sorted((ROOT / "tests" / "fixtures" / "pdf_libreoffice").glob("*.pdf")),
    "real": [p for p in [ROOT.parent / "shared" / "corpus" / "docs" / "034.pdf", *sorted((ROOT / "examples").glob("*.pdf"))]
             if p.exists()],
}


def c_pdfplumber(p: Path) -> int:
    import pdfplumber

    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def c_pypdfium2(p: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(p))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def c_pymupdf(p: Path) -> int:
    import pymupdf

    with pymupdf.open(str(p)) as doc:
        for page in doc:
            page.get_text()
        return doc.page_count


def c_pdf_oxide(p: Path) -> int:
    import pdf_oxide

    doc = pdf_oxide.PdfDocument(str(p))
    n = doc.page_count()
    for i in range(n):
        doc.extract_text(i)
    return n


def _policydoc(kind: str, engine: str):
    def run(p: Path) -> int:
        import policydoc

        doc = getattr(policydoc, kind)(p, engine=engine)
        return len(doc.pages)
    return run


CONTENDERS = {"pdfplumber": c_pdfplumber, "pypdfium2": c_pypdfium2, "pymupdf": c_pymupdf, "pdf_oxide": c_pdf_oxide,
              "read[pdfplumber]": _policydoc("read", "pdfplumber"), "read[pdfium]": _policydoc("read", "pdfium"),
              "parse[pdfplumber]": _policydoc("parse", "pdfplumber"), "parse[pdfium]": _policydoc("parse", "pdfium")}


def available() -> dict:
    out = {}
    for name, fn in CONTENDERS.items():
        try:
            fn(GROUPS["typeset"][0])
        except ImportError:
            continue
        out[name] = fn
    return out


def bench(rounds: int, log) -> dict:
    funcs = available()
    names = list(funcs)
    files = [(g, p) for g, ps in GROUPS.items() for p in ps]
    pages = {}
    for g, p in files:  # warm-up
        for n in names:
            pages[p] = funcs[n](p)
    times = {n: {p: [] for _, p in files} for n in names}
    k = 0
    for r in range(rounds):
        for _, p in files:
            order = names[k % len(names):] + names[:k % len(names)]
            k += 1
            for n in order:
                gc.collect()
                t = time.process_time()
                funcs[n](p)
                times[n][p].append(time.process_time() - t)
        log(f"round {r + 1}/{rounds}")
    table = {}
    for g, ps in GROUPS.items():
        npages = sum(pages[p] for p in ps)
        table[g] = {"files": len(ps), "pages": npages,
                    **{n: npages / sum(statistics.median(times[n][p]) for p in ps) for n in names}}
    allp = [p for _, p in files]
    npages = sum(pages[p] for p in allp)
    table["all"] = {"files": len(allp), "pages": npages,
                    **{n: npages / sum(statistics.median(times[n][p]) for p in allp) for n in names}}
    return {"rounds": rounds, "contenders": names, "pages_per_cpu_s": table}


def markdown(res: dict) -> str:
    names = res["contenders"]
    out = ["| PDFs | files | pages | " + " | ".join(names) + " |", "|---|--:|--:|" + "--:|" * len(names)]
    for g, row in res["pages_per_cpu_s"].items():
        out.append(f"| {g} | {row['files']} | {row['pages']} | " + " | ".join(f"{row[n]:.0f}" for n in names) + " |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", metavar="PATH")
    args = ap.parse_args(argv)
    res = bench(args.rounds, lambda m: print(m, file=sys.stderr, flush=True))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
