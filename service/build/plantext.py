"""The decision (header, legal bases, articles) and the plan's Sections I–V as clauses.

Each clause gets a key that is also its notation ('I.2', 'II.3.1.b.4', 'V.2.1', 'D.3').
The scrape merged two bullets where a footnote mark stood: a bullet containing '(- ' is
split there and the artefact is noted on both halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .errors import SourceError
from .source import Line, SourceText

ROMAN = ("I", "II", "III", "IV", "V")
_SECTION = re.compile(r"^(I|II|III|IV|V)\.\s+(.+)$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)?)\.\s+(.+)$")
_LETTERED = re.compile(r"^([a-zđ])\)\s+(.+)$")
_BULLET = re.compile(r"^-\s*(.+)$")
_YEAR_HEADING = re.compile(r"đến năm (\d{4})")
_THEME_COUNT = re.compile(r"^(.+?)(?:,\s*bao gồm)?:\s*(\d+)\s+nhiệm vụ")
_TOTALS = re.compile(r"gồm (\d+) chủ đề và (\d+) nhiệm vụ")
SCRAPE_SPLIT = "(- "
SPLIT_NOTE = ("the scrape merged this bullet with its neighbour at a footnote mark '(- '; "
              "split there")


@dataclass
class Clause:
    key: str
    kind: str
    text: str
    line: Line
    attrs: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class LegalBasis:
    kind: str  # law | decision | submission
    text: str
    line: Line
    number: str | None
    date: date | None
    issuer: str | None
    title: str


@dataclass
class DecisionHeader:
    number: str
    place: str
    date: date
    title: str
    issuer: str
    bases: list[LegalBasis]
    articles: list[Clause]
    signer_block: str
    signer_line: Line
    header_line: Line


_NUMBER_LINE = re.compile(r"^Số:\s*(\S+)\s*\|\s*(.+?),\s*ngày (\d+) tháng (\d+) năm (\d{4})")
_LAW = re.compile(r"^Căn cứ (Luật .+?) ngày (\d+) tháng (\d+) năm (\d{4})[;.]?$")
_DECISION = re.compile(
    r"^Căn cứ (Quyết định) số (\S+) ngày (\d+) tháng (\d+) năm (\d{4}) của (.+?) "
    r"((?:phê duyệt|về việc) .+?)[;.]?$")
_SUBMISSION = re.compile(
    r"^Theo đề nghị của (.+?) tại (Tờ trình) số (\S+) ngày (\d+) tháng (\d+) năm (\d{4})[;.]?$")
_ARTICLE = re.compile(r"^Điều (\d+)\.\s+(.+)$")


def parse_decision(src: SourceText, lines: list[Line]) -> DecisionHeader:
    number = place = title = issuer = None
    when: date | None = None
    bases: list[LegalBasis] = []
    articles: list[Clause] = []
    signer: tuple[str, Line] | None = None
    header_line = lines[0]
    texts = [ln.text.strip() for ln in lines]
    for i, line in enumerate(lines):
        text = texts[i]
        if m := _NUMBER_LINE.match(text):
            number, place = m.group(1), m.group(2)
            when = date(int(m.group(5)), int(m.group(4)), int(m.group(3)))
        elif text == "QUYẾT ĐỊNH" and i + 1 < len(lines):
            title = texts[i + 1]
            issuer = texts[i + 2] if i + 2 < len(lines) else None
        elif m := _LAW.match(text):
            bases.append(LegalBasis("law", text, line, None,
                                    date(int(m.group(4)), int(m.group(3)), int(m.group(2))), None, m.group(1)))
        elif m := _DECISION.match(text):
            bases.append(LegalBasis("decision", text, line, m.group(2),
                                    date(int(m.group(5)), int(m.group(4)), int(m.group(3))),
                                    m.group(6), m.group(7)))
        elif m := _SUBMISSION.match(text):
            bases.append(LegalBasis("submission", text, line, m.group(3),
                                    date(int(m.group(6)), int(m.group(5)), int(m.group(4))),
                                    m.group(1), m.group(2)))
        elif m := _ARTICLE.match(text):
            articles.append(Clause(f"D.{m.group(1)}", "article", m.group(2), line, {"number": int(m.group(1))}))
        elif text.startswith("Quyết định này có hiệu lực"):
            articles.append(Clause("D.effect", "article", text, line))
        elif text.startswith("|") and "TM." in text:
            signer = (text.strip("| ").strip(), line)
    if not (number and when and title and issuer):
        raise src.error("decision header incomplete: need 'Số: … | …, ngày … tháng … năm …', "
                        "'QUYẾT ĐỊNH', its title and issuer", header_line)
    if signer is None:
        raise src.error("no signer block ('TM. …') in the decision", header_line)
    if not bases:
        raise src.error("decision has no legal basis ('Căn cứ …')", header_line)
    return DecisionHeader(number, place, when, title, issuer, bases, articles, signer[0], signer[1], header_line)


def _bullets(text: str) -> list[tuple[str, list[str]]]:
    if SCRAPE_SPLIT not in text:
        return [(text, [])]
    return [(part.strip(), [SPLIT_NOTE]) for part in text.split(SCRAPE_SPLIT)]


def parse_plan(src: SourceText, lines: list[Line]) -> list[Clause]:
    out: list[Clause] = []
    section = None
    sub: str | None = None  # '1', '2', '3.1', …
    letter: str | None = None
    year: int | None = None
    counters: dict[str, int] = {}

    def add(key: str, kind: str, text: str, line: Line, notes: list[str] | None = None, **attrs: object) -> None:
        if any(c.key == key for c in out):
            raise src.error(f"two clauses numbered {key}", line, key)
        out.append(Clause(key, kind, text, line, dict(attrs), list(notes or [])))

    def bullet_key(prefix: str) -> str:
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}.{counters[prefix]}"

    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if m := _SECTION.match(text):
            section, sub, letter = m.group(1), None, None
            continue
        if section is None:
            if text.startswith("HÀNH ĐỘNG"):
                add("PLAN.title", "title", text, line)
            elif text.startswith("Căn cứ"):
                add(bullet_key("PLAN.basis"), "basis", text, line)
            elif text.startswith("Ủy ban nhân dân"):
                add("PLAN.intro", "intro", text, line)
            continue
        numbered, lettered, bullet = _NUMBERED.match(text), _LETTERED.match(text), _BULLET.match(text)
        if section == "I":
            if not bullet:
                raise src.error("Section I: expected a '- ' bullet", line)
            add(bullet_key("I"), "purpose", bullet.group(1), line)
        elif section == "II":
            if numbered:
                sub, letter = numbered.group(1), None
                if y := _YEAR_HEADING.search(text):
                    year = int(y.group(1))
            elif lettered and sub in ("3.1", "3.2"):
                letter = lettered.group(1)
                add(f"II.{sub}.{letter}", "objective-group", lettered.group(2), line, year=year, group=letter)
            elif bullet and sub == "1":
                add(bullet_key("II.1"), "principle", bullet.group(1), line)
            elif bullet and sub in ("3.1", "3.2") and letter:
                for part, notes in _bullets(bullet.group(1)):
                    add(bullet_key(f"II.{sub}.{letter}"), "specific-objective", part, line, notes,
                        year=year, group=letter)
            elif sub == "2":
                add("II.2", "general-objective", text, line)
            else:
                raise src.error(f"Section II: unexpected line in part {sub}", line)
        elif section == "III":
            if not numbered:
                raise src.error("Section III: expected a numbered orientation", line)
            add(f"III.{numbered.group(1)}", "orientation", numbered.group(2), line)
        elif section == "IV":
            if numbered:
                sub = numbered.group(1)
                if sub != "1":
                    add(f"IV.{sub}", "note", numbered.group(2), line)
            elif bullet and sub == "1":
                m = _THEME_COUNT.match(bullet.group(1))
                if not m:
                    raise src.error("Section IV: theme bullet without 'N nhiệm vụ'", line)
                add(bullet_key("IV.1"), "theme-count", m.group(1).strip(), line, count=int(m.group(2)))
            elif m := _TOTALS.search(text):
                add("IV.intro", "note", text, line, themes=int(m.group(1)), tasks=int(m.group(2)))
            else:
                add(bullet_key("IV.note"), "note", text, line)
        elif section == "V":
            if numbered:
                sub, letter = numbered.group(1), None
                if sub == "4":
                    add("V.4", "responsibility", numbered.group(2), line)
            elif lettered:
                letter = lettered.group(1)
                kind = "funding-arrangement" if sub == "3" else "responsibility"
                add(f"V.{sub}.{letter}", kind, lettered.group(2), line)
            elif bullet:
                prefix = f"V.{sub}.{letter}" if letter else f"V.{sub}"
                kind = "reporting-duty" if sub == "2" else "responsibility-item"
                add(bullet_key(prefix), kind, bullet.group(1), line)
            else:
                raise src.error(f"Section V: unexpected line in part {sub}", line)
    kinds = {c.kind for c in out}
    for needed in ("purpose", "principle", "general-objective", "specific-objective", "orientation",
                   "theme-count", "reporting-duty"):
        if needed not in kinds:
            raise SourceError(f"the plan text has no {needed} clauses", file=src.path)
    return out
