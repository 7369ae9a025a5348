#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Outputs that never destroy anything (reliability findings F1, F2, F9, F10, F20).

    output_test.py --civeff build/bin/civeff NAME     # one test, as CTest runs them
    output_test.py --civeff build/bin/civeff --list   # the test names

- F01: an --out that is an input of the same command is E047, exit 2, the input intact.
- F02: an existing device, FIFO or /proc/self/fd/1 link is written in place; a
  symlink is followed; an existing file keeps its mode.
- F09: a failed write on standard output is E048, exit 2, for every command.
- F10: a failed or interrupted write leaves the old file and no temporary file.
Also --csv-dialect, `--out -`, and E046 for the new flags' bad values.

Devices are made with mknod in the test's own folder (null is 1:3, full 1:7),
never the real /dev nodes; that needs root, which CI has. Without it, the
device checks of a test are skipped with a note and the rest still runs.
"""

import hashlib
import os
import resource
import signal
import stat
import subprocess
import threading
import time

import harness
from harness import SMALL_OVERLAY, SMALL_RULES, exit_with, expect, expect_exit, run, write

RULES = SMALL_RULES

OVERLAY = SMALL_OVERLAY

PORTFOLIO = """\
person: p-001
achievements:
  - unit: A
    date: 2023-05-01
    marks: [nrto]
"""

POPULATION = """\
person,unit,date,marks
p2,X,2023-01-01,
p1,A,2023-05-01,nrto
"""

BATCH_CSV = "person,diploma,status,progress,missing\np1,d,partial,0.75,count:2\np2,d,none,0,unit:A;count:2\n"
DIFF_HEADER = (
    "kind,person,subject,scale,unit,date,before,after,date_before,date_after,"
    "progress_before,progress_after,missing_before,missing_after,cause"
)
# SPEC §12: p1 becomes complete; p2 stays none at 0, but its missing leaf is another.
DIFF_CSV = (
    DIFF_HEADER + "\n"
    "diploma,p1,d,,,,partial,complete,,,0.75,1,count:2,,diploma:d\n"
    "diploma,p2,d,,,,none,none,,,0,0,unit:A;count:2,unit:A;count:1,diploma:d\n"
)

BOM = b"\xef\xbb\xbf"


def setup(d):
    write(d, "ruleset.yaml", RULES)
    write(d, "overlay.yaml", OVERLAY)
    write(d, "pop.csv", POPULATION)
    write(d, "p.yaml", PORTFOLIO)


def temp_files(d):
    return sorted(p.name for p in d.iterdir() if p.name.endswith(".tmp"))


def expect_no_temp(d):
    expect(temp_files(d) == [], "no temporary file left behind", temp_files(d))


def expect_e047(result, input_name):
    expect_exit(result, 2)
    message = f"civeff: error[E047]: --out would overwrite the input {input_name}\n"
    expect(result[2] == message, f"E047 naming {input_name}", result[2])


def mknod_char(d, name, major, minor):
    """A character device in the test's folder, or None when mknod is not allowed (not root)."""
    path = d / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        print(f"note: mknod not permitted; the device checks with '{name}' are skipped (CI runs as root)")
        return None
    return path


def is_char_device(path):
    return stat.S_ISCHR(os.lstat(path).st_mode)


def run_to(args, cwd, stdout, preexec_fn=None):
    """(exit code, stderr) of civeff with stdout going to the open file `stdout`."""
    r = subprocess.run(
        [harness.CIVEFF, *map(str, args)],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec_fn,
        check=False,
    )
    return r.returncode, r.stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------- F01: --out is an input


def test_F01_batch_out_is_population(d):
    setup(d)
    before = (d / "pop.csv").read_bytes()
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "pop.csv", cwd=d)
    expect_e047(r, "pop.csv")
    expect(r[1] == "", "nothing on stdout", r[1])
    expect((d / "pop.csv").read_bytes() == before, "the population is byte-identical")
    expect_no_temp(d)


