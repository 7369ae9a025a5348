# SPDX-License-Identifier: Apache-2.0
"""The JSON Schemas of schema/ (editor support) against the files and the loader.

Every function ``test_NAME(d)`` is one CTest test, ``schema.NAME`` (tests/schema/CMakeLists.txt),
run as ``schema_test.py --civeff build/bin/civeff NAME`` with the tests/cli harness.

- Every rules, overlay, portfolio and test file under rules/, examples/ and the golden cases
  that `civeff check` accepts validates, loaded as civeff reads it (scalars as text) and as
  yaml-language-server reads it (YAML 1.2: numbers and booleans typed).
- Drift: for each kind of mapping the loader reads, the keys it allows (the list its E004
  message gives) are the schema's keys; every mapping call of the loader's sources and every
  closed object of the schemas is among those compared (and test_drift_is_caught shows that a
  difference either way is reported); and a set of small invalid files (unknown key, missing
  key, wrong shape, bad scalar, a key the attribute's type does not take) is rejected by both
  the schema and `civeff check` or `civeff eval`, while the valid variants are accepted by both.
- What the schema describes before the loader reads it (a test's `overlay`, a diploma's
  {status, progress, missing}) is compared with the loader as soon as the loader reads it.

Needs PyYAML and jsonschema (Debian: python3-yaml, python3-jsonschema; scripts/setup.sh).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))

import jsonschema
import yaml
from harness import exit_with, expect, run

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schema"
KINDS = ("ruleset", "include", "overlay", "portfolio")


# --- loading YAML two ways -------------------------------------------------------------------


class TextLoader(yaml.BaseLoader):
    """As civeff's loader sees a file: every scalar is text, except that a plain empty, `~`
    or `null` scalar is null (yaml-cpp's IsNull)."""


def _text_scalar(loader, node):
    if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
        return None
    return node.value


TextLoader.add_constructor("tag:yaml.org,2002:str", _text_scalar)


class TypedLoader(yaml.SafeLoader):
    """About as yaml-language-server reads a file (YAML 1.2 core schema): numbers and
    `true`/`false` typed, dates left as text, keys as text."""


TypedLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TypedLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _typed_mapping(loader, node):
    return {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}


TypedLoader.add_constructor("tag:yaml.org,2002:map", _typed_mapping)


def load_both(text: str):
    return yaml.load(text, Loader=TextLoader), yaml.load(text, Loader=TypedLoader)


# --- schemas ---------------------------------------------------------------------------------


def _validators():
    """One validator per kind; `$ref`s between the files of schema/ resolve locally."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")}
    for s in schemas.values():
        jsonschema.Draft7Validator.check_schema(s)
    base = SCHEMAS.as_uri() + "/"
    out = {}
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource

        registry = Registry().with_resources(
            (base + name, Resource.from_contents(s, default_specification=_draft7()))
            for name, s in schemas.items()
        )
        for kind in KINDS:
            s = dict(schemas[f"{kind}.schema.json"], **{"$id": base + f"{kind}.schema.json"})
            out[kind] = jsonschema.Draft7Validator(s, registry=registry)
    except ImportError:  # jsonschema 4.10 (Debian 12)
        store = {base + name: s for name, s in schemas.items()}
        for kind in KINDS:
            s = schemas[f"{kind}.schema.json"]
            resolver = jsonschema.RefResolver(base + f"{kind}.schema.json", s, store=store)
            out[kind] = jsonschema.Draft7Validator(s, resolver=resolver)
    return out


def _draft7():
    from referencing.jsonschema import DRAFT7

    return DRAFT7


VALIDATORS = _validators()


def schema_errors(kind: str, text: str) -> list[str]:
    """The schema's complaints about a file's text, read both ways."""
    out = []
    for how, doc in zip(("as text", "typed"), load_both(text), strict=True):
        for e in VALIDATORS[kind].iter_errors(doc):
            out.append(f"{how}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    return out


# --- the files of the repository -------------------------------------------------------------


def _globs(root: Path, include) -> list[Path]:
    patterns = [include] if isinstance(include, str) else (include or [])
    found = []
    for p in patterns:
        found += sorted(q for q in root.parent.glob(p) if q.is_file() and q != root)
    return found


def repository_files() -> dict[Path, str]:
    """Every rules, overlay, portfolio and test file of rules/, examples/ and the golden cases
    that `civeff check` accepts (expected.exit 0, and every eval case), by its kind."""
    roots = sorted(REPO.glob("rules/*/ruleset.yaml")) + sorted(REPO.glob("examples/**/ruleset.yaml"))
    golden = REPO / "tests" / "golden"
    for case in sorted(golden.glob("*/*/")):
        exit_file = case / "expected.exit"
        if exit_file.exists() and exit_file.read_text().strip() != "0":
            continue
        roots.append(case / "ruleset.yaml")
    kinds: dict[Path, str] = {}
    for root in roots:
        kinds[root] = "ruleset"
        doc = yaml.load(root.read_text(encoding="utf-8"), Loader=TextLoader)
        for f in _globs(root, doc.get("include")):
            kinds[f] = "include"
        for f in sorted(root.parent.glob("scenarios/*.yaml")):
            kinds[f] = "overlay"
    for pattern in ("examples/**/*.json", "examples/**/*.yaml", "tests/golden/eval/*/portfolio.*"):
        for f in sorted(REPO.glob(pattern)):
            if f not in kinds and not f.name.endswith((".result.json", ".advice.json", ".whatif.json")):
                # An overlay outside a scenarios/ folder (the tour's) says so by its `overlay` key.
                doc = (
                    yaml.load(f.read_text(encoding="utf-8"), Loader=TextLoader)
                    if f.suffix == ".yaml"
                    else None
                )
                kinds[f] = "overlay" if isinstance(doc, dict) and "overlay" in doc else "portfolio"
    return kinds


def test_every_file_validates(d):
    kinds = repository_files()
    counts = {k: sum(1 for v in kinds.values() if v == k) for k in KINDS}
    expect(all(counts.values()), "files of every kind were found", counts)
    unknown = [
        str(f.relative_to(REPO))
        for pattern in ("rules/**/*.y*ml", "examples/**/*.y*ml")
        for f in sorted(REPO.glob(pattern))
        if f not in kinds
    ]
    expect(
        not unknown,
        "YAML files of rules/ and examples/ of no known kind (include them or teach the test):",
        *unknown,
    )
    problems = []
    for path, kind in kinds.items():
        for e in schema_errors(kind, path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(REPO)} ({kind} schema) {e}")
    expect(not problems, "files the schema rejects:", *problems[:40])
    print("validated:", ", ".join(f"{n} {k}" for k, n in counts.items()))


def test_golden_check_cases_agree(d):
    """A golden `check` case whose expected errors include one the loader finds in a file's
    shape (E003-E007, E010-E013) is rejected by the schema; one with only later errors
    (duplicate ids, references, levels, types) is valid as far as the schema goes."""
    shape_codes = re.compile(r"error\[E0(0[3-7]|1[0-3])\]")
    problems, rejected = [], 0
    for case in sorted((REPO / "tests" / "golden" / "check").glob("*/")):
        err_file = case / "expected.err"  # absent: empty stderr, as tests/cmake/run_golden.py reads it
        err = err_file.read_text(encoding="utf-8") if err_file.exists() else ""
        if "error[E002]" in err:  # not YAML at all
            continue
        errors = schema_errors("ruleset", (case / "ruleset.yaml").read_text(encoding="utf-8"))
        if shape_codes.search(err):
            rejected += 1
            if not errors:
                problems.append(f"{case.name}: civeff check reports a shape error, the schema none")
        elif errors:
            problems.append(f"{case.name}: the schema rejects it: {errors[0]}")
    expect(rejected > 0, "some golden cases have shape errors")
    expect(not problems, "golden check cases:", *problems)


def test_every_rules_file_names_its_schema(d):
    """The bundled rules carry a yaml-language-server modeline, as their first line, naming the
    schema of their kind by a path that exists."""
    problems = []
    for path, kind in repository_files().items():
        if not path.is_relative_to(REPO / "rules"):
            continue
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        if not m:
            problems.append(f"{path.relative_to(REPO)}: first line is not a $schema modeline: {first!r}")
            continue
        target = (path.parent / m.group(1)).resolve()
        if target != SCHEMAS / f"{kind}.schema.json":
            problems.append(f"{path.relative_to(REPO)}: names {m.group(1)}, not the {kind} schema")
    expect(not problems, "rules files without the right modeline:", *problems)


# --- drift: the schema against the loader ----------------------------------------------------

BASE_ROOT = {
    "civeff": 1,
    "ruleset": "r",
    "version": "1",
    "language": "en",
    "include": ["more.yaml"],
    "scales": {
        "civil_effect": {"levels": ["none", "internal", "sector", "national"], "title": "Civiel effect"},
        "nlqf": {"levels": ["1", "2", "3", "4"], "default": None},
    },
    "marks": [
        {
            "id": "nrto",
            "issuer": "NRTO",
            "attests": "a quality mark",
            "valid_for": "P5Y",
            "levels": {
                "civil_effect": [{"when": "attrs.points >= 4", "level": "sector"}, {"level": "internal"}]
            },
        },
        {"id": "mbo", "levels": {"civil_effect": "national", "nlqf": "3"}, "implies": ["nrto"]},
    ],
    "units": [
        {
            "id": "A",
            "kind": "course",
            "hours": 10,
            "tags": ["zorg"],
            "level": {"nlqf": "2"},
            "effective": {"from": "2016-08-01", "to": "2030-07-31"},
            "valid_for": "P2Y",
            "credit_when": "attrs.exam == true",
            "source": "https://example.org",
            "notes": "n",
        },
        {"id": "B", "kind": "course", "hours": 20},
        {"id": "C", "kind": "course", "name": "C"},
        {"id": "D", "kind": "keuzedeel"},
    ],
    "equivalences": [
        {"id": "eq-ab", "equivalent": ["A", "B"], "effective": {"from": "2019-09-01"}},
        {"id": "eq-c", "from": ["A", "B"], "counts_as": ["C"], "when": "hours >= 10"},
    ],
    "attributes": {
        "exam": {"type": "bool", "title": "Examen"},
        "points": {"type": "number", "min": 0, "max": 100},
    },
    "person_attributes": {"role": {"type": "text", "values": ["helpende", "verzorgende"]}},
    "badges": [
        {
            "match": {"alignment": {"targetType": "ext:MboCertificaat", "targetCode": "C0160"}},
            "unit": "A",
            "marks": ["mbo"],
            "hours": "credentialSubject.achievement.SBU",
            "notes": "n",
        },
        {"match": {"education_program_identifier": 25655}, "unit": "B"},
        {"match": {"achievement_id": "https://example.org/achievements/bhv"}, "marks": ["nrto"]},
    ],
}
BASE_MORE = {
    "diplomas": [
        {
            "id": "d",
            "title": "D",
            "level": {"nlqf": "2"},
            "requires": {
                "all_of": [
                    {"unit": "A", "id": "a", "title": "A"},
                    {"any_of": [{"unit": "B"}, {"unit": "C"}]},
                    {"n_of": {"n": 1, "of": [{"unit": "B"}, {"unit": "C"}]}},
                    {"hours": {"min": 10, "of": {"kind": "course", "tags": ["zorg"]}}},
                    {
                        "count": {
                            "min": 1,
                            "of": {"units": ["A", "B"], "marks": ["nrto"], "where": "hours >= 1"},
                        }
                    },
                    {"sum": {"attr": "points", "min": 4, "of": {"marks": ["nrto"]}, "within": "P5Y"}},
                    {
                        "avg": {"attr": "points", "min": 1, "of": {"kind": "course"}},
                        "when": 'person.role == "helpende"',
                    },
                    {"check": 'credited("A")'},
                ]
            },
        }
    ],
    "tests": [
        {
            "name": "a list portfolio",
            "as_of": "2024-01-01",
            "portfolio": [
                {"unit": "A", "date": "2023-05-01", "marks": ["nrto"], "attrs": {"exam": True, "points": 4}}
            ],
            "expect": {
                "credited": ["A", "B"],
                "not_credited": [],
                "diplomas": {"d": "partial"},
                "levels": [{"civil_effect": "sector", "nlqf": None}],
            },
        },
        {
            "name": "a mapping portfolio",
            "title": "t",
            "as_of": "2024-01-01",
            "portfolio": {
                "attrs": {"role": "helpende"},
                "achievements": [
                    {"unit": "B", "title": "b", "date": "2023-05-01", "hours": 5, "exempt": True}
                ],
            },
            "expect": {"credited": ["B"]},
        },
    ],
}
BASE_OVERLAY = {
    "civeff": 1,
    "overlay": "o",
    "marks": [{"id": "nrto", "levels": {"civil_effect": "national"}}],
    "attributes": {"points": {"type": "number"}},
    "remove": {"equivalences": ["eq-c"]},
}
BASE_PORTFOLIO = {
    "person": "p-001",
    "attrs": {"role": "helpende"},
    "achievements": [
        {
            "unit": "A",
            "title": "a",
            "date": "2023-05-01",
            "hours": 8,
            "marks": ["nrto"],
            "attrs": {"exam": True, "points": 4},
            "exempt": "nee",
        },
        {"title": "unlisted", "date": "2023-06-01"},
    ],
}

# Where each kind of mapping sits in the base files: (file, path, the loader's name for it,
# the schema object for it as FILE#POINTER). The loader names each in its E004 message
# ("in a unit").
DEF = "definitions.schema.json#/definitions/"
REQ = DEF + "requirement/properties/"
MAPPINGS = [
    ("root", (), "the root file", "ruleset.schema.json#"),
    ("more", (), "an included file", "include.schema.json#/anyOf/1"),
    ("overlay", (), "an overlay", "overlay.schema.json#"),
    ("overlay", ("remove",), "`remove`", "overlay.schema.json#/properties/remove"),
    ("root", ("scales", "civil_effect"), "scale 'civil_effect'", DEF + "scale"),
    ("root", ("marks", 0), "a mark", DEF + "mark"),
    ("root", ("marks", 0, "levels", "civil_effect", 0), "a case of scale 'civil_effect'", DEF + "markCase"),
    ("root", ("units", 0), "a unit", DEF + "unit"),
    ("root", ("units", 0, "effective"), "`effective`", DEF + "window"),
    ("root", ("equivalences", 1), "an equivalence", DEF + "equivalence"),
    ("root", ("attributes", "exam"), "attribute 'exam'", DEF + "attribute"),
    ("root", ("person_attributes", "role"), "attribute 'role'", DEF + "attribute"),
    ("root", ("badges", 0), "a badges entry", DEF + "badge"),
    ("root", ("badges", 0, "match"), "`match`", DEF + "badgeMatch"),
    ("root", ("badges", 0, "match", "alignment"), "`alignment`", DEF + "badgeAlignment"),
    ("more", ("diplomas", 0), "a diploma", DEF + "diploma"),
    ("more", ("diplomas", 0, "requires"), "a requirement", DEF + "requirement"),
    ("more", ("diplomas", 0, "requires", "all_of", 2, "n_of"), "`n_of`", REQ + "n_of"),
    ("more", ("diplomas", 0, "requires", "all_of", 3, "hours"), "`hours`", REQ + "hours"),
    ("more", ("diplomas", 0, "requires", "all_of", 4, "count"), "`count`", REQ + "count"),
    ("more", ("diplomas", 0, "requires", "all_of", 5, "sum"), "`sum`", REQ + "sum"),
    ("more", ("diplomas", 0, "requires", "all_of", 6, "avg"), "`avg`", REQ + "avg"),
    ("more", ("diplomas", 0, "requires", "all_of", 3, "hours", "of"), "a selector (`of`)", DEF + "selector"),
    ("more", ("tests", 0), "a test", DEF + "test"),
    ("more", ("tests", 0, "expect"), "`expect`", DEF + "test/properties/expect"),
    ("more", ("tests", 1, "portfolio"), "a test portfolio", DEF + "portfolio"),
    ("more", ("tests", 0, "portfolio", 0), "an achievement", DEF + "achievement"),
    ("portfolio", (), "a portfolio", DEF + "portfolio"),
    ("portfolio", ("achievements", 0), "an achievement", DEF + "achievement"),
]
# Mappings the schema describes before this loader reads them (another branch is adding
# them): (file, path, key, value). The value, with an unknown key added, is set at path/key;
# while the loader rejects its shape the mapping is not compared, and once the loader reads
# it (an E004 for the unknown key) its keys are compared like those of MAPPINGS.
PENDING_MAPPINGS = [
    (
        "more",
        ("tests", 0, "expect", "diplomas"),
        "d",
        {"status": "partial", "progress": 0.5, "missing": []},
        DEF + "test/properties/expect/properties/diplomas/additionalProperties/anyOf/1",
    ),
]
# Keys the schema has before this loader reads them, for the same reason: agreed whether the
# loader lists them yet or not.
PENDING_KEYS = {"a test": {"overlay"}}
# Keys the loader lists as allowed only to give a better message than E004 (E024, or
# "includes do not nest"): the schema leaves them out.
LOADER_ONLY = {
    "an included file": {"include", "language"},
    "an overlay": {"ruleset", "version", "language"},
}
SCHEMA_OF_FILE = {"root": "ruleset", "more": "include", "overlay": "overlay", "portfolio": "portfolio"}
FILE_NAME = {"root": "ruleset.yaml", "more": "more.yaml", "overlay": "overlay.yaml", "portfolio": "p.yaml"}


def _base() -> dict:
    return copy.deepcopy(
        {"root": BASE_ROOT, "more": BASE_MORE, "overlay": BASE_OVERLAY, "portfolio": BASE_PORTFOLIO}
    )


def _at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _schema_files() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.schema.json")}


def _resolve(schemas: dict[str, dict], where: str) -> dict:
    file, _, pointer = where.partition("#")
    node = schemas[file]
    for part in filter(None, pointer.split("/")):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _closed_objects(node, where: str):
    """FILE#POINTER of every object of a schema that allows only the keys it lists: each
    one is a mapping of the loader that the drift test must compare."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False and "properties" in node:
            yield where
        for k, v in node.items():
            yield from _closed_objects(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _closed_objects(v, f"{where}/{i}")


# A call of yaml_reader::mapping with its list of allowed keys, as the loader's sources write it.
MAPPING_CALL = re.compile(r"\bmapping\(\s*[^;{]*?\{((?:\s*\"[A-Za-z_]+\"\s*,?)+)\}", re.S)


def loader_source_key_lists() -> list[tuple[str, frozenset[str]]]:
    """Each mapping the loader reads, as (FILE:LINE, its allowed keys), from its sources."""
    out = []
    for src in sorted((REPO / "engine" / "src" / "yaml").glob("*.cpp")):
        text = src.read_text(encoding="utf-8")
        for m in MAPPING_CALL.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((f"{src.name}:{line}", frozenset(re.findall(r'"([A-Za-z_]+)"', m.group(1)))))
    return out


def loader_keys(d: Path) -> tuple[list[tuple[str, str, set[str]]], list[str]]:
    """What civeff allows in each mapping of MAPPINGS and PENDING_MAPPINGS, as its E004 message
    for an unknown key lists it: [(schema object, the loader's name, keys)], and problems."""
    found, problems = [], []
    probes = [(file, path, None, None, what, where) for file, path, what, where in MAPPINGS]
    probes += [(file, path, key, value, None, where) for file, path, key, value, where in PENDING_MAPPINGS]
    for file, path, key, value, what, where in probes:
        files = _base()
        if key is not None:
            _at(files[file], path)[key] = dict(value, zzz_unknown="x")
        else:
            _at(files[file], path)["zzz_unknown"] = "x"
        _write(d, files)
        r = _civeff(d, file)
        m = re.search(r"unknown key `zzz_unknown` in (.*?); allowed: ([A-Za-z_, ]+)", r[2])
        if not m:
            if what is None:  # the loader does not read this mapping yet
                print(f"not compared yet (the loader does not read it): {where}")
            else:
                problems.append(f"{what}: civeff gave no E004 for an unknown key: {r[2][-500:]}")
            continue
        name = m.group(1)
        if what is not None and not name.startswith(what.split(" (")[0]):
            problems.append(f"{what}: civeff named the mapping {name!r}")
        found.append((where, what or name, set(m.group(2).split(", "))))
    return found, problems


def key_problems(loader, schemas: dict[str, dict], sources) -> list[str]:
    """Where the schema and the loader disagree: the keys of a mapping; a mapping of the loader's
    sources that no probe compared; a closed object of the schema that no probe compared."""
    problems = []
    for where, what, keys in loader:
        allowed = keys - LOADER_ONLY.get(what, set())
        schema = set(_resolve(schemas, where)["properties"])
        pending = PENDING_KEYS.get(what, set())
        only_loader, only_schema = sorted(allowed - schema), sorted(schema - allowed - pending)
        if only_loader or only_schema:
            problems.append(f"{what}: only the loader allows {only_loader}, only the schema {only_schema}")
    compared = {frozenset(keys) for _, _, keys in loader}
    for at, keys in sources:
        if keys not in compared:
            problems.append(f"{at}: the loader reads a mapping of {sorted(keys)} that no drift case compares")
    covered = {where for where, _, _ in loader} | {where for *_, where in PENDING_MAPPINGS}
    for name, s in schemas.items():
        for where in _closed_objects(s, name + "#"):
            if where not in covered:
                problems.append(f"{where}: a closed schema object that no drift case compares")
    return problems


def _write(d: Path, files: dict) -> None:
    for name, doc in files.items():
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
        (d / FILE_NAME[name]).write_text(text, encoding="utf-8")


def _civeff(d: Path, file: str):
    """civeff's verdict on the files in d, for the one file that changed."""
    if file == "portfolio":
        return run("eval", d / "ruleset.yaml", d / "p.yaml", "--as-of", "2024-01-01", cwd=d)
    if file == "overlay":
        return run("check", d / "ruleset.yaml", "--overlay", d / "overlay.yaml", cwd=d)
    return run("check", d / "ruleset.yaml", cwd=d)


def _schema(d: Path, file: str) -> list[str]:
    return schema_errors(SCHEMA_OF_FILE[file], (d / FILE_NAME[file]).read_text(encoding="utf-8"))


def test_valid_base_files_pass_both(d):
    files = _base()
    _write(d, files)
    for file in files:
        r = _civeff(d, file)
        expect(r[0] == 0, f"civeff accepts the base {file} file", r[1][-2000:], r[2][-2000:])
        errors = _schema(d, file)
        expect(not errors, f"the schema accepts the base {file} file", *errors)


def test_allowed_keys_agree(d):
    """The keys the loader allows in each kind of mapping (its E004 list) are the schema's, every
    mapping the loader's sources read is compared, and so is every closed object of the schema."""
    loader, problems = loader_keys(d)
    problems += key_problems(loader, _schema_files(), loader_source_key_lists())
    for file, path, what, _ in MAPPINGS:
        files = _base()
        _at(files[file], path)["zzz_unknown"] = "x"
        _write(d, files)
        if not _schema(d, file):
            problems.append(f"{what}: the schema accepts an unknown key")
    expect(not problems, "the schema and the loader disagree on keys:", *problems)


def test_drift_is_caught(d):
    """key_problems notices each kind of drift: a key only the loader knows, one only the
    schema knows, a mapping of the loader no drift case reads, a schema object none compares."""
    loader, problems = loader_keys(d)
    expect(not problems, "civeff's E004 lists:", *problems)
    sources = loader_source_key_lists()
    unseen = {frozenset(k) for _, _, k in loader} - {k for _, k in sources}
    expect(not unseen, "mapping calls of the loader's sources the scan missed:", *map(sorted, unseen))

    def schema_with(change):
        schemas = copy.deepcopy(_schema_files())
        change(schemas)
        return schemas

    unit = DEF + "unit"
    cases = [
        (
            "a key the loader knows and the schema not",
            loader,
            schema_with(lambda s: _resolve(s, unit)["properties"].pop("credit_when")),
            sources,
            "a unit: only the loader allows ['credit_when']",
        ),
        (
            "a key the schema knows and the loader not",
            loader,
            schema_with(lambda s: _resolve(s, DEF + "selector")["properties"].update(zzz={})),
            sources,
            "a selector (`of`): only the loader allows [], only the schema ['zzz']",
        ),
        (
            "a key the loader gains",
            [(w, n, k | {"zzz"}) if n == "a mark" else (w, n, k) for w, n, k in loader],
            _schema_files(),
            sources,
            "a mark: only the loader allows ['zzz']",
        ),
        (
            "a mapping the loader gains",
            loader,
            _schema_files(),
            [*sources, ("new.cpp:1", frozenset({"zzz", "yyy"}))],
            "new.cpp:1: the loader reads a mapping of ['yyy', 'zzz'] that no drift case compares",
        ),
        (
            "an object the schema gains",
            loader,
            schema_with(
                lambda s: _resolve(s, unit)["properties"].update(
                    zzz={"type": "object", "additionalProperties": False, "properties": {"a": {}}}
                )
            ),
            sources,
            unit + "/properties/zzz: a closed schema object that no drift case compares",
        ),
    ]
    for name, loader_side, schemas, source_side, wanted in cases:
        got = key_problems(loader_side, schemas, source_side)
        expect(any(wanted in g for g in got), f"{name}: not reported as {wanted!r}", *got)


def _delete(key):
    def change(m):
        del m[key]

    return change


def _set(key, value):
    def change(m):
        m[key] = value

    return change


# (file, path, change, the code civeff reports). Each makes one valid base file invalid.
INVALID = [
    # missing keys (E006; E003 for `civeff`)
    ("root", (), _delete("civeff"), "E003"),
    ("root", (), _delete("ruleset"), "E006"),
    ("root", (), _delete("version"), "E006"),
    ("overlay", (), _delete("overlay"), "E006"),
    ("overlay", (), _delete("civeff"), "E003"),
    ("root", ("scales", "civil_effect"), _delete("levels"), "E006"),
    ("root", ("marks", 0), _delete("id"), "E006"),
    ("root", ("marks", 0), _delete("levels"), "E006"),
    ("root", ("marks", 0, "levels", "civil_effect", 0), _delete("level"), "E006"),
    ("root", ("units", 0), _delete("id"), "E006"),
    ("root", ("units", 0), _delete("kind"), "E006"),
    ("root", ("units", 0, "effective"), lambda m: m.clear(), "E006"),
    ("root", ("equivalences", 0), _delete("id"), "E006"),
    ("root", ("equivalences", 0), _delete("equivalent"), "E006"),
    ("root", ("equivalences", 1), _delete("from"), "E006"),
    ("root", ("equivalences", 1), _delete("counts_as"), "E006"),
    ("root", ("attributes", "exam"), _delete("type"), "E006"),
    ("more", ("diplomas", 0), _delete("id"), "E006"),
    ("more", ("diplomas", 0), _delete("requires"), "E006"),
    ("more", ("diplomas", 0, "requires", "all_of", 2, "n_of"), _delete("of"), "E006"),
    ("more", ("diplomas", 0, "requires", "all_of", 3, "hours"), _delete("of"), "E006"),
    ("more", ("diplomas", 0, "requires", "all_of", 5, "sum"), _delete("of"), "E006"),
    ("more", ("tests", 0), _delete("name"), "E006"),
    ("more", ("tests", 0), _delete("as_of"), "E006"),
    ("more", ("tests", 0, "portfolio", 0), _delete("date"), "E006"),
    ("portfolio", ("achievements", 1), _delete("date"), "E041"),
    ("more", ("diplomas", 0, "requires", "all_of", 2, "n_of"), _delete("n"), "E006"),
    ("more", ("diplomas", 0, "requires", "all_of", 3, "hours"), _delete("min"), "E006"),
    ("more", ("diplomas", 0, "requires", "all_of", 6, "avg"), _delete("attr"), "E006"),
    ("root", ("badges", 0), _delete("match"), "E006"),
    ("root", ("badges", 0, "match"), _delete("alignment"), "E006"),
    ("root", ("badges", 0, "match", "alignment"), _delete("targetCode"), "E006"),
    # wrong shapes (E007)
    ("root", (), _set("marks", "nrto"), "E007"),
    ("root", (), _set("units", {"id": "A", "kind": "course"}), "E007"),
    ("root", (), _set("scales", ["civil_effect"]), "E007"),
    ("root", ("scales", "civil_effect"), _set("levels", "none"), "E007"),
    ("root", ("marks", 0, "levels"), _set("civil_effect", None), "E007"),
    ("root", ("marks", 0, "levels"), _set("civil_effect", {"level": "sector"}), "E007"),
    ("root", ("units", 0), _set("tags", "zorg"), "E007"),
    ("root", ("units", 0), _set("kind", ["course"]), "E007"),
    ("root", ("units", 0), _set("credit_when", " "), "E007"),
    ("root", ("equivalences", 0), _set("from", ["A"]), "E007"),
    ("more", ("diplomas", 0, "requires"), _set("unit", "A"), "E007"),
    ("more", ("diplomas", 0, "requires", "all_of", 0), _delete("unit"), "E007"),
    ("more", ("diplomas", 0, "requires"), _set("all_of", {"unit": "A"}), "E007"),
    ("more", ("diplomas", 0, "requires", "all_of", 0), _set("unit", ""), "E007"),
    ("more", ("tests", 0, "expect"), _set("levels", [["sector"]]), "E007"),
    ("more", ("tests", 0), _set("portfolio", "A"), "E007"),
    ("overlay", (), _set("remove", ["eq-c"]), "E007"),
    ("more", ("tests", 0, "expect", "diplomas"), _set("d", "done"), "E007"),
    ("root", ("attributes", "exam"), _set("type", "boolean"), "E007"),
    ("root", ("attributes", "exam"), _set("values", ["ja"]), "E007"),
    ("root", ("attributes", "exam"), _set("min", 0), "E007"),
    ("root", ("person_attributes", "role"), _set("max", 3), "E007"),
    # the type-dependent keys of an attribute
    ("root", ("attributes", "points"), _set("values", ["1", "2"]), "E007"),
    ("root", ("attributes", "exam"), _set("max", 1), "E007"),
    ("root", ("person_attributes",), _set("cohort", {"type": "date", "min": 2020}), "E007"),
    ("root", ("person_attributes",), _set("cohort", {"type": "date", "values": ["2020-01-01"]}), "E007"),
    ("root", ("person_attributes", "role"), _set("values", []), "E007"),
    ("root", ("person_attributes", "role"), _set("values", ["helpende", "helpende"]), "E009"),
    ("root", ("attributes", "points"), _set("min", "low"), "E012"),
    ("root", ("attributes",), _set("Date", {"type": "date"}), "E007"),
    ("root", ("attributes",), _set("hours", {"type": "number"}), "E007"),
    ("root", (), _set("badges", {"match": {"achievement_id": "x"}}), "E007"),
    ("root", ("badges", 0, "match"), _set("achievement_id", "x"), "E007"),
    ("root", ("badges", 0), _set("marks", "mbo"), "E007"),
    ("root", ("badges", 0), _set("hours", "credentialSubject..SBU"), "E007"),
    ("root", ("badges", 0), _set("unit", ""), "E007"),
    ("portfolio", (), _set("achievements", {"unit": "A"}), "E041"),
    ("portfolio", ("achievements", 0, "attrs"), _set("points", [1, 2]), "E041"),
    ("portfolio", ("achievements", 0), _set("exempt", "misschien"), "E041"),
    # bad scalars
    ("root", (), _set("civeff", 2), "E003"),
    ("root", (), _set("language", "de"), "E013"),
    ("root", ("units", 0, "effective"), _set("from", "2016-02-30"), "E010"),
    ("root", ("units", 0, "effective"), _set("to", "2019-13-01"), "E010"),
    ("root", ("units", 0), _set("valid_for", "5Y"), "E011"),
    ("root", ("marks", 0), _set("valid_for", "P1D2M"), "E011"),
    ("root", ("units", 0), _set("hours", "many"), "E012"),
    ("root", ("units", 0), _set("hours", -1), "E012"),
    ("more", ("diplomas", 0, "requires"), _set("all_of", []), "E022"),
    ("more", ("tests", 0), _set("as_of", "1-1-2024"), "E010"),
    ("portfolio", ("achievements", 0), _set("date", "2023-02-29"), "E010"),
    ("portfolio", ("achievements", 0), _set("hours", -1), "E041"),
    ("portfolio", (), _delete("person"), "E041"),
]

# Valid variants: both accept them.
VALID = [
    ("root", (), _set("include", "more.yaml")),
    ("root", (), _set("language", "nl")),
    ("root", (), _set("equivalences", None)),
    ("root", (), _set("version", 2026.1)),
    ("root", ("units", 3), _set("id", 25498)),
    ("root", ("units", 0, "effective"), _delete("from")),
    ("root", ("marks", 0), _set("valid_for", "P1Y6M")),
    ("more", ("tests", 0), _set("as_of", "2024-02-29")),
    ("more", ("tests", 1), _set("portfolio", None)),
    ("more", ("tests", 1, "portfolio"), _set("person", "p")),
    ("portfolio", ("achievements", 0), _set("exempt", 1)),
    ("portfolio", ("achievements", 0), _set("exempt", "JA")),
    ("portfolio", ("achievements", 0), _set("hours", 0)),
    ("root", ("attributes", "points"), _delete("max")),
    ("root", ("attributes", "points"), _set("min", -2.5)),
    ("root", ("attributes",), _set("cohort", {"type": "date", "title": "Cohort"})),
    ("root", ("attributes",), _set("grade", {"type": "number"})),
    ("root", ("person_attributes", "role"), _set("values", ["helpende", 3, "verzorgende"])),
    ("root", ("person_attributes",), _set("date", {"type": "date"})),
    ("root", (), _set("badges", None)),
    ("root", ("badges", 0, "match", "alignment"), _delete("targetType")),
    ("root", ("badges", 0), _delete("hours")),
    ("root", ("badges", 1, "match"), _set("education_program_identifier", "25655")),
]


# What the schema says of what the loader does not read yet (PENDING_MAPPINGS, PENDING_KEYS):
# (path in the included file, change, valid?). Once the loader accepts the valid ones it must
# reject the invalid ones too.
PENDING_CASES = [
    (("tests", 0), _set("overlay", "overlay.yaml"), True),
    (("tests", 0), _set("overlay", ""), False),
    (("tests", 0), _set("overlay", ["overlay.yaml"]), False),
    (
        ("tests", 0, "expect", "diplomas"),
        _set("d", {"status": "partial", "progress": 0.25, "missing": ["x"]}),
        True,
    ),
    (("tests", 0, "expect", "diplomas"), _set("d", {"progress": 1}), True),
    (("tests", 0, "expect", "diplomas"), _set("d", {"missing": []}), True),
    (("tests", 0, "expect", "diplomas"), _set("d", {}), False),
    (("tests", 0, "expect", "diplomas"), _set("d", {"progress": 1.5}), False),
    (("tests", 0, "expect", "diplomas"), _set("d", {"progress": "most"}), False),
    (("tests", 0, "expect", "diplomas"), _set("d", {"missing": "x"}), False),
    (("tests", 0, "expect", "diplomas"), _set("d", {"status": "done"}), False),
]


def test_pending_features(d):
    """A test's `overlay` and a diploma's {status, progress, missing}: the schema has them
    already; the loader is checked against it once it reads them."""
    problems, loader_reads = [], set()  # the paths whose valid case the loader accepts
    for path, change, valid in PENDING_CASES:
        files = _base()
        change(_at(files["more"], path))
        _write(d, files)
        errors = _schema(d, "more")
        what = f"more at /{'/'.join(map(str, path))} ({'valid' if valid else 'invalid'})"
        if valid:
            problems += [f"{what}: schema: {e}" for e in errors]
            if _civeff(d, "more")[0] == 0:
                loader_reads.add(path)
        else:
            for how in ("as text", "typed"):
                if not any(e.startswith(how) for e in errors):
                    problems.append(f"{what}: the schema accepts it, read {how}")
            if path in loader_reads and _civeff(d, "more")[0] == 0:
                problems.append(f"{what}: civeff accepts it")
    expect(not problems, "pending features:", *problems)


def _describe(file, path, change) -> str:
    return f"{file}:/{'/'.join(map(str, path))} {change.__qualname__.split('.')[0]}"


def test_invalid_files_fail_both(d):
    problems = []
    for file, path, change, code in INVALID:
        files = _base()
        change(_at(files[file], path))
        _write(d, files)
        r = _civeff(d, file)
        what = f"{file} at /{'/'.join(map(str, path))} ({code})"
        if r[0] == 0 or f"error[{code}]" not in r[2]:
            problems.append(f"{what}: civeff exit {r[0]}, expected {code}: {r[2][-400:]}")
        errors = _schema(d, file)
        for how in ("as text", "typed"):
            if not any(e.startswith(how) for e in errors):
                problems.append(f"{what}: the schema accepts it, read {how}")
    expect(not problems, f"{len(problems)} invalid files not rejected by both:", *problems)


# Open Badges 3.0 portfolios (a list of credentials, docs/language.md §9): (the list, valid?).
CREDENTIAL = {
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "validFrom": "2025-01-24T00:00:00Z",
    "credentialSubject": {"id": "did:example:p", "achievement": {"id": "https://example.org/a", "name": "A"}},
}
CREDENTIAL_LISTS = [
    ([CREDENTIAL], True),
    ([dict(CREDENTIAL, type="AchievementCredential")], True),
    (["eyJhbGciOiJub25lIn0.eyJ2YyI6e319."], False),  # a JWT whose `vc` is no credential: only civeff sees it
    ([1], False),
    ([dict(CREDENTIAL, type=["VerifiableCredential"])], False),
    ([{k: v for k, v in CREDENTIAL.items() if k != "validFrom"}], False),
    ([{k: v for k, v in CREDENTIAL.items() if k != "credentialSubject"}], False),
    (["not a jwt"], False),
]


def test_credential_portfolios(d):
    """A list of credentials is a portfolio to both the schema and civeff; what either
    rejects the other rejects, but for what only decoding a JWT shows."""
    problems = []
    files = _base()
    _write(d, files)
    for doc, valid in CREDENTIAL_LISTS:
        text = json.dumps(doc)
        (d / "p.yaml").write_text(text, encoding="utf-8")
        r = run("eval", d / "ruleset.yaml", d / "p.yaml", "--as-of", "2025-06-01", cwd=d)
        errors = schema_errors("portfolio", text)
        jwt_only = isinstance(doc[0], str) and doc[0].count(".") == 2
        if valid and (r[0] != 0 or errors):
            problems.append(f"{text}: civeff exit {r[0]} {r[2][-300:]} / schema {errors[:1]}")
        if not valid and (r[0] != 2 or "error[E041]" not in r[2]):
            problems.append(f"{text}: civeff exit {r[0]}, expected E041: {r[2][-300:]}")
        if not valid and not jwt_only and not errors:
            problems.append(f"{text}: the schema accepts it")
    expect(not problems, "credential portfolios:", *problems)


def test_valid_variants_pass_both(d):
    problems = []
    for file, path, change in VALID:
        files = _base()
        change(_at(files[file], path))
        _write(d, files)
        r = _civeff(d, file)
        what = f"{file} at /{'/'.join(map(str, path))}"
        if r[0] != 0:
            problems.append(f"{what}: civeff exit {r[0]}: {r[2][-400:]}")
        problems += [f"{what}: schema: {e}" for e in _schema(d, file)]
    expect(not problems, "valid variants rejected:", *problems)


if __name__ == "__main__":
    exit_with(__doc__, globals())
