#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`civeff serve` (docs/serve.md): each answer against the command line's, the errors, the routes.

    serve_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    serve_test.py --civeff build/bin/civeff          # all of them
    serve_test.py --civeff build/bin/civeff --list   # the test names

Each test starts its own server on a free port (`--port 0`) from the repository
root, so its paths are the command line's, and stops it with a signal.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import AS_OF, ROOT, RULES, Failure, Server, cli, expect, personas

CIVEFF = ""
OVERLAY = "rules/nl-zorg/scenarios/nrto-national.yaml"


def population(d: Path, lines: int) -> Path:
    """The first persons of examples/population/sample.csv (whole persons: cut at a person's first row)."""
    rows = (
        (ROOT / "examples" / "population" / "sample.csv")
        .read_text(encoding="utf-8")
        .splitlines(keepends=True)
    )
    cut = lines
    while cut < len(rows) and rows[cut].split(",")[0] == rows[cut - 1].split(",")[0]:
        cut += 1
    p = d / "population.csv"
    p.write_text("".join(rows[:cut]), encoding="utf-8")
    return p


def same(reply, expected: str, what: str):
    """The reply is 200 and its JSON the command's, parsed and byte for byte."""
    expect(reply.status == 200, f"{what}: HTTP {reply.status}", reply.body.decode("utf-8", "replace")[:2000])
    expect(reply.json() == json.loads(expected), f"{what}: the JSON differs from the command line's")
    expect(reply.body.decode("utf-8") == expected, f"{what}: the same JSON, laid out differently")


# ---------------------------------------------------------------- answers equal the command line's


def test_personas(d: Path):  # each persona's evaluate, explain and advise
    ps = personas()
    expect(len(ps) >= 5, f"expected the five personas, found {[p.name for p in ps]}")
    with Server(CIVEFF) as s:
        for p in ps:
            portfolio = json.loads(p.read_text(encoding="utf-8"))
            rel = p.relative_to(ROOT)
            body = {"portfolio": portfolio, "as_of": AS_OF}
            same(
                s.post("/evaluate", body),
                cli(CIVEFF, "eval", RULES, rel, "--as-of", AS_OF, "--format", "json"),
                f"{p.name} /evaluate",
            )
            explained = cli(CIVEFF, "explain", RULES, rel, "--as-of", AS_OF, "--format", "json")
            same(s.post("/explain", body), explained, f"{p.name} /explain")
            for diploma in sorted(json.loads(explained)["diplomas"])[:2]:
                same(
                    s.post("/explain", {**body, "diploma": diploma}),
                    cli(
                        CIVEFF,
                        "explain",
                        RULES,
                        rel,
                        "--as-of",
                        AS_OF,
                        "--format",
                        "json",
                        "--diploma",
                        diploma,
                    ),
                    f"{p.name} /explain diploma {diploma}",
                )
            advice = p.with_name(p.name.replace(".json", ".advice.json"))
            diploma = (
                json.loads(advice.read_text(encoding="utf-8"))["diploma"] if advice.exists() else "25656"
            )
            same(
                s.post("/advise", {**body, "diploma": diploma}),
                cli(CIVEFF, "advise", RULES, rel, "--diploma", diploma, "--as-of", AS_OF, "--format", "json"),
                f"{p.name} /advise {diploma}",
            )
            # The file's text instead of its JSON: read as the file is.
            same(
                s.post("/evaluate", {"portfolio": p.read_text(encoding="utf-8"), "as_of": AS_OF}),
                cli(CIVEFF, "eval", RULES, rel, "--as-of", AS_OF, "--format", "json"),
                f"{p.name} /evaluate with the file's text",
            )


def test_report(d: Path):  # POST /report: the page `civeff report` writes, the portfolio unnamed
    p = ROOT / "examples" / "portfolios" / "helpende-naar-vig.json"
    rel = p.relative_to(ROOT)
    body = {"portfolio": json.loads(p.read_text(encoding="utf-8")), "as_of": AS_OF}
    with Server(CIVEFF, "--timeout", "120") as s:
        r = s.post("/report", body)
        expect(r.status == 200, f"POST /report: HTTP {r.status}", r.body[:2000])
        expect(r.headers.get("Content-Type", "").startswith("text/html"), f"Content-Type {r.headers}")
        page = cli(CIVEFF, "report", RULES, rel, "--as-of", AS_OF, "--out", "-")
        # The service has no file name for the portfolio: its `civeff eval` command says PORTFOLIO.
        expect(
            r.body.decode("utf-8") == page.replace(str(rel), "PORTFOLIO"),
            "POST /report differs from `civeff report ... --out -` (but for the portfolio's name)",
        )
        r = s.post("/report", {**body, "diploma": "25656"})
        expect(r.status == 422 and r.codes() == ["E072"], f"/report with a diploma: HTTP {r.status}", r.body)