def test_F01_out_is_input_through_symlink(d):
    setup(d)
    before = (d / "pop.csv").read_bytes()
    os.symlink("pop.csv", d / "link.csv")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "link.csv", cwd=d)
    expect_e047(r, "pop.csv")
    # The other way round: the input through a link, --out the file itself.
    r = run("batch", "ruleset.yaml", "link.csv", "--as-of", "2024-01-01", "--out", "pop.csv", cwd=d)
    expect_e047(r, "link.csv")
    expect((d / "pop.csv").read_bytes() == before, "the population is byte-identical")
    expect(os.path.islink(d / "link.csv"), "the link is still a link")
    # A hard link is the same file too.
    os.link(d / "pop.csv", d / "hard.csv")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "hard.csv", cwd=d)
    expect_e047(r, "pop.csv")
    expect((d / "pop.csv").read_bytes() == before, "the population is byte-identical")


def test_F01_batch_out_is_rules_or_overlay(d):
    setup(d)
    rules, overlay = (d / "ruleset.yaml").read_bytes(), (d / "overlay.yaml").read_bytes()
    r = run("batch", "ruleset.yaml", "pop.csv", "--out", "ruleset.yaml", cwd=d)
    expect_e047(r, "ruleset.yaml")
    r = run("batch", "ruleset.yaml", "pop.csv", "--overlay", "overlay.yaml", "--out", "overlay.yaml", cwd=d)
    expect_e047(r, "overlay.yaml")
    # A ruleset folder: its ruleset.yaml.
    write(d, "R/ruleset.yaml", RULES)
    r = run("batch", "R", "pop.csv", "--out", "R/ruleset.yaml", cwd=d)
    expect_e047(r, "R/ruleset.yaml")
    expect((d / "ruleset.yaml").read_bytes() == rules, "the rules are byte-identical")
    expect((d / "overlay.yaml").read_bytes() == overlay, "the overlay is byte-identical")
    expect((d / "R/ruleset.yaml").read_text() == RULES, "R/ruleset.yaml is byte-identical")
    expect_no_temp(d)


def test_F01_diff_out_is_input(d):
    setup(d)
    write(d, "other.yaml", RULES.replace("min: 2, of", "min: 1, of"))
    originals = {n: (d / n).read_bytes() for n in ("pop.csv", "overlay.yaml", "other.yaml", "ruleset.yaml")}
    base = ["diff", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01"]
    r = run(*base, "--overlay", "overlay.yaml", "--out", "pop.csv", cwd=d)
    expect_e047(r, "pop.csv")
    r = run(*base, "--overlay", "overlay.yaml", "--out", "overlay.yaml", cwd=d)
    expect_e047(r, "overlay.yaml")
    r = run(*base, "--against", "other.yaml", "--out", "other.yaml", cwd=d)
    expect_e047(r, "other.yaml")
    r = run(*base, "--against", "other.yaml", "--out", "ruleset.yaml", cwd=d)
    expect_e047(r, "ruleset.yaml")
    for name, content in originals.items():
        expect((d / name).read_bytes() == content, f"{name} is byte-identical")
    expect_no_temp(d)


def test_F01_catalog_out_is_rules(d):
    write(d, "R/ruleset.yaml", RULES)
    write(d, "overlay.yaml", OVERLAY)
    r = run("catalog", "R", "--out", "R/ruleset.yaml", cwd=d)
    expect_e047(r, "R/ruleset.yaml")
    r = run("catalog", "R/ruleset.yaml", "--format", "md", "--out", "R/ruleset.yaml", cwd=d)
    expect_e047(r, "R/ruleset.yaml")
    r = run("catalog", "R", "--overlay", "overlay.yaml", "--out", "overlay.yaml", cwd=d)
    expect_e047(r, "overlay.yaml")
    expect((d / "R/ruleset.yaml").read_text() == RULES, "the ruleset is byte-identical")
    expect((d / "overlay.yaml").read_text() == OVERLAY, "the overlay is byte-identical")
    r = run("check", "R", cwd=d)
    expect_exit(r, 0)
    # An output beside the rules is fine.
    r = run("catalog", "R", "--out", "R/catalog.html", cwd=d)
    expect_exit(r, 0)
    expect((d / "R/catalog.html").read_text().lstrip().lower().startswith("<!doctype html"), "the catalog")


def test_F01_catalog_out_is_included_file(d):
    # Includes are known only while loading: the loader asks before reading each
    # rule file (compile_options::before_read), and the CLI refuses its --out.
    rules = RULES.replace(
        "units:\n  - id: A\n    kind: course\n    hours: 10\n  - id: B\n    kind: course\n",
        "include: [units.yaml]\n",
    )
    units = "units:\n  - id: A\n    kind: course\n    hours: 10\n  - id: B\n    kind: course\n"
    write(d, "R/ruleset.yaml", rules)
    write(d, "R/units.yaml", units)
    expect_exit(run("check", "R", cwd=d), 0)
    r = run("catalog", "R", "--out", "R/units.yaml", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2].startswith("civeff: error[E047]: --out would overwrite the input ") and "units.yaml" in r[2],
        "E047 naming the included file",
        r[2],
    )
    expect((d / "R/units.yaml").read_text() == units, "the included file is byte-identical")
    write(d, "pop.csv", POPULATION)
    r = run("batch", "R", "pop.csv", "--out", "R/units.yaml", cwd=d)
    expect_exit(r, 2)
    expect((d / "R/units.yaml").read_text() == units, "the included file is byte-identical")


