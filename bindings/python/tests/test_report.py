# SPDX-License-Identifier: Apache-2.0
"""Ruleset.report (docs/report.md): the person's page as `civeff report` writes it,
in HTML, Markdown or PDF (bytes), in the ruleset's language or the one asked for."""

from __future__ import annotations

import concurrent.futures as cf
import stat
from pathlib import Path

import civeff
import pytest
from conftest import NL_ZORG, REPO, SPEC_PORTFOLIO, run_cli

PERSONA = REPO / "examples" / "portfolios" / "helpende-naar-vig.json"
PERSONA_AS_OF = "2026-11-01"

# A stand-in for Chromium: writes a PDF-looking file where --print-to-pdf= says.
PRINTS = """#!/bin/sh
for a in "$@"; do
  case "$a" in
    --print-to-pdf=*) printf '%%PDF-1.4 stand-in\\n' > "${a#--print-to-pdf=}" ;;
  esac
done
"""


def stand_in(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "chromium"
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_report_is_the_page_civeff_report_writes(nl_zorg: civeff.Ruleset, cli: Path) -> None:
    page = nl_zorg.report(PERSONA, as_of=PERSONA_AS_OF)
    assert isinstance(page, str)
    assert page.startswith('<!doctype html>\n<html lang="nl">')
    # The CLI given the same (absolute) paths names them the same in the page's `civeff eval`.
    r = run_cli(cli, "report", NL_ZORG, PERSONA, "--as-of", PERSONA_AS_OF, "--out", "-")
    assert r.returncode == 0, r.stderr
    assert page == r.stdout
    md = nl_zorg.report(PERSONA, as_of=PERSONA_AS_OF, format="md")
    r = run_cli(cli, "report", NL_ZORG, PERSONA, "--as-of", PERSONA_AS_OF, "--format", "md", "--out", "-")
    assert md == r.stdout


def test_report_language_and_formats(rs: civeff.Ruleset) -> None:
    english = rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", lang="en")
    assert '<html lang="en">' in english and "Civil effect statement" in english
    dutch = rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", lang="nl")
    assert '<html lang="nl">' in dutch and "Verklaring civiel effect" in dutch
    # A portfolio given as data has no file: the page's command says PORTFOLIO.
    assert " PORTFOLIO --as-of 2024-01-01 --format json" in dutch
    md = rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", format="md", lang="en")
    assert md.startswith("# Civil effect statement: p-001\n")
    with pytest.raises(ValueError, match="format"):
        rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", format="docx")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", lang="fr")  # type: ignore[arg-type]


def test_report_pdf_is_bytes(rs: civeff.Ruleset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVEFF_CHROMIUM", str(stand_in(tmp_path, PRINTS)))
    pdf = rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", format="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    monkeypatch.setenv("CIVEFF_CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(civeff.InputError) as e:
        rs.report(SPEC_PORTFOLIO, as_of="2024-01-01", format="pdf")
    assert [d.code for d in e.value.diagnostics] == ["E084"]


def test_report_from_threads(rs: civeff.Ruleset) -> None:
    one = rs.report(SPEC_PORTFOLIO, as_of="2024-01-01")
    with cf.ThreadPoolExecutor(4) as pool:
        pages = list(pool.map(lambda _: rs.report(SPEC_PORTFOLIO, as_of="2024-01-01"), range(8)))
    assert all(p == one for p in pages)
