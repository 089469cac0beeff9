"""The 'Nguồn lực tài chính' cell: funding codes I–IV."""

from __future__ import annotations

from dataclasses import dataclass

CODES = ("I", "II", "III", "IV")


class FundingError(ValueError):
    pass


@dataclass(frozen=True)
class Funding:
    codes: tuple[str, ...]  # distinct, in code order
    text: str
    duplicates: tuple[str, ...]  # codes the cell lists more than once (kept as a source defect)


def parse_funding(cell: str) -> Funding:
    text = " ".join(cell.split())
    tokens = [t.strip() for t in text.replace(";", ",").split(",")]
    if not text or any(not t for t in tokens):
        raise FundingError(f"malformed funding cell '{text}': expected codes like 'I, II'")
    seen: list[str] = []
    dups: list[str] = []
    for tok in tokens:
        if tok not in CODES:
            raise FundingError(f"unknown funding code '{tok}' in '{text}' (known: I, II, III, IV)")
        (dups if tok in seen else seen).append(tok)
    return Funding(tuple(sorted(seen, key=CODES.index)), text, tuple(dups))