def test_open_badges(d: Path):  # an OB3 portfolio (a list of credentials) with `person`
    ob3 = ROOT / "examples" / "portfolios" / "ob3" / "zij-instromer.ob3.json"
    rel = ob3.relative_to(ROOT)
    with Server(CIVEFF) as s:
        body = {
            "portfolio": json.loads(ob3.read_text(encoding="utf-8")),
            "as_of": AS_OF,
            "person": "zij-instromer",
        }
        same(
            s.post("/evaluate", body),
            cli(
                CIVEFF, "eval", RULES, rel, "--as-of", AS_OF, "--format", "json", "--person", "zij-instromer"
            ),
            "OB3 /evaluate",
        )
        same(
            s.post("/explain", body),
            cli(
                CIVEFF,
                "explain",
                RULES,
                rel,
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--person",
                "zij-instromer",
            ),
            "OB3 /explain",
        )


def test_overlay_and_diff(d: Path):  # a request's overlay, and /diff against the command's
    pop = population(d, 400)
    yaml = (ROOT / OVERLAY).read_text(encoding="utf-8")
    persona = personas()[0]
    with Server(CIVEFF, "--max-body", "16MiB") as s:
        same(
            s.post(
                "/evaluate", {"portfolio": json.loads(persona.read_text()), "as_of": AS_OF, "overlay": yaml}
            ),
            cli(CIVEFF, "eval", RULES, persona.relative_to(ROOT), "--as-of", AS_OF, "--overlay", OVERLAY),
            "/evaluate with an overlay",
        )
        body = {"population_csv": pop.read_text(encoding="utf-8"), "overlay": [yaml], "as_of": AS_OF}
        same(
            s.post("/diff", body),
            cli(CIVEFF, "diff", RULES, pop, "--overlay", OVERLAY, "--as-of", AS_OF, "--format", "json"),
            "/diff",
        )
        bad = s.post(
            "/diff",
            {**body, "overlay": "civeff: 1\noverlay: x\nmarks:\n  - id: nrto\n    levels: {nope: a}\n"},
        )
        expect(bad.status == 422, f"/diff with a broken overlay: HTTP {bad.status}", bad.body)
        expect(
            bad.json()["diagnostics"][0]["file"] == "overlay",
            "the overlay's diagnostics name it `overlay`",
            bad.body,
        )


def test_population(d: Path):  # a population to /evaluate and /advise: the CSV of batch and advise
    pop = population(d, 300)
    with Server(CIVEFF) as s:
        text = pop.read_text(encoding="utf-8")
        r = s.post("/evaluate", {"population_csv": text, "as_of": AS_OF})
        expect(
            r.status == 200 and r.headers["Content-Type"].startswith("text/csv"),
            f"HTTP {r.status}",
            r.body[:500],
        )
        expect(
            r.body.decode("utf-8") == cli(CIVEFF, "batch", RULES, pop, "--as-of", AS_OF, "--out", "-"),
            "/evaluate of a population differs from `civeff batch --out -`",
        )
        r = s.post("/advise", {"population_csv": text, "as_of": AS_OF, "diploma": "25656"})
        expect(r.status == 200, f"/advise of a population: HTTP {r.status}", r.body[:500])
        expect(
            r.body.decode("utf-8")
            == cli(CIVEFF, "advise", RULES, pop, "--diploma", "25656", "--as-of", AS_OF, "--out", "-"),
            "/advise of a population differs from `civeff advise POP.csv --out -`",
        )


def test_gets(d: Path):  # the page, the catalogue, the ruleset
    with Server(CIVEFF) as s:
        page = s.get("/")
        expect(
            page.status == 200 and page.headers["Content-Type"].startswith("text/html"),
            f"GET /: {page.status}",
        )
        text = page.body.decode("utf-8")
        expect(
            text == (ROOT / "bindings/cli/serve/page.html").read_text(encoding="utf-8"),
            "GET / is not page.html",
        )
        # Nothing from the network: no external script, style, image or font.
        expect(
            not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), "the page loads from the network"
        )
        expect("default-src 'none'" in text, "the page has no Content-Security-Policy")
        catalog = s.get("/catalog")
        expect(catalog.status == 200, f"GET /catalog: {catalog.status}")
        expect(
            catalog.body.decode("utf-8") == cli(CIVEFF, "catalog", RULES, "--out", "-"),
            "GET /catalog differs",
        )
        meta = s.get("/ruleset")
        expect(meta.status == 200, f"GET /ruleset: {meta.status}")
        m = meta.json()
        expect(
            m["ruleset"] == "nl-zorg" and m["language"] in ("nl", "en"), "GET /ruleset: name or language", m
        )
        result = json.loads(cli(CIVEFF, "eval", RULES, personas()[0].relative_to(ROOT), "--as-of", AS_OF))
        expect([x["id"] for x in m["diplomas"]] == sorted(result["diplomas"]), "GET /ruleset: the diplomas")
        expect(m["version"] == result["version"], "GET /ruleset: the version")
        summary = cli(CIVEFF, "check", RULES)
        counts = dict(
            (k, int(n))
            for n, k in re.findall(r"(\d+) (scales|marks|units|equivalences|diplomas|tests)", summary)
        )
        for key in ("scales", "marks", "units", "equivalences", "diplomas"):
            expect(
                len(m[key]) == counts[key],
                f"GET /ruleset: {len(m[key])} {key}, `civeff check` says {counts[key]}",
            )
        expect(m["tests"] == counts["tests"], "GET /ruleset: tests")


