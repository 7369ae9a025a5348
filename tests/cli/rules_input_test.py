#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Rule files that cannot hurt (reliability findings F5, F6, F11, F15, F16, F19),
from the command line: includes stay inside the ruleset folder, one node budget
and one nesting limit per file, FIFOs and unreadable files named as such, aliases
named, UTF-8 only.

    rules_input_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    rules_input_test.py --civeff build/bin/civeff --list   # the test names

`--allow-outside-includes` is tested on the engine (tests/unit/rules_input_test.cpp)
and in Python (bindings/python/tests/test_includes.py): the command-line flag is
added with the other command-line work of the same issue.
"""

import os
import pwd
import re
import subprocess

import harness
from harness import exit_with, expect, expect_exit, run, write

HEADER = 'civeff: 1\nruleset: x\nversion: "1"\n'
UNITS = "units:\n  - id: U1\n    kind: course\n"

# A file of many lines outside the ruleset folder, standing for /etc/shadow.
SECRET = "".join(f"user{i}:$6$secret{i}:20228:0:99999:7:::\n" for i in range(40))


# The generator of F6: one test with N aliased achievements, then M aliases of that test.
def alias_bomb(n, m):
    out = HEADER + UNITS + "tests:\n  - &t\n    name: t\n    as_of: 2024-01-01\n    portfolio:\n"
    out += "      - &a {unit: U1, date: 2023-01-01, attrs: {exam: true}}\n" + "      - *a\n" * (n - 1)
    return out + "  - *t\n" * (m - 1)


def outside_folder(d, pattern):
    """d/rules/ruleset.yaml including `pattern`; d/secret.yaml outside the folder."""
    write(d, "secret.yaml", SECRET)
    write(d, "rules/ruleset.yaml", HEADER + f'include: ["{pattern}"]\n')
    return d / "rules"


def expect_e008_only(r, pattern_column, what):
    expect_exit(r, 1)
    lines = r[2].splitlines()
    expect(
        re.fullmatch(
            rf"rules/ruleset\.yaml:4:{pattern_column}: error\[E008\]: .*{what}.*"
            r"--allow-outside-includes.*",
            lines[0],
        )
        is not None,
        "E008 at the pattern",
        r[2],
    )
    expect(lines[1:] == ["rules: 1 error"], "nothing else", r[2])
    expect("secret" not in r[2].replace("secret.yaml", ""), "nothing of the file's contents", r[2])


def as_nobody():
    """preexec_fn dropping root to user nobody, for whom mode bits count; None when not root."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")

    def drop():
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    return drop


# ---------------------------------------------------------------- F5


def test_F05_include_by_absolute_path(d):
    outside_folder(d, str(d / "secret.yaml"))
    expect_e008_only(run("check", "rules", cwd=d), 12, "is an absolute path")


def test_F05_include_by_parent_folder(d):
    outside_folder(d, "../secret.yaml")
    expect_e008_only(run("check", "rules", cwd=d), 12, "leaves the ruleset folder through '\\.\\.'")


def test_F05_include_by_symlink_inside_the_folder(d):
    rules = outside_folder(d, "*.yaml")
    os.symlink(d / "secret.yaml", rules / "link.yaml")
    expect_e008_only(run("check", "rules", cwd=d), 12, "link.yaml' resolves to '.*secret.yaml', outside")
    # Every command that loads rules says the same.
    for command in (["test", "rules"], ["graph", "rules"]):
        r = run(*command, cwd=d)
        expect_exit(r, 1)
        expect("error[E008]" in r[2], f"E008 from {command}", r[2])


