"""docs/clinical-rules.md stays true: every rule it claims is mapped, every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
TEST_SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))

IMPLEMENTED = [f"R{n}" for n in [*range(1, 30), 30, 31, 32, 33, 34, 35]]


def table_rows_for(rule: str) -> list[str]:
    return [line for line in DOC.splitlines() if re.match(rf"\| {rule}\b", line)]


def test_every_implemented_rule_has_a_row_with_code_and_tests() -> None:
    for rule in IMPLEMENTED:
        rows = table_rows_for(rule)
        assert rows, f"{rule} is not in docs/clinical-rules.md"
        assert any("test_" in row or "tests" in row for row in rows), f"{rule} names no test"


def test_every_test_named_in_the_doc_exists() -> None:
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", DOC))
    assert named, "the doc should name tests"
    missing = sorted(n for n in named if not re.search(rf"def {n}\b", TEST_SOURCES))
    assert missing == []


def test_every_code_path_named_in_the_doc_exists() -> None:
    paths = set(re.findall(r"`((?:core|cli|web|activities)/[a-z_/]+\.py)`", DOC))
    assert paths
    for path in paths:
        in_src = (ROOT / "src" / "kneewise" / path).exists()
        in_tests = (ROOT / "tests" / path).exists()
        assert in_src or in_tests, path