# ---------------------------------------------------------------- errors


def test_errors(d: Path):  # 400, 413, 422, 404, 405 with diagnostics
    persona = json.loads(personas()[0].read_text(encoding="utf-8"))
    with Server(CIVEFF, "--max-body", "4096") as s:
        r = s.post("/evaluate", b'{"portfolio": {"person": "p",\n  "achievements": [}')
        expect(r.status == 400 and r.codes() == ["E070"], f"malformed JSON: HTTP {r.status}", r.body)
        diag = r.json()["diagnostics"][0]
        expect((diag["file"], diag["line"], diag["column"]) == ("request", 2, 20), "E070's place", diag)

        r = s.post("/evaluate", {"portfolio": persona, "as_of": AS_OF, "padding": "x" * 5000})
        expect(r.status == 413 and r.codes() == ["E071"], f"over --max-body: HTTP {r.status}", r.body)

        # A body sent as a form (curl's -d) meets httplib's own 8 KiB limit: said so, still E071.
        form = json.dumps({"portfolio": persona, "as_of": AS_OF}).encode() + b" " * 9000
        with Server(CIVEFF, "--max-body", "1MiB") as big:
            r = big.request("POST", "/evaluate", form, content_type="application/x-www-form-urlencoded")
        expect(r.status == 413 and r.codes() == ["E071"], f"a form body: HTTP {r.status}", r.body)
        expect("application/json" in r.json()["diagnostics"][0]["message"], "E071 says to send JSON", r.body)

        cases = [
            ("/evaluate", [1, 2], "E072"),  # not an object
            ("/evaluate", {"as_of": AS_OF}, "E072"),  # no portfolio
            ("/evaluate", {"portfolio": persona, "as_of": "1-11-2026"}, "E072"),
            ("/evaluate", {"portfolio": persona, "potrfolio": 1}, "E072"),
            ("/evaluate", {"portfolio": persona, "diploma": "25656"}, "E072"),
            ("/advise", {"portfolio": persona}, "E072"),  # no diploma
            ("/explain", {"portfolio": persona, "diploma": "nope"}, "E072"),
            ("/diff", {"portfolio": persona, "overlay": "civeff: 1\noverlay: x\n"}, "E072"),
            (
                "/evaluate",
                {
                    "portfolio": {
                        "person": "p",
                        "achievements": [{"unit": "x", "date": "2024-01-01", "marks": ["nrto2"]}],
                    }
                },
                "E042",
            ),
            ("/evaluate", {"portfolio": {"achievements": []}}, "E041"),
            ("/evaluate", {"population_csv": "person,unit,date\np,x,2024-13-01\n"}, "E044"),
        ]
        for route, body, code in cases:
            r = s.post(route, body)
            expect(
                r.status == 422 and code in r.codes(),
                f"{route} {body!r:.120}: HTTP {r.status}, expected 422 {code}",
                r.body,
            )

        # A portfolio given as JSON is read from the body's own bytes: its diagnostics point into the body.
        body = (
            b'{"as_of": "2026-11-01",\n "portfolio": {"person": "p",\n'
            b'   "achievements": [{"unit": "x", "date": "2024-01-01", "marks": ["nrto2"]}]}}'
        )
        r = s.post("/evaluate", body)
        diag = r.json()["diagnostics"][0]
        expect((diag["file"], diag["line"]) == ("request", 3), "E042 is not at the body's line 3", diag)

        r = s.get("/nowhere")
        expect(r.status == 404 and r.codes() == ["E074"], f"GET /nowhere: HTTP {r.status}", r.body)
        r = s.get("/evaluate")
        expect(
            r.status == 405 and r.headers.get("Allow") == "POST", f"GET /evaluate: HTTP {r.status}", r.headers
        )


