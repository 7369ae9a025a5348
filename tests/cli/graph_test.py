#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""civeff graph: the reference graph in Graphviz dot (docs/language.md §13, "The graph").

    graph_test.py --civeff build/bin/civeff NAME

Nodes carry ids and titles, edges the requirement or equivalence that makes them,
and requirement leaves other than `unit` are nodes of their own. The output is
pinned whole for a small ruleset, and checked to be valid dot: by Graphviz's
`dot` where it is installed (scripts/test.sh installs it), and always by a
reader of the statements civeff writes, which every edge's ends must be nodes of.
"""

import re
import shutil
import subprocess
from pathlib import Path

from harness import exit_with, expect, expect_exit, run, write

# Titles with a quote, a backslash and a line break: each must stay inside its label.
RULES = r"""civeff: 1
ruleset: graph "test"
version: "1"
scales:
  civil_effect: {levels: [none, national]}
units:
  - {id: A, kind: course, title: 'Course "A"', hours: 40}
  - {id: B, kind: course, title: 'Back\slash'}
  - {id: C, kind: keuzedeel, title: "Two\nlines"}
  - {id: D, kind: keuzedeel}
equivalences:
  - id: a-is-b
    equivalent: [A, B]
  - id: ab-stack
    from: [A, B]
    counts_as: [D]
    effective: {to: 2030-12-31}
    when: hours >= 40
diplomas:
  - id: dip
    title: The diploma
    requires:
      all_of:
        - unit: A
        - id: keuzes
          n_of: {n: 1, of: [{unit: C}, {unit: D}]}
        - {id: uren, title: Uren, hours: {min: 40, of: {units: [A, B]}}}
        - count: {min: 2, of: {kind: course}}
        - check: person.role == "x"
  - id: single
    requires: {unit: C}
"""

EXPECTED = r"""digraph "graph \"test\"" {
  // civeff graph: graph "test" 1
  node [fontsize=10]; edge [fontsize=9];
  "diploma:dip" [shape=box, label="dip\nThe diploma"];
  "diploma:single" [shape=box, label="single"];
  "unit:A" [shape=ellipse, label="A\nCourse \"A\"\n(course)"];
  "unit:B" [shape=ellipse, label="B\nBack\\slash\n(course)"];
  "unit:C" [shape=ellipse, label="C\nTwo\nlines\n(keuzedeel)"];
  "unit:D" [shape=ellipse, label="D\n(keuzedeel)"];
  "diploma:dip" -> "unit:A" [label="all_of"];
  "diploma:dip" -> "unit:C" [label="all_of > keuzes (n_of 1)"];
  "diploma:dip" -> "unit:D" [label="all_of > keuzes (n_of 1)"];
  "diploma:dip/5" [shape=note, label="uren\nUren\nhours >= 40 of units A, B"];
  "diploma:dip" -> "diploma:dip/5" [label="all_of"];
  "diploma:dip/5" -> "unit:A" [label="of", style=dotted];
  "diploma:dip/5" -> "unit:B" [label="of", style=dotted];
  "diploma:dip/6" [shape=note, label="count >= 2 of kind course"];
  "diploma:dip" -> "diploma:dip/6" [label="all_of"];
  "diploma:dip/7" [shape=note, label="check person.role == \"x\""];
  "diploma:dip" -> "diploma:dip/7" [label="all_of"];
  "diploma:single" -> "unit:C" [label="requires"];
  "unit:A" -> "unit:B" [label="a-is-b", style=dashed, dir=both];
  "unit:D" -> "unit:A" [label="ab-stack\n(all 2 together)\nto 2030-12-31\nwhen hours >= 40", style=dashed];
  "unit:D" -> "unit:B" [label="ab-stack\n(all 2 together)\nto 2030-12-31\nwhen hours >= 40", style=dashed];
}
"""

QUOTED = r'"(?:[^"\\\n]|\\.)*"'
ATTRS = rf"\[(?:\w+=(?:{QUOTED}|\w+)(?:, )?)+\]"
NODE = re.compile(rf"^  ({QUOTED}) {ATTRS};$")
EDGE = re.compile(rf"^  ({QUOTED}) -> ({QUOTED}) {ATTRS};$")


def structure(dot: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The nodes and edges of civeff's dot; a line of any other shape is a failure."""
    lines = dot.splitlines()
    expect(re.fullmatch(rf"digraph {QUOTED} {{", lines[0]) is not None, "the header", lines[0])
    expect(lines[-1] == "}", "the closing brace", lines[-1])
    nodes: set[str] = set()
    edges: list[tuple[str, str]] = []
    for line in lines[1:-1]:
        if m := EDGE.match(line):
            edges.append((m[1], m[2]))
        elif m := NODE.match(line):
            nodes.add(m[1])
        else:
            defaults = line == "  node [fontsize=10]; edge [fontsize=9];"
            expect(line.startswith("  //") or defaults, "a dot line", line)
    for a, b in edges:
        expect(a in nodes and b in nodes, f"edge {a} -> {b}: both ends are nodes", dot)
    return nodes, edges


def graphviz_parses(dot: str) -> None:
    """`dot` reads the graph without a word of complaint (where Graphviz is installed)."""
    if shutil.which("dot") is None:
        print("graphviz not installed: the structural check only")
        return
    r = subprocess.run(["dot", "-Tcanon"], input=dot, capture_output=True, text=True, check=False)
    expect(r.returncode == 0 and r.stderr == "", "dot parses it", r.stderr, dot)


def test_graph_labels(d):
    write(d, "ruleset.yaml", RULES)
    r = run("graph", "ruleset.yaml", cwd=d)
    expect_exit(r, 0)
    expect(r[1] == EXPECTED, "the pinned graph", r[1])
    nodes, edges = structure(r[1])
    expect(len(nodes) == 9 and len(edges) == 12, "9 nodes, 12 edges", r[1])
    graphviz_parses(r[1])


def test_graph_of_nl_zorg_is_valid_dot(d):
    rules = Path(__file__).resolve().parents[2] / "rules" / "nl-zorg"
    r = run("graph", rules, cwd=d)
    expect_exit(r, 0)
    nodes, edges = structure(r[1])
    expect(sum(n.startswith('"diploma:') and "/" not in n for n in nodes) > 0, "diplomas", r[1][:2000])
    expect(any(n.startswith('"unit:') for n in nodes), "units", r[1][:2000])
    expect(len(edges) > len(nodes) // 2, "edges", r[1][:2000])
    graphviz_parses(r[1])


if __name__ == "__main__":
    exit_with(__doc__, globals())
