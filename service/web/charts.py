"""Server-side SVG charts: no JavaScript library, nothing fetched from a CDN."""

from __future__ import annotations

import math
from html import escape

FUNDING_COLORS = {"I": "#1f6f43", "II": "#2f7fc1", "III": "#c07a1a", "IV": "#8e44ad"}


def heatmap(themes: list[tuple[str, str]], counts: dict[tuple[str, str], int], codes: list[str],
            title: str) -> str:
    """Rows: themes (notation, short title); columns: funding codes; cells: number of rows."""
    cell_w, cell_h, left, top = 70, 24, 330, 40
    width, height = left + cell_w * len(codes) + 20, top + cell_h * len(themes) + 20
    peak = max(counts.values(), default=1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart-heatmap"><title>{escape(title)}</title>']
    for j, code in enumerate(codes):
        out.append(f'<text x="{left + j * cell_w + cell_w / 2}" y="{top - 10}" text-anchor="middle" '
                   f'font-size="13" font-weight="600">{escape(code)}</text>')
    for i, (notation, name) in enumerate(themes):
        y = top + i * cell_h
        label = f"{notation}. {name}"
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="12">'
                   f'{escape(label[:48] + ("…" if len(label) > 48 else ""))}</text>')
        for j, code in enumerate(codes):
            n = counts.get((notation, code), 0)
            alpha = 0.08 + 0.92 * (n / peak) if n else 0.0
            color = FUNDING_COLORS.get(code, "#1f6f43")
            out.append(f'<rect class="cell" data-count="{n}" x="{left + j * cell_w + 1}" y="{y + 1}" '
                       f'width="{cell_w - 2}" height="{cell_h - 2}" fill="{color}" fill-opacity="{alpha:.2f}" '
                       f'stroke="#dde"><title>{escape(label)} · {code}: {n}</title></rect>')
            out.append(f'<text x="{left + j * cell_w + cell_w / 2}" y="{y + 16}" text-anchor="middle" '
                       f'font-size="12" fill="{"#fff" if alpha > 0.55 else "#223"}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def network(nodes: list[tuple[str, str, int]], edges: list[tuple[str, str, int]], title: str) -> str:
    """Circular layout; node size = rows led; edge width = rows shared (lead → cooperating)."""
    width, height, r = 1100, 760, 290
    cx, cy = width / 2, height / 2
    pos = {}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart-network"><title>{escape(title)}</title>']
    for k, (iri, _label, _n) in enumerate(nodes):
        a = 2 * math.pi * k / max(1, len(nodes)) - math.pi / 2
        pos[iri] = (cx + r * math.cos(a), cy + r * math.sin(a), a)
    peak = max((w for _, _, w in edges), default=1)
    for s, o, w in edges:
        if s in pos and o in pos:
            (x1, y1, _), (x2, y2, _) = pos[s][:3], pos[o][:3]
            out.append(f'<path class="edge" d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" '
                       f'fill="none" stroke="#2f7fc1" stroke-opacity="0.45" stroke-width="{0.8 + 5 * w / peak:.2f}">'
                       f'<title>{w}</title></path>')
    for iri, label, n in nodes:
        x, y, a = pos[iri]
        rad = 4 + 2.2 * math.sqrt(n)
        out.append(f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" fill="#1f6f43">'
                   f'<title>{escape(label)}: {n}</title></circle>')
        lx, ly = cx + (r + 16) * math.cos(a), cy + (r + 16) * math.sin(a)
        anchor = "start" if math.cos(a) >= 0 else "end"
        out.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="11" text-anchor="{anchor}" '
                   f'dominant-baseline="middle">{escape(label[:44])}</text>')
    out.append("</svg>")
    return "".join(out)


def timeline(rows: list[tuple[str, int, int, str]], start: int, end: int, title: str) -> str:
    """One bar per row (notation, first year, last year, theme notation)."""
    left, top, bar_h, width = 90, 30, 9, 900
    years = end - start + 1
    step = (width - left - 20) / years
    height = top + (bar_h + 3) * len(rows) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart-timeline"><title>{escape(title)}</title>']
    for k in range(years + 1):
        x = left + k * step
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 16}" stroke="#e3ece5"/>')
        if k < years:
            out.append(f'<text x="{x + step / 2:.1f}" y="{top - 10}" font-size="11" text-anchor="middle">'
                       f'{start + k}</text>')
    palette = ["#1f6f43", "#2f7fc1", "#c07a1a", "#8e44ad", "#c0392b", "#16a085"]
    for i, (notation, a, b, theme) in enumerate(rows):
        y = top + i * (bar_h + 3)
        x = left + (max(a, start) - start) * step
        w = (min(b, end) - max(a, start) + 1) * step
        color = palette[int(theme) % len(palette)] if theme.isdigit() else "#1f6f43"
        out.append(f'<text x="{left - 6}" y="{y + 8}" font-size="9" text-anchor="end">{escape(notation)}</text>')
        out.append(f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="2" fill="{color}">'
                   f'<title>{escape(notation)}: {a}–{b}</title></rect>')
    out.append("</svg>")
    return "".join(out)


def dumbbell(items: list[tuple[str, float | None, float | None]], title: str) -> str:
    """Indicator targets 2025 (hollow) and 2030 (filled) on a 0–100 % scale."""
    left, top, row_h, width = 360, 30, 22, 900
    height = top + row_h * len(items) + 30
    span = width - left - 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart-targets"><title>{escape(title)}</title>']
    for v in range(0, 101, 20):
        x = left + span * v / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 22}" stroke="#e3ece5"/>'
                   f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{v}%</text>')
    out.append(f'<text x="{left}" y="{top - 14}" font-size="11">○ 2025  ● 2030</text>')
    for i, (label, a, b) in enumerate(items):
        y = top + i * row_h + 8
        out.append(f'<text x="{left - 8}" y="{y + 4}" font-size="11" text-anchor="end">'
                   f'{escape(label[:58] + ("…" if len(label) > 58 else ""))}</text>')
        xa = left + span * min(a, 100) / 100 if a is not None else None
        xb = left + span * min(b, 100) / 100 if b is not None else None
        if xa is not None and xb is not None:
            out.append(f'<line x1="{xa:.1f}" y1="{y}" x2="{xb:.1f}" y2="{y}" stroke="#9bb8a5" stroke-width="2"/>')
        if xa is not None:
            out.append(f'<circle class="t2025" cx="{xa:.1f}" cy="{y}" r="5" fill="#fff" stroke="#1f6f43" '
                       f'stroke-width="2"><title>2025: {a:g}</title></circle>')
        if xb is not None:
            out.append(f'<circle class="t2030" cx="{xb:.1f}" cy="{y}" r="5" fill="#1f6f43">'
                       f'<title>2030: {b:g}</title></circle>')
    out.append("</svg>")
    return "".join(out)
