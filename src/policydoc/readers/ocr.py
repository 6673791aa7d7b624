"""OCR for pages without a usable text layer: scanned PDF pages, ``(cid:…)`` pages, image files.

The engine sits behind a small interface (:class:`OcrEngine`: an RGB page image in, text lines
with boxes and confidences out), so another engine can be dropped in. The default is RapidOCR
3.x (the ``[ocr]`` extra): its Chinese detection and recognition models ship inside the wheel,
and we pass their paths explicitly, so nothing is downloaded at run time — a missing model file
is a :class:`~policydoc.errors.ModelError`, never a download.

Recognised lines become :class:`~policydoc.document.LayoutLine` objects in PDF points (1/72
inch), with ``confidence`` set, so page-number removal, line rejoining, the red 发文机关标志 and the
centred title work on a scan as on a text PDF.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Protocol

from ..errors import ModelError, NoTextError, UsageError

MODES = ("auto", "never", "force")
#: Environment variable read when no mode is passed (how ``policydoc extract --ocr`` reaches its workers).
MODE_ENV = "POLICYDOC_OCR"
#: Pages are rendered at this resolution: 公文 body text (16 pt) is ~44 px high, plenty for the recogniser.
DEFAULT_DPI = 200
INSTALL_HINT = 'pip install "policydoc[ocr]"'


@dataclass(frozen=True)
class OcrLine:
    """One recognised line: text, box in image pixels (x0, top, x1, bottom) and the engine's score."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


class OcrEngine(Protocol):
    """What an OCR engine must do: ``recognize(rgb_uint8_array) -> [OcrLine]``, in any order."""

    name: str

    def recognize(self, image) -> list[OcrLine]: ...


def resolve_mode(mode: str | None) -> str:
    """``auto`` (OCR only pages without a usable text layer), ``never`` or ``force`` (every page).

    >>> resolve_mode("FORCE")
    'force'
    """
    m = (mode or os.environ.get(MODE_ENV) or "auto").strip().lower()
    if m not in MODES:
        raise UsageError(None, f"the OCR mode must be one of {', '.join(MODES)}, not {m!r}")
    return m


# -- the RapidOCR engine ------------------------------------------------------------------------
_MODEL_FILES = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx",
                "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}