# ---------------------------------------------------------------- F02: what --out points at


def test_F02_out_is_null_device(d):
    setup(d)
    null = mknod_char(d, "null", 1, 3)
    if null is None:
        return
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "null", cwd=d)
    expect_exit(r, 0)
    expect(is_char_device(null), "null is still a character device")
    r = run(
        "diff",
        "ruleset.yaml",
        "pop.csv",
        "--overlay",
        "overlay.yaml",
        "--as-of",
        "2024-01-01",
        "--out",
        "null",
        cwd=d,
    )
    expect_exit(r, 0)
    r = run("catalog", "ruleset.yaml", "--out", "null", cwd=d)
    expect_exit(r, 0)
    expect(is_char_device(null), "null is still a character device")
    expect_no_temp(d)


def test_F02_out_is_symlink(d):
    setup(d)
    write(d, "target.csv", "precious\n")
    os.symlink("target.csv", d / "link.csv")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "link.csv", cwd=d)
    expect_exit(r, 0)
    expect(os.path.islink(d / "link.csv"), "link.csv is still a symlink")
    expect(
        (d / "target.csv").read_text() == BATCH_CSV,
        "target.csv holds the output",
        (d / "target.csv").read_text(),
    )
    # A dangling link names the file to create; a link into another folder writes there.
    (d / "sub").mkdir()
    os.symlink("sub/new.csv", d / "dangling.csv")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "dangling.csv", cwd=d)
    expect_exit(r, 0)
    expect(os.path.islink(d / "dangling.csv"), "dangling.csv is still a symlink")
    expect((d / "sub/new.csv").read_text() == BATCH_CSV, "the link's target was created")
    expect_no_temp(d)
    expect_no_temp(d / "sub")


def test_F02_out_keeps_mode(d):
    setup(d)
    perm = write(d, "perm.csv", "old\n")
    os.chmod(perm, 0o640)
    owner = None
    if os.geteuid() == 0:
        owner = (65534, 65534)  # nobody: as root, the owner is kept too
        os.chown(perm, *owner)
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "perm.csv", cwd=d)
    expect_exit(r, 0)
    st = os.stat(perm)
    expect(stat.S_IMODE(st.st_mode) == 0o640, f"mode 0640 kept, got {oct(stat.S_IMODE(st.st_mode))}")
    if owner:
        expect((st.st_uid, st.st_gid) == owner, f"owner kept, got {(st.st_uid, st.st_gid)}")
    expect(perm.read_text() == BATCH_CSV, "new contents")
    # A new file gets 0666 less the umask.
    old = os.umask(0o027)
    try:
        r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "new.csv", cwd=d)
    finally:
        os.umask(old)
    expect_exit(r, 0)
    mode = stat.S_IMODE(os.stat(d / "new.csv").st_mode)
    expect(mode == 0o640, f"a new file is 0666 & ~umask, got {oct(mode)}")


def test_F02_out_is_proc_self_stdout_link(d):
    setup(d)
    os.symlink("/proc/self/fd/1", d / "stdout.csv")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "stdout.csv", cwd=d)
    expect_exit(r, 0)
    expect(r[1] == BATCH_CSV, "the CSV arrives on civeff's stdout, alone", r[1])
    expect("complete" in r[2], "the summary goes to stderr, as with --out -", r[2])
    expect(os.path.islink(d / "stdout.csv"), "stdout.csv is still a symlink")
    expect(os.readlink(d / "stdout.csv") == "/proc/self/fd/1", "pointing where it did")
    expect_no_temp(d)


