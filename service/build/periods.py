"""The 'Thời gian thực hiện' cell: a year interval, a recurrence, or a condition."""

from __future__ import annotations

import re
from dataclasses import dataclass

YEAR_INTERVAL = "year-interval"
ANNUAL = "annual"
CONDITIONAL = "conditional"
REPORTING_CYCLE = "reporting-cycle"

_RANGE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str
    text: str
    start: int | None = None
    end: int | None = None


def parse_period(cell: str) -> Period:
    text = " ".join(cell.split())
    if m := _RANGE.match(text):
        start, end = int(m.group(1)), int(m.group(2))
        if start > end:
            raise PeriodError(f"period '{text}' starts after it ends")
        return Period(YEAR_INTERVAL, text, start, end)
    if m := _YEAR.match(text):
        year = int(m.group(1))
        return Period(YEAR_INTERVAL, text, year, year)
    low = text.casefold()
    if low in ("hàng năm", "hằng năm"):
        return Period(ANNUAL, text)
    if low.startswith("sau khi "):
        return Period(CONDITIONAL, text)
    if low.startswith("thực hiện theo chế độ"):
        return Period(REPORTING_CYCLE, text)
    raise PeriodError(
        f"malformed period '{text}': expected 'YYYY - YYYY', 'YYYY', 'Hàng năm', "
        "'Sau khi …' or 'Thực hiện theo chế độ …'")