def available() -> bool:
    """True when the ``[ocr]`` extra (rapidocr + onnxruntime) is importable."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


class RapidOcrEngine:
    """RapidOCR 3.x on ONNX Runtime, one thread, with the models of the installed wheel."""

    def __init__(self, model_dir: str | Path | None = None, threads: int = 1):
        import rapidocr

        root = Path(model_dir) if model_dir else Path(rapidocr.__file__).parent / "models"
        paths = {k: root / f for k, f in _MODEL_FILES.items()}
        missing = [str(p) for p in paths.values() if not p.is_file()]
        if missing:
            # RapidOCR would download a missing model; we never let it (no network at run time).
            raise ModelError(missing[0], "an OCR model file is missing from the rapidocr installation "
                                         "(policydoc never downloads models)", f"reinstall: {INSTALL_HINT}")
        self.model_paths = {k: str(v) for k, v in paths.items()}
        from importlib.metadata import version

        self.name = f"rapidocr {version('rapidocr')}"
        params = {f"{k}.model_path": v for k, v in self.model_paths.items()}
        params.update({"Global.use_cls": False,  # 公文 pages are upright; the angle classifier costs time
                       "Global.log_level": "error",
                       "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                       "EngineConfig.onnxruntime.inter_op_num_threads": 1})
        self._ocr = rapidocr.RapidOCR(params=params)

    def recognize(self, image) -> list[OcrLine]:
        import numpy as np

        out = self._ocr(np.ascontiguousarray(image[..., ::-1]))  # RapidOCR takes arrays as OpenCV BGR
        if out.boxes is None or out.txts is None:
            return []
        lines = []
        for box, text, score in zip(out.boxes, out.txts, out.scores):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            if text.strip():
                lines.append(OcrLine(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)))
        return lines


_ENGINE: OcrEngine | None = None


def get_engine(path: str | Path | None = None, why: str = "this file has no text layer") -> OcrEngine:
    """The shared engine (built once per process), or a typed error naming the install command."""
    global _ENGINE
    if _ENGINE is None:
        if not available():
            raise NoTextError(path, f"{why}; reading it needs OCR, which is not installed", INSTALL_HINT)
        _ENGINE = RapidOcrEngine()
    return _ENGINE


def set_engine(engine: OcrEngine | None) -> None:
    """Use another engine (anything with ``name`` and ``recognize``); ``None`` restores the default."""
    global _ENGINE
    _ENGINE = engine


# -- from recognised boxes to layout lines --------------------------------------------------------
def _is_red_box(image, ln: OcrLine) -> bool:
    """Most inked pixels of the box are red: the 发文机关标志 keeps its colour in a colour scan."""
    import numpy as np

    crop = image[int(ln.top):int(ln.bottom) + 1, int(ln.x0):int(ln.x1) + 1]
    if crop.size == 0 or crop.ndim != 3:
        return False
    r, g, b = (crop[..., i].astype(np.int16) for i in range(3))
    ink = (r + g + b) < 600  # not paper
    if ink.sum() < 20:
        return False
    red = ink & (r > 150) & (r - g > 70) & (r - b > 70)
    return red.sum() > 0.5 * ink.sum()


def merge_rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Group boxes into visual rows, left to right.

    A box joins a row when it overlaps the row's first box by 60 % of the smaller height; comparing
    with the first box, not the row's union, keeps a tall box beside two stacked ones (the "文件" of a
    joint 发文机关标志) from gluing the stacked names into one line.

    >>> a = OcrLine("柳州市柳北区人民政府", 700, 1378, 1020, 1415, 1.0)
    >>> b = OcrLine("2025年2月19日", 755, 1439, 962, 1476, 1.0)
    >>> [[x.text for x in row] for row in merge_rows([b, a])]
    [['柳州市柳北区人民政府'], ['2025年2月19日']]
    """
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda l: ((l.top + l.bottom) / 2, l.x0)):
        if rows:
            first = rows[-1][0]
            overlap = min(first.bottom, ln.bottom) - max(first.top, ln.top)
            if overlap > 0.6 * min(first.bottom - first.top, ln.bottom - ln.top):
                rows[-1].append(ln)
                continue
        rows.append([ln])
    return [sorted(r, key=lambda l: l.x0) for r in rows]


_PAIRS = {"(": ")", "（": "）", "〔": "〕", "[": "]", "［": "］", "【": "】"}
_CLOSERS = {c: o for o, c in _PAIRS.items()}
_SAME_KIND = {")": "）", "）": ")", "]": "］〕】", "］": "]〕】", "〕": "]］】", "】": "]］〕"}


def balance_brackets(text: str) -> str:
    """Make a closing bracket the partner of its opening one: the recogniser often reads the full-width
    "）" after a "（" as the ASCII ")" (and "〕" as "]"), which the printed page never mixes.

    >>> balance_brackets("社会信用体系建设部际联席会议成员单位办公厅（室):")
    '社会信用体系建设部际联席会议成员单位办公厅（室）:'
    >>> balance_brackets("柳北政发〔2025]2号 (试行)")
    '柳北政发〔2025〕2号 (试行)'
    """
    out = list(text)
    stack: list[str] = []
    for i, ch in enumerate(out):
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in _CLOSERS and stack:
            want = _PAIRS[stack.pop()]
            if ch != want and want in _SAME_KIND.get(ch, ""):
                out[i] = want
    return "".join(out)


