"""A broken source fails the build with file, line, row and problem; data/ stays as it was."""

from __future__ import annotations

import pytest

from service.build.errors import SourceError
from service.build.pipeline import build

ROW = "3.2 | Khảo sát và dự báo nhu cầu nguồn nhân lực"


def broken(repo, tmp_path, old: str, new: str):
    text = repo.source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def run(repo, tmp_path, source):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"previous build\n")
    with pytest.raises(SourceError) as err:
        build(repo, source=source, output=out)
    assert out.read_bytes() == b"previous build\n"  # nothing half-written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.ttl")]
    return str(err.value)


def test_unknown_funding_code(repo, tmp_path):
    src = broken(repo, tmp_path, "| Hàng năm | Sở Lao động - Thương binh và Xã hội | Sở Kế hoạch và Đầu tư, UBND các "
                 "huyện, thành phố, các cơ sở giáo dục nghề nghiệp và doanh nghiệp | I, II, IV |",
                 "| Hàng năm | Sở Lao động - Thương binh và Xã hội | Sở Kế hoạch và Đầu tư, UBND các "
                 "huyện, thành phố, các cơ sở giáo dục nghề nghiệp và doanh nghiệp | I, V, IV |")
    msg = run(repo, tmp_path, src)
    assert "broken.txt:" in msg and "row 3.2" in msg and "unknown funding code 'V'" in msg


def test_unknown_agency(repo, tmp_path):
    src = broken(repo, tmp_path, "| 2024 - 2025 | Sở Kế hoạch và Đầu tư |", "| 2024 - 2025 | Sở Du hành Vũ trụ |")
    msg = run(repo, tmp_path, src)
    assert "row 3.4" in msg and "unknown agency 'Sở Du hành Vũ trụ'" in msg and "column 'lead'" in msg


def test_malformed_period(repo, tmp_path):
    src = broken(repo, tmp_path, "| 2024 - 2025 | Sở Kế hoạch và Đầu tư |", "| 2025 - 2024 | Sở Kế hoạch và Đầu tư |")
    assert "row 3.4" in run(repo, tmp_path, src) and "starts after it ends" in run(repo, tmp_path, src)
    src = broken(repo, tmp_path, "| 2024 - 2025 | Sở Kế hoạch và Đầu tư |", "| sớm nhất có thể | Sở Kế hoạch và Đầu tư |")
    assert "malformed period 'sớm nhất có thể'" in run(repo, tmp_path, src)


def test_missing_column(repo, tmp_path):
    src = broken(repo, tmp_path, "| 2024 - 2025 | Sở Kế hoạch và Đầu tư | Các sở, ban, ngành tỉnh, UBND các huyện, "
                 "thành phố, các cơ quan, tổ chức có liên quan | I, II |",
                 "| 2024 - 2025 | Sở Kế hoạch và Đầu tư | Các sở, ban, ngành tỉnh, UBND các huyện, "
                 "thành phố, các cơ quan, tổ chức có liên quan | |")
    msg = run(repo, tmp_path, src)
    assert "row 3.4" in msg and "missing column(s): funding" in msg


def test_unreadable_target_and_missing_appendix(repo, tmp_path):
    src = broken(repo, tmp_path, "| % | 27 | 50 | Sở Xây dựng |", "| % | 2x7 | 50 | Sở Xây dựng |")
    msg = run(repo, tmp_path, src)
    assert "row PL3-24" in msg and "cannot read target value '2x7'" in msg
    src = broken(repo, tmp_path, "PHỤ LỤC 3\n", "PHU LUC BA\n")
    assert "cannot find the heading 'PHỤ LỤC 3'" in run(repo, tmp_path, src)


def test_missing_source_file(repo, tmp_path):
    assert "source file not found" in run(repo, tmp_path, tmp_path / "nope.txt")