def test_F05_a_glob_through_a_symlinked_folder_lists_nothing_outside(d):
    # `ln -s /etc rules/link` with `include: [link/*.conf]` must not even name the
    # files of the folder it points to: one E008 for the pattern, no file named.
    outside = d / "elsewhere"
    outside.mkdir()
    for name in ("a.conf", "b.conf"):
        write(outside, name, "scales: {}\n")
    rules = outside_folder(d, "link/*.conf")
    os.symlink(outside, rules / "link")
    r = run("check", "rules", cwd=d)
    expect_e008_only(r, 12, "lists 'rules/link', which resolves to '.*elsewhere', outside")
    expect("a.conf" not in r[2] and "b.conf" not in r[2], "no file outside is named", r[2])
    r = run("check", "rules", "--allow-outside-includes", cwd=d)
    expect_exit(r, 0)


def test_F05_a_file_that_is_no_rules_file_is_not_printed(d):
    write(d, "secret.yaml", SECRET)
    write(d, "ruleset.yaml", HEADER + "include: [secret.yaml]\n")
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2].count("error[") == 1 and "and 39 more not listed" in r[2], "one E004 for the whole file", r[2]
    )
    expect("user1:" not in r[2], "only the first line is quoted", r[2])


# ---------------------------------------------------------------- F6


def test_F06_alias_bomb_in_tests_for_check_and_test(d):  # ctest-timeout: 60
    write(d, "bomb/ruleset.yaml", alias_bomb(3000, 3000))
    for command in ("check", "test"):
        r = run(command, "bomb", cwd=d, timeout=50)
        expect_exit(r, 1)
        expect(
            re.match(
                r"bomb/ruleset\.yaml:\d+:5: error\[E002\]: the document expands to more than "
                r"1,000,000 nodes \(aliases\)\n",
                r[2],
            )
            is not None,
            f"E002 from {command}",
            r[2],
        )


# ---------------------------------------------------------------- F11


def test_F11_latin1_title_in_a_rule_file(d):
    (d / "ruleset.yaml").write_bytes((HEADER + UNITS).encode() + b'    title: "Caf\xe9 cr\xe8me"\n')
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2].startswith(
            "ruleset.yaml:7:16: error[E002]: the file is not UTF-8 (byte 0xE9 here): it looks "
            "like Windows-1252 or Latin-1; save it as UTF-8\n"
        ),
        "E002 at the byte",
        r[2],
    )
    raw = subprocess.run([harness.CIVEFF, "check", "ruleset.yaml"], cwd=d, capture_output=True, check=False)
    raw.stderr.decode("utf-8")  # raises if a raw Latin-1 byte got through


# ---------------------------------------------------------------- F15


def test_F15_fifo_as_ruleset_does_not_block(d):  # ctest-timeout: 30
    (d / "R").mkdir()
    os.mkfifo(d / "R" / "ruleset.yaml")
    r = run("check", "R", cwd=d, timeout=20)
    expect_exit(r, 1)
    expect(
        r[2].startswith("R/ruleset.yaml: error[E001]: cannot read 'R/ruleset.yaml': not a regular file\n"),
        "E001 not a regular file",
        r[2],
    )


def test_F15_fifo_as_include(d):  # ctest-timeout: 30
    write(d, "ruleset.yaml", HEADER + "include: [fifo.yaml, '*.yml']\n")
    os.mkfifo(d / "fifo.yaml")
    os.mkfifo(d / "globbed.yml")
    r = run("check", "ruleset.yaml", cwd=d, timeout=20)
    expect_exit(r, 1)
    expect(
        r[2] == "fifo.yaml: error[E001]: cannot read 'fifo.yaml': not a regular file\n"
        "globbed.yml: error[E001]: cannot read 'globbed.yml': not a regular file\n"
        "ruleset.yaml: 2 errors\n",
        "E001 for each, not 'matches no file'",
        r[2],
    )