def page_lines(image, engine: OcrEngine, scale: float) -> list[tuple[str, dict]]:
    """OCR one page image: ``[(text, geometry)]`` in reading order, geometry in points (px × *scale*)."""
    out = []
    for row in merge_rows(engine.recognize(image)):
        height = max(x.bottom - x.top for x in row)
        text = row[0].text
        for a, b in zip(row, row[1:]):
            # a gap wider than one character is a layout gap (e.g. 签发人 beside the 发文字号): keep a space
            text += (" " if b.x0 - a.x1 > height else "") + b.text
        text = balance_brackets(text)
        chars = sum(len(x.text) for x in row)
        conf = sum(x.confidence * len(x.text) for x in row) / max(chars, 1)
        red = sum(len(x.text) for x in row if _is_red_box(image, x)) > chars / 2
        out.append((text, {"x0": min(x.x0 for x in row) * scale, "x1": max(x.x1 for x in row) * scale,
                           "top": min(x.top for x in row) * scale, "bottom": max(x.bottom for x in row) * scale,
                           # the box is ~1.25 × the font's em (ascender/descender padding)
                           "size": round(height * scale / 1.25, 1), "red": red, "confidence": round(conf, 4)}))
    return out


def summarize(pages: dict[int, list[float]], engine: OcrEngine, dpi: int | None) -> dict:
    """The record's ``ocr`` entry: which pages were read by OCR and how sure the engine was.

    >>> class E: name = "test"
    >>> summarize({1: [0.99, 0.97], 3: []}, E(), 200)
    {'engine': 'test', 'dpi': 200, 'pages': [1, 3], 'mean_confidence': 0.98, 'page_confidence': {'1': 0.98, '3': None}}
    """
    every = [c for cs in pages.values() for c in cs]
    return {"engine": engine.name, "dpi": dpi, "pages": sorted(pages),
            "mean_confidence": round(mean(every), 4) if every else None,
            "page_confidence": {str(n): (round(mean(cs), 4) if cs else None) for n, cs in sorted(pages.items())}}


_CID = re.compile(r"\(cid:\d+\)")


class PdfPageOcr:
    """Renders PDF pages (pypdfium2) and OCRs them, for the PDF reader's per-page hook."""

    def __init__(self, path: Path, mode: str | None, password: str | None = None, dpi: int = DEFAULT_DPI):
        self.path, self.mode, self.password, self.dpi = path, resolve_mode(mode), password, dpi
        self._pdf = None
        self.done: dict[int, list[float]] = {}
        self.engine: OcrEngine | None = None

    def wanted_texts(self, texts: list[str] | None) -> bool:
        """Should this page be OCR'd? *texts*: its text-layer lines (``None``: no text layer).

        Yes with ``force``, without a text layer, or when ``(cid:…)`` glyphs are over 30% of it.
        """
        if self.mode == "never":
            return False
        if self.mode == "force" or not texts:
            return True
        total = sum(len(t) for t in texts)
        cid = sum(len(m) for t in texts for m in _CID.findall(t))
        return cid > 0.3 * total

    def wanted(self, chars: list[dict]) -> bool:
        """The same decision from pdfplumber character dicts."""
        return self.wanted_texts([c.get("text", "") for c in chars] if chars else None)

    def usable(self, chars: list[dict] | None = None) -> bool:
        """OCR can run (``force`` without the extra is an error; ``auto`` without it keeps the page as it is)."""
        return self.mode == "force" or _ENGINE is not None or available()

    def lines(self, number: int) -> list[tuple[str, dict]]:
        why = "OCR was asked for (--ocr force)" if self.mode == "force" else f"page {number} has no usable text layer"
        self.engine = get_engine(self.path, why)
        if self._pdf is None:
            import pypdfium2

            self._pdf = pypdfium2.PdfDocument(str(self.path), password=self.password or None)
        page = self._pdf[number - 1]
        image = page.render(scale=self.dpi / 72, rev_byteorder=True).to_numpy()[..., :3]  # RGB
        out = page_lines(image, self.engine, 72 / self.dpi)
        self.done[number] = [g["confidence"] for _, g in out]
        return out

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
