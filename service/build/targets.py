"""Target cells of Phụ lục 3 and target phrases of Section II as structured values.

A cell can be a number ('95,5', '02'), a comparison ('≥85', '>0,7'), a range ('25-40'),
per-category values ('Nông nghiệp đạt 10%; Thủy sản đạt 30%', 'Loại II: ≥10 Loại IV: ≥05'),
a check mark ('X'), a frequency ('02 năm/lần') or, without digits, qualitative text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

COMPARATORS = {"=": "eq", "≥": "ge", ">": "gt", "≤": "le", "<": "lt", ">=": "ge", "<=": "le"}
WORD_COMPARATORS = {"khoảng": "approx", "trên": "gt", "tối thiểu": "ge", "ít nhất": "ge",
                    "dưới": "lt", "tối đa": "le"}
_NUM = r"\d+(?:[.,]\d+)?"
_SIMPLE = re.compile(rf"^(≥|≤|>=|<=|>|<|=)?\s*({_NUM})\s*%?$")
_RANGE = re.compile(rf"^({_NUM})\s*[-–]\s*({_NUM})\s*%?$")
_CITY_CLASS = re.compile(rf"Loại\s+([IVX]+)\s*:\s*(≥|≤|>|<|=)?\s*({_NUM})")
_CATEGORY = re.compile(rf"^(.+?)\s+đạt\s+(≥|≤|>|<)?\s*({_NUM})\s*%?$")
_FREQUENCY = re.compile(rf"^({_NUM})\s*năm\s*/\s*lần$")

CATEGORY_NAMES = {
    "nông nghiệp": ("nong-nghiep", "Nông nghiệp", "Agriculture"),
    "thủy sản": ("thuy-san", "Thủy sản", "Fisheries and aquaculture"),
}


class TargetError(ValueError):
    pass


def number(text: str) -> Decimal:
    """Vietnamese decimals use a comma; a leading zero ('02') is just 2."""
    return Decimal(text.replace(",", "."))


@dataclass(frozen=True)
class Value:
    kind: str  # quantitative | qualitative | frequency | checkmark
    comparator: str | None = None  # eq ge gt le lt approx range
    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    category: tuple[str, str, str] | None = None  # (slug, vi, en)


def city_class(roman: str) -> tuple[str, str, str]:
    return (f"do-thi-loai-{roman}", f"Đô thị loại {roman}", f"Class {roman} urban area")


def parse_cell(cell: str) -> list[Value]:
    """All target values of one cell; [] for an empty or '-' cell."""
    text = " ".join(cell.split())
    if text in ("", "-", "–"):
        return []
    if text.upper() == "X":
        return [Value("checkmark")]
    if m := _FREQUENCY.match(text):
        return [Value("frequency", "eq", number(m.group(1)))]
    if m := _SIMPLE.match(text):
        return [Value("quantitative", COMPARATORS.get(m.group(1) or "=", "eq"), number(m.group(2)))]
    if m := _RANGE.match(text):
        lo, hi = number(m.group(1)), number(m.group(2))
        if lo > hi:
            raise TargetError(f"range '{text}' has its minimum above its maximum")
        return [Value("quantitative", "range", None, lo, hi)]
    classes = _CITY_CLASS.findall(text)
    if classes:
        return [Value("quantitative", COMPARATORS.get(op or "=", "eq"), number(n), category=city_class(roman))
                for roman, op, n in classes]
    parts = [p.strip() for p in text.split(";") if p.strip()]
    cats = [_CATEGORY.match(p) for p in parts]
    if len(parts) > 1 and all(cats):
        out = []
        for m in cats:
            name = m.group(1).strip()
            cat = CATEGORY_NAMES.get(name.casefold())
            if cat is None:
                raise TargetError(f"unknown target category '{name}' in '{text}'")
            out.append(Value("quantitative", COMPARATORS.get(m.group(2) or "=", "eq"), number(m.group(3)),
                             category=cat))
        return out
    if not re.search(r"\d", text):
        return [Value("qualitative")]
    raise TargetError(f"cannot read target value '{text}'")


_PHRASE = re.compile(
    rf"(?:(khoảng|trên|tối thiểu|ít nhất|dưới|tối đa)\s+)?({_NUM})(?:\s*[-–]\s*({_NUM}))?\s*(%)?")


@dataclass(frozen=True)
class Phrase:
    text: str
    value: Value
    percent: bool = False  # the phrase itself carries a '%'


def phrases(text: str) -> list[Phrase]:
    """Numeric phrases in running text ('đạt tối thiểu 15%', 'khoảng 0,68', '30 - 40%')."""
    out = []
    for m in _PHRASE.finditer(text):
        word, a, b, pct = m.groups()
        if b:
            value = Value("quantitative", "range", None, number(a), number(b))
        else:
            value = Value("quantitative", WORD_COMPARATORS.get(word or "", "eq"), number(a))
        out.append(Phrase(m.group(0).strip(), value, bool(pct)))
    return out