def check_as_nobody(d, ruleset):
    """`civeff check RULESET` as a user for whom mode bits count (nobody, when run as root)."""
    return subprocess.run(
        [harness.CIVEFF, "check", str(ruleset)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=as_nobody(),
        timeout=20,
    )


def test_F15_unreadable_folder_is_permission_denied(d):
    # Whoever runs this must be able to reach d; the folder itself has mode 000.
    os.chmod(d, 0o755)
    write(d, "R/ruleset.yaml", HEADER)
    os.chmod(d / "R", 0)
    try:
        r = check_as_nobody(d, d / "R")
    finally:
        os.chmod(d / "R", 0o755)
    expect(r.returncode == 1, f"exit code {r.returncode}", r.stderr)
    expect(
        f"error[E001]: cannot read '{d}/R/ruleset.yaml': permission denied\n" in r.stderr,
        "permission denied, not 'no such file'",
        r.stderr,
    )


def test_F15_unreadable_include_folder_is_permission_denied(d):
    os.chmod(d, 0o755)
    write(d, "R/ruleset.yaml", HEADER + 'include: ["units/*.yaml"]\n')
    write(d, "R/units/u.yaml", UNITS)
    os.chmod(d / "R" / "units", 0)
    try:
        r = check_as_nobody(d, d / "R")
    finally:
        os.chmod(d / "R" / "units", 0o755)
    expect(r.returncode == 1, f"exit code {r.returncode}", r.stderr)
    expect(
        r.stderr.startswith(
            f"{d}/R/ruleset.yaml:4:12: error[E001]: include 'units/*.yaml': cannot list '{d}/R/units': "
            "permission denied\n"
        ),
        "permission denied, not 'matches no file'",
        r.stderr,
    )


# ---------------------------------------------------------------- F16


def test_F16_yaml_nested_600_all_of(d):
    text, indent = HEADER + UNITS + "diplomas:\n  - id: d\n    requires:\n", "      "
    for i in range(600):
        text += indent + "all_of:\n" + indent + "  - " + ("\n" if i < 599 else "unit: U1\n")
        indent += "    "
    write(d, "deep.yaml", text)
    r = run("check", "deep.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2] == "deep.yaml:207:401: error[E002]: the document is nested more than 200 levels (lists and "
        "mappings)\ndeep.yaml: 1 error\n",
        "E002 naming the limit, at the 201st level",
        r[2],
    )


# ---------------------------------------------------------------- F19


def test_F19_the_alias_is_named(d):
    write(
        d,
        "ruleset.yaml",
        HEADER + "units:\n  - &kd {id: U1, kind: k,\n         hours: -1}\n  - {id: U2, kind: k}\n  - *kd\n",
    )
    r = run("check", "ruleset.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2] == "ruleset.yaml:5:14: error[E009]: unit 'U1' is defined twice\n"
        "ruleset.yaml:5:14: note: 'U1' is first defined here\n"
        "ruleset.yaml:8:5: note: read again through the alias `*kd`\n"
        "ruleset.yaml:6:17: error[E012]: `hours` must be a number >= 0\n"
        "ruleset.yaml:8:5: note: read again through the alias `*kd`\n"
        "ruleset.yaml: 2 errors\n",
        "each error once, naming line 8",
        r[2],
    )


def test_F19_reqbomb_gives_no_E022(d):
    # 99,998 leaves, then an all_of at the old 100,000-requirement budget's edge.
    text = HEADER + UNITS + "diplomas:\n  - id: d\n    requires:\n      all_of:\n        - &u {unit: U1}\n"
    text += "        - *u\n" * 99997 + "        - all_of: [{unit: U1}]\n"
    write(d, "fits.yaml", text)
    r = run("check", "fits.yaml", cwd=d)
    expect_exit(r, 0)  # 300,000 nodes: within the budget
    write(d, "over.yaml", text + "        - *u\n" * 300000)
    r = run("check", "over.yaml", cwd=d)
    expect_exit(r, 1)
    expect(
        r[2] == "over.yaml:333335:11: error[E002]: the document expands to more than 1,000,000 nodes "
        "(aliases)\nover.yaml: 1 error\n",
        "E002 alone",
        r[2],
    )


exit_with(__doc__, globals())