def test_F02_out_is_stdout_appending_to_a_log_file(d):
    # `civeff batch ... --out /dev/stdout >> log.txt`: stdout is a regular file the
    # shell opened for appending. Written through stdout, the log keeps its lines
    # and gains the CSV; it is never replaced by a rename.
    setup(d)
    os.symlink("/proc/self/fd/1", d / "stdout.csv")
    log = d / "log.txt"
    log.write_text("line one\nline two\n")
    with open(log, "ab") as out:
        r = subprocess.run(
            [
                harness.CIVEFF,
                "batch",
                "ruleset.yaml",
                "pop.csv",
                "--as-of",
                "2024-01-01",
                "--out",
                "stdout.csv",
            ],
            cwd=d,
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    expect(r.returncode == 0, "exit 0", r.stderr)
    expect(
        log.read_text() == "line one\nline two\n" + BATCH_CSV,
        "the log kept its lines and gained the CSV",
        log.read_text(),
    )
    expect(b"complete" in r.stderr, "the summary on stderr", r.stderr)
    expect_no_temp(d)


def test_F02_out_is_fifo(d):
    setup(d)
    fifo = d / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "fifo", cwd=d, timeout=60)
    reader.join(60)
    expect_exit(r, 0)
    expect(got == [BATCH_CSV.encode()], "the CSV went through the FIFO", got)
    expect(stat.S_ISFIFO(os.lstat(fifo).st_mode), "fifo is still a FIFO")


def test_F02_out_is_directory(d):
    setup(d)
    (d / "folder").mkdir()
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "folder", cwd=d)
    expect_exit(r, 2)
    expect(list((d / "folder").iterdir()) == [], "nothing written into it")


# ---------------------------------------------------------------- F09: standard output fails


