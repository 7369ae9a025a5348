#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The catalogue's language (SPEC §10): `language: nl|en` and `civeff catalog --lang`.

    catalog_lang_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    catalog_lang_test.py --civeff build/bin/civeff --list   # the test names

- rules/nl-zorg says `language: nl`: its catalogue is Dutch, marks unverified
  entries and shows the certificates per keuzedeel; `--lang en` gives English.
- `--lang` overrides the ruleset in both directions and for Markdown too; a bad
  value is E046, exit 2.
- A bad `language:` is E013 and an overlay's `language:` E024, each at
  FILE:LINE:COLUMN, exit 1.
"""

from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"

RULES = """\
civeff: 1
ruleset: taal
version: "1"
language: {language}
attributes:
  points: {{type: number, title: Accreditatiepunten}}
scales:
  civil_effect: {{levels: [none, sector]}}
marks:
  - id: vv
    valid_for: P5Y
    levels:
      civil_effect:
        - {{when: attrs.points >= 4, level: sector}}
units:
  - id: K1006
    kind: keuzedeel
    hours: 240
  - id: x-cert
    kind: certificate
    hours: 200
equivalences:
  - id: eq-cert
    from: [x-cert]
    counts_as: [K1006]
"""

# Headings, explanations and statuses of the Dutch page (a fixed list).
DUTCH = [
    '<html lang="nl">',
    "Overzicht civiel effect",
    ">Keurmerken<",
    ">Eenheden<",
    ">Certificaten per keuzedeel<",
    ">Gelijkwaardigheden<",
    ">Routes naar een diploma<",
    ">Bronnen<",
    "Niveaus, van laag naar hoog",
    "niet geverifieerd",
    ">Zoeken<",
]
ENGLISH = [
    '<html lang="en">',
    "Civil effect catalogue",
    ">Quality marks<",
    ">Units<",
    ">Certificates per keuzedeel<",
]


def catalog(d, *args):
    out = d / "c.out"
    expect_exit(run("catalog", *args, "--out", out, cwd=d), 0)
    return out.read_text(encoding="utf-8")


def test_catalog_nl_zorg_is_dutch(d):
    page = catalog(d, NL_ZORG)
    for words in DUTCH:
        expect(words in page, f"the nl-zorg catalogue lacks {words!r}")
    expect(">Quality marks<" not in page, "the nl-zorg catalogue has English headings")
    # Unverified entries are marked: every x- unit row carries the flag.
    rows = page.split('<tr class="entry"')
    x_rows = [r for r in rows if 'id="unit-x-' in r.split(">", 1)[0]]
    for r in x_rows:
        expect(
            'class="flag unverified"' in r.split("</tr>", 1)[0],
            "an x- unit without the unverified mark",
            r[:300],
        )
    # The certificates and leereenheden per keuzedeel.
    view = page.split('<section id="keuzedelen"', 1)[1].split("</section>", 1)[0]
    expect('id="kd-K1006"' in view, "no K1006 in the view per keuzedeel")
    expect("Studielast per route" in page, "no study load per route")


def test_catalog_nl_zorg_lang_en(d):
    page = catalog(d, NL_ZORG, "--lang", "en")
    for words in ENGLISH:
        expect(words in page, f"the English nl-zorg catalogue lacks {words!r}")
    expect(">Keurmerken<" not in page, "the English catalogue has Dutch headings")


def test_catalog_lang_overrides_both_ways(d):
    write(d, "nl/ruleset.yaml", RULES.format(language="nl"))
    write(d, "en/ruleset.yaml", RULES.format(language="en"))
    nl = catalog(d, "nl")
    expect(
        "bij minstens 4 accreditatiepunten" in nl and "5 jaar geldig" in nl, "Dutch conditions", nl[-3000:]
    )
    expect(
        "<summary>expressie</summary><code>attrs.points &gt;= 4</code>" in nl,
        "the expression behind <details>",
    )
    expect('<html lang="en">' in catalog(d, "nl", "--lang", "en"), "--lang en over language: nl")
    expect('<html lang="nl">' in catalog(d, "en", "--lang", "nl"), "--lang nl over language: en")
    md = catalog(d, "nl", "--format", "md")
    expect(md.startswith("# Overzicht civiel effect: taal\n"), "Markdown follows the language", md[:200])
    expect("bij minstens 4 accreditatiepunten (`attrs.points >= 4`)" in md, "Markdown conditions", md)
    md_en = catalog(d, "nl", "--format", "md", "--lang", "en")
    expect(md_en.startswith("# Civil effect catalogue: taal\n"), "Markdown --lang en", md_en[:200])


def test_catalog_lang_bad_value(d):
    write(d, "ruleset.yaml", RULES.format(language="nl"))
    code, out, err = run("catalog", "ruleset.yaml", "--lang", "NL", "--out", "c.html", cwd=d)
    expect_exit((code, out, err), 2)
    expect("error[E046]: --lang takes nl or en, not 'NL'; did you mean 'nl'?" in err, "E046 for --lang", err)
    expect(not (d / "c.html").exists(), "a page was written")


def test_language_key_errors(d):
    write(d, "fr/ruleset.yaml", RULES.format(language="fr"))
    code, out, err = run("check", "fr", cwd=d)
    expect_exit((code, out, err), 1)
    expect("fr/ruleset.yaml:4:11: error[E013]: `language` must be nl or en, not 'fr'" in err, "E013", err)
    write(d, "nl/ruleset.yaml", RULES.format(language="nederlands"))
    code, out, err = run("catalog", "nl", "--out", "c.html", cwd=d)
    expect_exit((code, out, err), 1)
    expect("did you mean 'nl'?" in err, "E013 suggests nl", err)
    write(d, "ok/ruleset.yaml", RULES.format(language="nl"))
    write(d, "english.yaml", "civeff: 1\noverlay: english\nlanguage: en\n")
    code, out, err = run("catalog", "ok", "--overlay", "english.yaml", "--out", "c.html", cwd=d)
    expect_exit((code, out, err), 1)
    expect(
        "english.yaml:3:1: error[E024]: an overlay cannot set `language`" in err, "E024 for an overlay", err
    )


if __name__ == "__main__":
    exit_with(__doc__, globals())
