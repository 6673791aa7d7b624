"""Charts as inline SVG, drawn on the server (no JavaScript, no charting library).

A stacked bar chart of documents per year, one colour per series (topic or region), the
largest series first and the rest as 其他.
"""
from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

PALETTE = ["#c0392b", "#2e86c1", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#d35400", "#2c3e50", "#7f8c8d"]


def stacked_years(rows: list[tuple[int, str, int]], title: str, *, series: int = 8, width: int = 760,
                  height: int = 300, link=None) -> Markup:
    """An SVG stacked bar chart of ``(year, series, count)`` rows; ``link(name)`` gives a legend
    entry's URL (or None).

    >>> svg = stacked_years([(2019, "工资收入", 3), (2019, "劳模待遇", 1), (2020, "工资收入", 2)], "主题")
    >>> svg.count("<rect"), "工资收入" in svg  # three bar segments, two legend keys
    (5, True)
    """
    totals: dict[str, int] = defaultdict(int)
    for _y, s, n in rows:
        totals[s] += n
    top = [s for s, _ in sorted(totals.items(), key=lambda p: (-p[1], p[0]))[:series]]
    names = top + (["其他"] if len(totals) > len(top) else [])
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for y, s, n in rows:
        by_year[int(y)][s if s in top else "其他"] += n
    if not by_year:
        return Markup(f'<p class="empty">{escape(title)}: no dated documents</p>')
    years = list(range(min(by_year), max(by_year) + 1))
    left, right, top_pad, bottom = 40, 150, 28, 36
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    high = max(sum(v.values()) for v in by_year.values()) or 1
    step_v = max(1, -(-high // 4))  # whole-number grid steps
    peak = step_v * 4
    bar = plot_w / len(years)
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
           f'width="100%" xmlns="http://www.w3.org/2000/svg">',
           f'<text x="{left}" y="18" class="chart-title">{escape(title)}</text>']
    for k in range(5):  # grid lines and their counts
        v = step_v * k
        y = top_pad + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">{v:.0f}</text>')
    for i, y in enumerate(years):
        base = top_pad + plot_h
        for j, name in enumerate(names):
            n = by_year.get(y, {}).get(name, 0)
            if not n:
                continue
            h = plot_h * n / peak
            base -= h
            out.append(f'<rect x="{left + i * bar + 1:.1f}" y="{base:.1f}" width="{max(bar - 2, 1):.1f}" '
                       f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"><title>{y} {escape(name)}: {n}</title></rect>')
        step = -(-len(years) // 12)  # at most 12 year labels
        if i % step == 0:
            out.append(f'<text x="{left + (i + 0.5) * bar:.1f}" y="{top_pad + plot_h + 16}" class="axis" '
                       f'text-anchor="middle">{y}</text>')
    other = sum(n for _y, s, n in rows if s not in top)
    for j, name in enumerate(names):
        y = top_pad + 16 * j
        item = (f'<rect x="{width - right + 12}" y="{y}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
                f'<text x="{width - right + 26}" y="{y + 9}" class="legend">{escape(name)} ({totals.get(name, other)})</text>')
        href = link(name) if link and name != "其他" else None
        out.append(f'<a href="{escape(href)}">{item}</a>' if href else item)
    out.append("</svg>")
    return Markup("".join(out))