def test_F09_stdout_full(d):
    setup(d)
    full = mknod_char(d, "full", 1, 7)
    if full is None:
        return
    message = "civeff: error[E048]: cannot write to standard output: No space left on device\n"
    commands = {
        "eval": ["eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01"],
        "eval text": ["eval", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", "--format", "text"],
        "graph": ["graph", "ruleset.yaml"],
        "explain": ["explain", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01"],
        "explain json": ["explain", "ruleset.yaml", "p.yaml", "--as-of", "2024-01-01", "--format", "json"],
        "diff": ["diff", "ruleset.yaml", "pop.csv", "--overlay", "overlay.yaml", "--as-of", "2024-01-01"],
        "check": ["check", "ruleset.yaml"],
        "test": ["test", "ruleset.yaml"],
        "batch summary": ["batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv"],
        "batch --out -": ["batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "-"],
        "catalog --out -": ["catalog", "ruleset.yaml", "--out", "-"],
    }
    for name, args in commands.items():
        with open(full, "wb") as out:
            code, err = run_to(args, d, out)
        expect(code == 2, f"{name}: exit {code}, expected 2", err)
        expect(err.endswith(message), f"{name}: E048 naming standard output", err)
    expect(is_char_device(full), "full is still a character device")


def test_F09_stdout_closed_pipe(d):
    setup(d)
    # A reader that is gone: EPIPE is reported (SIGPIPE is ignored), not a silent death.
    rules = RULES + "".join(f"  - id: extra{i}\n    requires: {{unit: A}}\n" for i in range(2000))
    write(d, "big.yaml", rules)
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "wb") as out:
        code, err = run_to(["graph", "big.yaml"], d, out)
    expect(code == 2, f"exit {code}, expected 2", err)
    expect(err == "civeff: error[E048]: cannot write to standard output: Broken pipe\n", "E048 EPIPE", err)


def test_F09_out_full_device(d):
    setup(d)
    full = mknod_char(d, "full", 1, 7)
    if full is None:
        return
    for args in (
        ["batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "full"],
        [
            "diff",
            "ruleset.yaml",
            "pop.csv",
            "--overlay",
            "overlay.yaml",
            "--as-of",
            "2024-01-01",
            "--out",
            "full",
        ],
        ["catalog", "ruleset.yaml", "--out", "full"],
    ):
        r = run(*args, cwd=d)
        expect_exit(r, 2)
        expect(
            r[2] == "civeff: error[E048]: cannot write 'full': No space left on device\n",
            f"E048 for {args}",
            r[2],
        )
        expect(is_char_device(full), "full is still a character device")
    # Through a symlink, named as written.
    os.symlink("full", d / "full-link")
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "full-link", cwd=d)
    expect_exit(r, 2)
    expect(r[2] == "civeff: error[E048]: cannot write 'full-link': No space left on device\n", "E048", r[2])
    expect(os.path.islink(d / "full-link") and is_char_device(full), "link and device unchanged")


# ---------------------------------------------------------------- F10: failed and interrupted writes


def test_F10_file_too_large(d):
    setup(d)
    write(d, "out.csv", "previous\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))  # the CSV is 97 bytes

    with open(os.devnull, "wb") as out:
        code, err = run_to(
            ["batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv"],
            d,
            out,
            preexec_fn=limit,
        )
    expect(code == 2, f"exit {code}, expected 2 (not killed by SIGXFSZ)", err)
    expect(err == "civeff: error[E048]: cannot write 'out.csv': File too large\n", "E048 File too large", err)
    expect((d / "out.csv").read_text() == "previous\n", "the previous file is intact")
    expect_no_temp(d)


def test_F10_missing_folder(d):
    setup(d)
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "nowhere/out.csv", cwd=d)
    expect_exit(r, 2)
    expect(
        r[2] == "civeff: error[E048]: cannot write 'nowhere/out.csv': No such file or directory\n",
        "E048",
        r[2],
    )


def test_F10_stale_temp_files(d):
    setup(d)
    # Left by a run that was killed (SIGKILL): recognised by name and removed when
    # its process is gone; one whose process lives (this test's) is left alone.
    # Untouched for ten minutes too, since the same process id may be a live run in
    # another container writing to a shared folder.
    dead = write(d, ".out.csv.civeff-999999999.tmp", "half a CSV")
    dead_second = write(d, ".out.csv.civeff-999999999-1.tmp", "half a CSV")
    recent = write(d, ".out.csv.civeff-999999998.tmp", "written a minute ago")
    alive = write(d, f".out.csv.civeff-{os.getpid()}.tmp", "someone else's")
    other = write(d, ".other.csv.civeff-999999999.tmp", "another target's")
    hour_ago = time.time() - 3600
    for old in (dead, dead_second, alive, other):
        os.utime(old, (hour_ago, hour_ago))
    minute_ago = time.time() - 60
    os.utime(recent, (minute_ago, minute_ago))
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv", cwd=d)
    expect_exit(r, 0)
    expect(not dead.exists() and not dead_second.exists(), "the dead run's temporary files are removed")
    expect(
        alive.exists() and other.exists() and recent.exists(),
        "a live run's, a recent one's, and another target's, are kept",
    )


def big_case(d, persons=50000, diplomas=40):
    """A ruleset and population whose batch output is tens of megabytes."""
    rules = (
        RULES.split("diplomas:\n")[0]
        + "diplomas:\n"
        + "".join(
            f"  - id: d{i:02}\n    requires:\n      all_of:\n        - unit: A\n"
            f"        - count: {{min: 2, of: {{kind: course}}}}\n"
            for i in range(diplomas)
        )
    )
    write(d, "big.yaml", rules)
    with open(d / "big.csv", "w", encoding="utf-8") as f:
        f.write("person,unit,date\n")
        for i in range(persons):
            f.write(f"p{i:07},A,2023-05-01\n")


def test_F10_signal_during_write(d):
    big_case(d)
    args = [harness.CIVEFF, "batch", "big.yaml", "big.csv", "--as-of", "2024-01-01", "--out", "out.csv"]
    subprocess.run([*args[:-1], "ref.csv"], cwd=d, check=True, stdout=subprocess.DEVNULL)
    reference = hashlib.sha256((d / "ref.csv").read_bytes()).hexdigest()
    old = b"old\n"

    def default_signals():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    hits = 0
    trials = [
        (sig, delay) for sig in (signal.SIGTERM, signal.SIGINT) for delay in (0, 0.002, 0.01, 0.03, 0.1)
    ]
    for sig, delay in trials:
        (d / "out.csv").write_bytes(old)
        p = subprocess.Popen(
            args, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=default_signals
        )
        temp = d / f".out.csv.civeff-{p.pid}.tmp"
        # Signal once the temporary file exists (the write has begun), after `delay`.
        while p.poll() is None and not temp.exists():
            time.sleep(0.0002)
        if p.poll() is None:
            time.sleep(delay)
            during_write = temp.exists()
            p.send_signal(sig)
            hits += during_write
        _, err = p.communicate(timeout=120)
        expect(p.returncode in (-sig, 0), f"{sig.name} after {delay}s: exit {p.returncode}", err)
        expect_no_temp(d)
        content = (d / "out.csv").read_bytes()
        expect(
            content == old or hashlib.sha256(content).hexdigest() == reference,
            f"{sig.name} after {delay}s: out.csv is the old file or the complete new one",
            len(content),
        )
    expect(hits > 0, "at least one signal arrived while the temporary file was being written")


def test_F10_signal_before_write(d):
    big_case(d, persons=20000)
    args = [harness.CIVEFF, "batch", "big.yaml", "big.csv", "--as-of", "2024-01-01", "--out", "out.csv"]
    for sig in (signal.SIGTERM, signal.SIGINT):
        for delay in (0.01, 0.05, 0.15):
            (d / "out.csv").write_bytes(b"old\n")
            p = subprocess.Popen(
                args,
                cwd=d,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=lambda sig=sig: signal.signal(sig, signal.SIG_DFL),
            )
            time.sleep(delay)
            p.send_signal(sig)
            p.wait(timeout=120)
            expect(p.returncode in (-sig, 0), f"{sig.name} after {delay}s: exit {p.returncode}")
            expect_no_temp(d)
            content = (d / "out.csv").read_bytes()
            expect(content == b"old\n" or content.startswith(b"person,diploma,"), "old or new", content[:40])


# ---------------------------------------------------------------- F20: the batch summary


def test_F20_batch_summary_counts_evaluated_persons(d):
    rules = RULES.replace("    hours: 10\n", "    hours: 10\n    credit_when: 10 / attrs.d > 1\n", 1)
    write(d, "ruleset.yaml", rules)
    write(
        d,
        "pop.csv",
        "person,unit,date,marks,d\n"
        "p1,A,2023-05-01,nrto,1\np1,B,2023-05-01,,1\n"
        "pbad,A,2023-05-01,nrto,0\npbad,B,2023-05-01,nrto,0\n"
        "p3,B,2023-01-01,,\n",
    )
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv", cwd=d)
    expect_exit(r, 1)
    first = r[1].splitlines()[0]
    expect(
        first == "pop.csv: 3 rows, 2 persons x 1 diploma, as of 2024-01-01 -> out.csv",
        "rows and persons of the evaluated persons only",
        r[1],
    )
    expect(
        "error[E050]" in r[2] and "1 person could not be evaluated and is left out of out.csv" in r[2],
        "the failed person on stderr",
        r[2],
    )


# ---------------------------------------------------------------- --out -, --csv-dialect, bad values


def test_out_dash_is_stdout(d):
    setup(d)
    r = run("batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "-", cwd=d)
    expect_exit(r, 0)
    expect(r[1] == BATCH_CSV, "only the CSV on stdout", r[1])
    expect(
        r[2].startswith("pop.csv: 2 rows, 2 persons x 1 diploma, as of 2024-01-01 -> standard output\n"),
        "the summary on stderr",
        r[2],
    )
    expect(not (d / "-").exists(), "no file named -")
    r = run(
        "diff",
        "ruleset.yaml",
        "pop.csv",
        "--overlay",
        "overlay.yaml",
        "--as-of",
        "2024-01-01",
        "--out",
        "-",
        cwd=d,
    )
    expect_exit(r, 0)
    expect(r[1] == DIFF_CSV, "only the changed rows on stdout", r[1])
    expect(
        "  diploma  partial->complete  diploma:d     1       1  p1\n" in r[2]
        and "2 changed rows -> standard output" in r[2],
        "summary on stderr",
        r[2],
    )
    r = run("catalog", "ruleset.yaml", "--format", "md", "--out", "-", cwd=d)
    expect_exit(r, 0)
    expect(r[1].startswith("#"), "the Markdown catalog on stdout", r[1][:200])


def test_csv_dialect_excel_nl(d):
    setup(d)
    r = run(
        "batch",
        "ruleset.yaml",
        "pop.csv",
        "--as-of",
        "2024-01-01",
        "--out",
        "out.csv",
        "--csv-dialect",
        "excel-nl",
        cwd=d,
    )
    expect_exit(r, 0)
    got = (d / "out.csv").read_bytes()
    want = BOM + (
        b"person;diploma;status;progress;missing\r\n"
        b"p1;d;partial;0,75;count:2\r\n"
        b'p2;d;none;0;"unit:A;count:2"\r\n'
    )
    expect(got == want, "batch in Excel-NL: BOM, ';', decimal comma, CRLF", got)
    r = run(
        "diff",
        "ruleset.yaml",
        "pop.csv",
        "--overlay",
        "overlay.yaml",
        "--as-of",
        "2024-01-01",
        "--out",
        "changes.csv",
        "--csv-dialect",
        "excel-nl",
        cwd=d,
    )
    expect_exit(r, 0)
    got = (d / "changes.csv").read_bytes()
    want = BOM + (
        DIFF_HEADER.replace(",", ";").encode() + b"\r\n"
        b"diploma;p1;d;;;;partial;complete;;;0,75;1;count:2;;diploma:d\r\n"
        b'diploma;p2;d;;;;none;none;;;0;0;"unit:A;count:2";"unit:A;count:1";diploma:d\r\n'
    )
    expect(got == want, "diff in Excel-NL", got)
    # The default stays RFC 4180.
    for dialect in ([], ["--csv-dialect", "rfc4180"]):
        r = run(
            "batch", "ruleset.yaml", "pop.csv", "--as-of", "2024-01-01", "--out", "out.csv", *dialect, cwd=d
        )
        expect_exit(r, 0)
        expect((d / "out.csv").read_text() == BATCH_CSV, f"RFC 4180 with {dialect}")


def test_bad_csv_dialect_and_encoding(d):
    setup(d)
    write(d, "out.csv", "previous\n")
    dialect = "civeff: error[E046]: --csv-dialect takes rfc4180 or excel-nl, not 'excel'\n"
    for args in (
        ["batch", "ruleset.yaml", "pop.csv", "--out", "out.csv"],
        ["diff", "ruleset.yaml", "pop.csv", "--overlay", "overlay.yaml", "--out", "out.csv"],
    ):
        r = run(*args, "--csv-dialect", "excel", cwd=d)
        expect_exit(r, 2)
        expect(r[2] == dialect, f"E046 for --csv-dialect on {args[0]}", r[2])
    encoding = (
        "civeff: error[E046]: --encoding takes utf-8, cp1252 (windows-1252) or latin-1 (iso-8859-1), "
        "not 'ebcdic'\n"
    )
    for args in (
        ["eval", "ruleset.yaml", "p.yaml"],
        ["batch", "ruleset.yaml", "pop.csv", "--out", "out.csv"],
        ["diff", "ruleset.yaml", "pop.csv", "--overlay", "overlay.yaml", "--out", "out.csv"],
    ):
        r = run(*args, "--encoding", "ebcdic", cwd=d)
        expect_exit(r, 2)
        expect(r[2] == encoding, f"E046 for --encoding on {args[0]}", r[2])
    expect((d / "out.csv").read_text() == "previous\n", "out.csv untouched")


def test_new_flags_accepted(d):
    setup(d)
    for args in (
        ["check", "ruleset.yaml", "--allow-outside-includes"],
        ["test", "ruleset.yaml", "--allow-outside-includes"],
        ["graph", "ruleset.yaml", "--allow-outside-includes"],
        ["catalog", "ruleset.yaml", "--allow-outside-includes", "--out", "c.html"],
        [
            "eval",
            "ruleset.yaml",
            "p.yaml",
            "--as-of",
            "2024-01-01",
            "--encoding",
            "cp1252",
            "--strict",
            "--allow-outside-includes",
        ],
        [
            "batch",
            "ruleset.yaml",
            "pop.csv",
            "--as-of",
            "2024-01-01",
            "--out",
            "out.csv",
            "--encoding",
            "latin-1",
            "--strict",
            "--allow-outside-includes",
        ],
        [
            "diff",
            "ruleset.yaml",
            "pop.csv",
            "--overlay",
            "overlay.yaml",
            "--as-of",
            "2024-01-01",
            "--encoding",
            "utf-8",
            "--strict",
            "--allow-outside-includes",
        ],
    ):
        expect_exit(run(*args, cwd=d), 0)


if __name__ == "__main__":
    exit_with(__doc__, globals())
