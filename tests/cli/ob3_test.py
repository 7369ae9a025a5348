#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Open Badges 3.0 portfolios from the command line (docs/language.md §9, "Open Badges
3.0 portfolios"): the persona twin gives the YAML twin's `eval` byte for byte, proofs
are reported on standard error and in `explain` but never in `eval`, `--person`
names the person, and bad credentials are errors with their place.

    ob3_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    ob3_test.py --civeff build/bin/civeff --list   # the test names
"""

import json
import re
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

REPO = Path(__file__).resolve().parents[2]
NL_ZORG = REPO / "rules" / "nl-zorg"
TWIN = REPO / "examples" / "portfolios" / "zij-instromer.json"
OB3 = REPO / "examples" / "portfolios" / "ob3" / "zij-instromer.ob3.json"
AS_OF = "2026-11-01"
DIAGNOSTIC = re.compile(r"^(.+):(\d+):(\d+): (error|warning|note)\[([EW]\d{3})\]: (.*)$")

SMALL_RULES = """civeff: 1
ruleset: small
version: "1"
scales:
  civil_effect: {levels: [none, internal, national]}
marks:
  - {id: examen, levels: {civil_effect: internal}}
units:
  - {id: K1006, kind: keuzedeel, hours: 240}
badges:
  - match: {alignment: {targetCode: K1006}}
    unit: K1006
    marks: [examen]
"""


def credential(subject: str, day: str, code: str = "K1006", proof: bool = False) -> dict:
    c = {
        "id": f"urn:credential:{subject}:{code}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "validFrom": f"{day}T00:00:00Z",
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"urn:achievement:{code}",
                "name": code,
                "alignment": [{"targetCode": code}],
            },
        },
    }
    if proof:
        c["proof"] = {"type": "DataIntegrityProof"}
    return c


def test_ob3_persona_equals_its_twin(d):
    """The zij-instromer's credentials give exactly the result of her YAML/JSON portfolio."""
    twin = run("eval", NL_ZORG, TWIN, "--as-of", AS_OF, "--format", "json", cwd=REPO)
    ob3 = run(
        "eval", NL_ZORG, OB3, "--person", "zij-instromer", "--as-of", AS_OF, "--format", "json", cwd=REPO
    )
    expect_exit(twin, 0)
    expect_exit(ob3, 0)
    expect(ob3[1] == twin[1], "eval of the OB3 portfolio differs from its twin", ob3[1][:2000])
    expected = (REPO / "examples" / "portfolios" / "zij-instromer.result.json").read_text(encoding="utf-8")
    expect(ob3[1] == expected, "eval differs from zij-instromer.result.json")
    # The text rendering too, and without --person the person is the credentials' subject.
    text = run(
        "eval", NL_ZORG, OB3, "--person", "zij-instromer", "--as-of", AS_OF, "--format", "text", cwd=REPO
    )
    twin_text = run("eval", NL_ZORG, TWIN, "--as-of", AS_OF, "--format", "text", cwd=REPO)
    expect(text[1] == twin_text[1], "the text rendering differs", text[1], twin_text[1])
    anonymous = run("eval", NL_ZORG, OB3, "--as-of", AS_OF, cwd=REPO)
    expect_exit(anonymous, 0)
    expect(json.loads(anonymous[1])["person"] == "did:example:zij-instromer", "the subject is the person")