def test_timeout(d: Path):  # 503 past --timeout; the server still answers afterwards
    pop = population(d, 3000)
    persona = json.loads(personas()[0].read_text(encoding="utf-8"))
    with Server(CIVEFF, "--timeout", "0.001", "--max-body", "16MiB") as s:
        r = s.post("/evaluate", {"population_csv": pop.read_text(encoding="utf-8"), "as_of": AS_OF})
        expect(r.status == 503 and r.codes() == ["E073"], f"past --timeout: HTTP {r.status}", r.body[:500])
        expect(s.get("/ruleset").status == 200, "the server no longer answers after a timeout")
    with Server(CIVEFF, "--timeout", "60") as s:
        expect(
            s.post("/evaluate", {"portfolio": persona, "as_of": AS_OF}).status == 200,
            "a request within --timeout",
        )


# ---------------------------------------------------------------- the routes, the command


def test_openapi(d: Path):  # openapi.json's paths and methods are the server's routes
    source = (ROOT / "bindings/cli/serve/service.hpp").read_text(encoding="utf-8")
    table = source[source.index("routes[] = {") : source.index("};", source.index("routes[] = {"))]
    routes = set(re.findall(r'\{"(GET|POST)", "([^"]+)"\}', table))
    expect(len(routes) == 9, f"the route table of service.hpp: {sorted(routes)}")
    with Server(CIVEFF) as s:
        r = s.get("/openapi.json")
        expect(r.status == 200, f"GET /openapi.json: HTTP {r.status}")
        expect(
            r.body == (ROOT / "bindings/cli/serve/openapi.json").read_bytes(),
            "GET /openapi.json is not the file",
        )
        spec = r.json()
        expect(spec["openapi"].startswith("3."), "not OpenAPI 3")
        described = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
        expect(described == routes, "openapi.json and the server's routes differ", sorted(described ^ routes))
        for method, path in sorted(routes):
            # Each described route answers: a GET 200, a POST of `{}` 422 (no portfolio); not 404 or 405.
            r = s.get(path) if method == "GET" else s.post(path, {})
            expect(
                r.status == (200 if method == "GET" else 422),
                f"{method} {path}: HTTP {r.status}",
                r.body[:300],
            )
            other = "POST" if method == "GET" else "GET"
            if (other, path) not in routes:
                r = s.request(other, path, b"{}" if other == "POST" else None)
                expect(r.status == 405, f"{other} {path}: HTTP {r.status}, expected 405")


def test_signals_and_port(d: Path):  # Ctrl-C stops with 0; a port in use is E075, exit 2; --help
    s = Server(CIVEFF).__enter__()
    try:
        port = int(s.url.rsplit(":", 1)[1])
        r = subprocess.run(
            [CIVEFF, "serve", RULES, "--port", str(port)], cwd=ROOT, capture_output=True, timeout=60
        )
        expect(
            r.returncode == 2 and b"error[E075]" in r.stderr, f"a port in use: exit {r.returncode}", r.stderr
        )
        expect(s.get("/ruleset").status == 200, "the first server stopped answering")
    finally:
        code = s.stop(signal.SIGINT)
    expect(code == 0 and "stopped (SIGINT)" in s.stderr, f"Ctrl-C: exit {code}", s.stderr)
    out = cli(CIVEFF, "serve", "--help")
    for word in ("--host", "--port", "--max-body", "--timeout", "--overlay", "/evaluate"):
        expect(word in out, f"civeff serve --help does not mention {word}", out)
    r = subprocess.run([CIVEFF, "serve", "no/such/rules"], cwd=ROOT, capture_output=True, timeout=60)
    expect(r.returncode == 2 and b"E040" in r.stderr, f"a missing ruleset: exit {r.returncode}", r.stderr)
    # 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine.
    r = subprocess.run(
        [CIVEFF, "serve", RULES, "--host", "192.0.2.1", "--port", "0"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    expect(
        r.returncode == 2 and b"E075" in r.stderr,
        f"a host not of this machine: exit {r.returncode}",
        r.stderr,
    )


def main() -> int:
    global CIVEFF
    tests = {name[len("test_") :]: f for name, f in globals().items() if name.startswith("test_")}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--civeff", required=True)
    parser.add_argument("name", nargs="?")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(tests))
        return 0
    CIVEFF = str(Path(args.civeff).absolute())
    failed = 0
    for name in [args.name] if args.name else list(tests):
        with tempfile.TemporaryDirectory(prefix="civeff-serve-") as tmp:
            try:
                tests[name](Path(tmp))
                print(f"ok   {name}")
            except Failure as e:
                failed += 1
                print(f"FAIL {name}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
