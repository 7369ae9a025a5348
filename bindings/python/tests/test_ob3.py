# SPDX-License-Identifier: Apache-2.0
"""Open Badges 3.0 portfolios in Python (docs/language.md §9): read from a path by the
C++ reader, `person=` names the person, W017 is an InputWarning, and the explanation
names each achievement's credential; the result equals the YAML twin's and the CLI's."""

from __future__ import annotations

import json

import civeff
import pytest
from conftest import REPO, run_cli

OB3 = REPO / "examples" / "portfolios" / "ob3" / "zij-instromer.ob3.json"
TWIN = REPO / "examples" / "portfolios" / "zij-instromer.json"
AS_OF = "2026-11-01"


def test_ob3_portfolio_equals_its_twin(nl_zorg: civeff.Ruleset) -> None:
    with pytest.warns(civeff.InputWarning, match=r"warning\[W017\]: credential .*zij-instromer-C0164"):
        r = nl_zorg.evaluate(OB3, as_of=AS_OF, person="zij-instromer")
    assert r.to_dict() == nl_zorg.evaluate(TWIN, as_of=AS_OF).to_dict()


def test_person_names_the_person(nl_zorg: civeff.Ruleset) -> None:
    with pytest.warns(civeff.InputWarning):
        assert nl_zorg.evaluate(OB3, as_of=AS_OF).person == "did:example:zij-instromer"
    assert nl_zorg.evaluate(TWIN, as_of=AS_OF, person="p-9").person == "p-9"
    mapping = {"person": "p-1", "achievements": []}
    assert nl_zorg.evaluate(mapping, as_of=AS_OF, person="p-2").person == "p-2"
    with pytest.raises(TypeError, match="person"):
        nl_zorg.evaluate(TWIN, as_of=AS_OF, person="")


def test_explanation_names_the_credentials(nl_zorg: civeff.Ruleset) -> None:
    with pytest.warns(civeff.InputWarning):
        x = nl_zorg.explain(OB3, as_of=AS_OF, person="zij-instromer")
    credentials = [a["credential"] for a in x.to_dict()["achievements"]]
    assert [(c["jwt"], c["proof"]) for c in credentials] == [(False, True), (False, False), (True, True)]
    assert all(c["badge"].split(":")[0].endswith("badges.yaml") for c in credentials)
    assert "(JWT-VC, signature not verified)" in str(x)


def test_strict_refuses_an_unmatched_credential(nl_zorg: civeff.Ruleset, tmp_path) -> None:
    credentials = json.loads(OB3.read_text(encoding="utf-8"))[:1]
    credentials[0]["credentialSubject"]["achievement"]["alignment"] = []
    path = tmp_path / "other.json"
    path.write_text(json.dumps(credentials), encoding="utf-8")
    with pytest.warns(civeff.InputWarning, match=r"W016"):
        r = nl_zorg.evaluate(path, as_of=AS_OF)
    assert r.achievements[0].known is False
    with pytest.raises(civeff.InputError, match=r"W016") as e:
        nl_zorg.evaluate(path, as_of=AS_OF, strict=True)
    assert e.value.diagnostics[0].code == "W016"


def test_same_as_the_cli(nl_zorg: civeff.Ruleset, cli) -> None:
    out = run_cli(cli, "explain", REPO / "rules" / "nl-zorg", OB3, "--as-of", AS_OF, "--format", "json")
    assert out.returncode == 0, out.stderr
    with pytest.warns(civeff.InputWarning):
        x = nl_zorg.explain(OB3, as_of=AS_OF)
    assert json.loads(out.stdout)["achievements"] == x.to_dict()["achievements"]


def test_advise_names_the_person(nl_zorg: civeff.Ruleset) -> None:
    # The credentials' advice is the YAML twin's, which examples/portfolios pins.
    pinned = json.loads((REPO / "examples" / "portfolios" / "zij-instromer.advice.json").read_text())
    with pytest.warns(civeff.InputWarning, match=r"W017"):
        a = nl_zorg.advise(OB3, pinned["diploma"], as_of=pinned["as_of"], person="zij-instromer")
    assert a.to_dict() == pinned