def test_ob3_proof_reported_on_stderr_and_in_explain(d):
    """One W017 line for the credential without a proof; none for the one with a proof or the
    signed JWT; `explain` names each achievement's credential, `eval` never."""
    ob3 = run("eval", NL_ZORG, OB3, "--person", "zij-instromer", "--as-of", AS_OF, cwd=REPO)
    lines = ob3[2].splitlines()
    expect(len(lines) == 1, "one line on stderr", ob3[2])
    m = DIAGNOSTIC.match(lines[0])
    expect(m is not None and m.group(5) == "W017", "a W017 diagnostic", lines[0])
    expect("zij-instromer-C0164" in lines[0], "about the credential without a proof", lines[0])
    expect("proof" not in ob3[1], "eval says nothing of proofs", ob3[1][:500])

    explain = run("explain", NL_ZORG, OB3, "--as-of", AS_OF, "--format", "json", cwd=REPO)
    expect_exit(explain, 0)
    got = [a["credential"] for a in json.loads(explain[1])["achievements"]]
    expect(
        [(c["jwt"], c["proof"]) for c in got] == [(False, True), (False, False), (True, True)], "proofs", got
    )
    expect(
        all(re.search(r"nl-zorg/badges\.yaml:\d+:5$", c["badge"]) for c in got), "each names its entry", got
    )
    text = run("explain", NL_ZORG, OB3, "--as-of", AS_OF, cwd=REPO)
    expect(
        "(JWT-VC, signature not verified)" in text[1] and "(no proof)" in text[1], "the text", text[1][:1500]
    )
    # A civeff portfolio has no credentials: its explanation has no `credential`.
    plain = run("explain", NL_ZORG, TWIN, "--as-of", AS_OF, "--format", "json", cwd=REPO)
    expect('"credential"' not in plain[1], "no credential in a civeff portfolio's explanation")


def test_ob3_person_option(d):
    """Subjects must agree without --person; with it they need not, and it names the person."""
    rules = write(d, "ruleset.yaml", SMALL_RULES)
    two = write(
        d,
        "two.json",
        json.dumps(
            [
                credential("did:example:a", "2025-01-01", proof=True),
                credential("did:example:b", "2025-02-01"),
            ],
            indent=2,
        ),
    )
    r = run("eval", rules, two, "--as-of", AS_OF, cwd=d)
    expect_exit(r, 2)
    expect("error[E041]: credentialSubject.id 'did:example:b' is not the person" in r[2], "E041", r[2])
    lines = r[2].splitlines()
    expect(
        DIAGNOSTIC.match(lines[0]) and re.match(r".*two\.json:\d+:\d+: note: ", lines[1]), "with places", r[2]
    )
    r = run("eval", rules, two, "--as-of", AS_OF, "--person", "p-7", cwd=d)
    expect_exit(r, 0)
    expect(json.loads(r[1])["person"] == "p-7", "--person names the person", r[1])
    r = run("explain", rules, two, "--as-of", AS_OF, "--person", "p-7", "--format", "json", cwd=d)
    expect_exit(r, 0)
    expect(json.loads(r[1])["person"] == "p-7", "explain takes --person too", r[1])
    # --person names the person of a YAML portfolio as well.
    yaml_portfolio = write(d, "p.yaml", "person: p-1\nachievements: []\n")
    r = run("eval", rules, yaml_portfolio, "--as-of", AS_OF, "--person", "p-2", cwd=d)
    expect(json.loads(r[1])["person"] == "p-2", "--person replaces `person`", r[1])
    r = run("eval", rules, yaml_portfolio, "--as-of", AS_OF, "--person", "", cwd=d)
    expect_exit(r, 2)
    expect("civeff: error[E046]: --person takes the person's id" in r[2], "an empty --person is E046", r[2])


def test_ob3_strict_and_unmatched(d):
    """A credential no badges entry matches is W016 and an unlisted course; --strict refuses it."""
    rules = write(d, "ruleset.yaml", SMALL_RULES)
    p = write(d, "p.json", json.dumps([credential("s", "2025-01-01", code="K9999", proof=True)], indent=2))
    r = run("eval", rules, p, "--as-of", AS_OF, cwd=d)
    expect_exit(r, 0)
    expect("warning[W016]" in r[2] and "W017" not in r[2], "W016 only", r[2])
    expect(json.loads(r[1])["achievements"][0]["known"] is False, "an unlisted course", r[1])
    r = run("eval", rules, p, "--as-of", AS_OF, "--strict", cwd=d)
    expect_exit(r, 2)
    expect("error[W016]" in r[2], "--strict: W016 is an error", r[2])
    expect(r[1] == "", "nothing evaluated", r[1])


if __name__ == "__main__":
    exit_with(__doc__, globals())
