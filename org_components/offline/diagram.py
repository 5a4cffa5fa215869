"""The organization chart as a diagram: Mermaid (.mmd, .md) or a self-contained SVG (.svg).

OUs and accounts form the tree; guardrails are labels on the nodes they attach to; marked nodes (a violation, a step
of an update, a permission change, a drift) get their mark's colour, explained by a legend.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html import escape
from pathlib import Path

from ..errors import UserError
from .chart import ChartNode, OrganizationChart

DIAGRAM_SUFFIXES = (".mmd", ".md", ".svg")
# Marks: policy violations (preview), the steps of an update (preview --state), permission changes (impact: lost red,
# gained green) and drift (each kind its own colour). Each diagram has a legend of the marks it uses.
MARK_COLORS = {
    "mandatory": "#fde2e1",
    "advisory": "#fff4d6",
    "lost": "#fde2e1",
    "gained": "#e2f5e4",
    "create": "#e2f5e4",
    "update": "#fff4d6",
    "replace": "#fde8d7",
    "delete": "#fde2e1",
    "unmanaged": "#efe4fb",
    "missing": "#fde2e1",
    "moved": "#e1ecfd",
    "changed": "#fff4d6",
}
MARK_STROKES = {
    "mandatory": "#c0392b",
    "advisory": "#c98a00",
    "lost": "#c0392b",
    "gained": "#2e8b3e",
    "create": "#2e8b3e",
    "update": "#c98a00",
    "replace": "#d35400",
    "delete": "#c0392b",
    "unmanaged": "#7d3cbd",
    "missing": "#c0392b",
    "moved": "#1f63c6",
    "changed": "#c98a00",
}
MARK_TITLES = {
    "mandatory": "mandatory violation",
    "advisory": "advisory violation",
    "lost": "loses permissions",
    "gained": "gains permissions",
    "create": "created by the update",
    "update": "updated in place",
    "replace": "replaced",
    "delete": "deleted",
    "unmanaged": "unmanaged: live, not in the spec",
    "missing": "missing: in the spec, gone live",
    "moved": "moved: in another OU live",
    "changed": "changed: differs live",
}


class DiagramError(UserError, ValueError):
    pass


def _walk(chart: OrganizationChart) -> Iterator[tuple[ChartNode, ChartNode | None, int]]:
    """(node, parent, depth) in display order; nodes of another stack hang under a placeholder."""
    stack: list[tuple[ChartNode, ChartNode | None, int]] = [(node, None, 0) for node in reversed(chart.roots)]
    while stack:
        node, parent, depth = stack.pop()
        yield node, parent, depth
        stack.extend((child, node, depth + 1) for child in reversed(node.children))
    for node in chart.detached:
        yield from ((n, p, d + 1) for n, p, d in _walk(OrganizationChart([node], [])))


def _mermaid_text(text: str) -> str:
    # Mermaid labels are quoted; a quote or a markup character inside them needs its entity form.
    return escape(text, quote=True).replace("[", "&#91;").replace("]", "&#93;")


def mermaid(chart: OrganizationChart, marks: Mapping[str, str]) -> str:
    ids: dict[str, str] = {}
    lines = ["flowchart TD"]
    for node, parent, _ in _walk(chart):
        ids[node.key] = f"n{len(ids)}"
        label = _mermaid_text(node.label)
        if node.guardrails:
            label += "<br/><i>" + "<br/>".join(_mermaid_text(g) for g in node.guardrails) + "</i>"
        shape = ('("', '")') if node.is_account else ('["', '"]')
        lines.append(f"    {ids[node.key]}{shape[0]}{label}{shape[1]}")
        if parent is not None:
            lines.append(f"    {ids[parent.key]} --> {ids[node.key]}")
    used = [level for level in MARK_COLORS if any(mark == level and key in ids for key, mark in marks.items())]
    for level in used:
        marked = [ids[key] for key, mark in marks.items() if mark == level and key in ids]
        lines.append(f"    classDef {level} fill:{MARK_COLORS[level]},stroke:{MARK_STROKES[level]},stroke-width:2px")
        lines.append(f"    class {','.join(marked)} {level}")
    if used:
        lines.append('    subgraph legend["Legend"]')
        lines += [f'        legend_{level}["{_mermaid_text(MARK_TITLES[level])}"]:::{level}' for level in used]
        lines.append("    end")
    return "\n".join(lines) + "\n"


ROW = 26
INDENT = 28
CHAR_WIDTH = 7.2


def svg(chart: OrganizationChart, marks: Mapping[str, str], title: str) -> str:
    rows = list(_walk(chart))
    body, width = [], 400.0
    positions: dict[str, tuple[float, float]] = {}
    for row, (node, parent, depth) in enumerate(rows):
        x, y = 12 + depth * INDENT, 44 + row * ROW
        positions[node.key] = (x, y)
        text = node.label + ("" if not node.guardrails else "   " + " · ".join(node.guardrails))
        box_width = 16 + CHAR_WIDTH * len(text)
        width = max(width, x + box_width + 12)
        mark = marks.get(node.key, "")
        fill = MARK_COLORS.get(mark, "#ffffff" if node.is_account else "#eef3fb")
        stroke = MARK_STROKES.get(mark, "#8a9bb5")
        if parent is not None:
            px, py = positions[parent.key]
            body.append(f'<path d="M{px + 8},{py + 10} V{y} H{x}" fill="none" stroke="#b5c0d0"/>')
        rx = 10 if node.is_account else 3
        body.append(f'<rect x="{x}" y="{y - 9}" width="{box_width:.0f}" height="19" rx="{rx}" fill="{fill}" stroke="{stroke}"/>')
        label = f'<tspan font-weight="{"normal" if node.is_account else "bold"}">{escape(node.label)}</tspan>'
        if node.guardrails:
            label += f'<tspan fill="#2a6f97">   {escape(" · ".join(node.guardrails))}</tspan>'
        marker = f"<title>{MARK_TITLES[mark]}</title>" if mark else ""
        body.append(f'<text x="{x + 8}" y="{y + 5}">{marker}{label}</text>')
    used = [level for level in MARK_COLORS if level in set(marks.values()) and any(marks.get(node.key) == level for node, _, _ in rows)]
    for index, level in enumerate(used):
        y = 44 + (len(rows) + 1 + index) * ROW
        body.append(f'<rect x="12" y="{y - 9}" width="28" height="19" rx="3" fill="{MARK_COLORS[level]}" stroke="{MARK_STROKES[level]}"/>')
        body.append(f'<text x="48" y="{y + 5}">{escape(MARK_TITLES[level])}</text>')
    height = 44 + (len(rows) + (len(used) + 1 if used else 0)) * ROW + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}" '
        'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">\n'
        f'<rect width="100%" height="100%" fill="#ffffff"/>\n<text x="12" y="22" font-size="14" font-weight="bold">{escape(title)}</text>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )


def write_diagram(path: Path, chart: OrganizationChart, marks: Mapping[str, str], title: str) -> None:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        text = svg(chart, marks, title)
    elif suffix == ".mmd":
        text = mermaid(chart, marks)
    elif suffix == ".md":
        text = f"# {title}\n\n```mermaid\n{mermaid(chart, marks)}```\n"
    else:
        raise DiagramError(f"--diagram {path}: the file must end in {', '.join(DIAGRAM_SUFFIXES)} (Mermaid or SVG).")
    path.write_text(text, encoding="utf-8")
