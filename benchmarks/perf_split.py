#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Splits a `perf record -g` profile of diff_bench between its batch and diff calls.

    perf record -e cpu-clock -F 199 -g -o diff.data -- build-prof/bin/diff_bench ... --repeat 1
    perf script -i diff.data -F comm,tid,ip,sym | python3 benchmarks/perf_split.py

Each evaluate_batch and each civeff::diff call runs on threads of its own, so a worker
thread's samples all go to the call whose function names appear in its stacks (its
deepest frames are often unresolved); the main thread's samples go by their own stack,
and the rest (compiling, reading the CSV) is left out. Each sample then counts once, in
the first category below that any of its frames matches. Printed: samples per category
for batch and diff, and the diff's in units of one batch. Frame pointers make the
stacks: build with -fno-omit-frame-pointer (and -g for the names of inlined callers).
"""

import collections
import sys

CATEGORIES = [
    ("workspace::run<trace> (find_causes: the traced second run)", "workspace::run<civeff::detail::trace>"),
    ("rule_uses / explainer (causes from the trace)", "rule_uses::"),
    ("workspace::run<no_trace> (evaluation)", "workspace::run<civeff::detail::no_trace>"),
    ("load_person", "load_person"),
    ("compare_levels", "compare_levels"),
    ("compare_diplomas", "compare_diplomas"),
    ("compare_credits", "compare_credits"),
    ("group_persons", "group_persons"),
    ("read_categories", "read_categories"),
]
REST = "the rest (output, merge, text table, sorting, unresolved frames)"


def read_samples(lines):
    """[(tid, [frame symbol, leaf first])] from `perf script -F comm,tid,ip,sym`."""
    samples, current = [], None
    for line in lines:
        if not line.strip():
            if current is not None:
                samples.append(current)
            current = None
        elif not line.startswith((" ", "\t")):
            fields = line.split()
            current = (fields[1] if len(fields) > 1 else "", [])
        elif current is not None:
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                current[1].append(parts[1])
    if current is not None:
        samples.append(current)
    return samples


def call_of(frames):
    text = " | ".join(frames)
    if "diff_population" in text:
        return "diff"
    if "evaluate_batch" in text:
        return "batch"
    return None


def main():
    samples = read_samples(sys.stdin)
    if not samples:
        sys.exit("perf_split.py: no samples on standard input")
    by_thread = collections.defaultdict(collections.Counter)
    for tid, frames in samples:
        call = call_of(frames)
        if call:
            by_thread[tid][call] += 1
    main_tid = collections.Counter(tid for tid, _ in samples).most_common(1)[0][0]
    counts = {"batch": collections.Counter(), "diff": collections.Counter()}
    for tid, frames in samples:
        if tid == main_tid:
            call = call_of(frames)
        else:
            call = by_thread[tid].most_common(1)[0][0] if tid in by_thread else None
        if call is None:
            continue
        for label, key in CATEGORIES:
            if any(key in f for f in frames):
                counts[call][label] += 1
                break
        else:
            counts[call][REST] += 1
    batch = sum(counts["batch"].values())
    diff = sum(counts["diff"].values())
    if batch == 0:
        sys.exit("perf_split.py: no samples of evaluate_batch")
    width = max(len(label) for label, _ in CATEGORIES + [(REST, "")])
    print(f"{'':{width}s}  {'batch':>7s}  {'diff':>7s}  batch/batch  diff/batch")
    for label in [label for label, _ in CATEGORIES] + [REST]:
        b, d = counts["batch"][label], counts["diff"][label]
        if b or d:
            print(f"{label:{width}s}  {b:7d}  {d:7d}  {b / batch:11.2f}  {d / batch:10.2f}")
    print(f"{'total':{width}s}  {batch:7d}  {diff:7d}  {1:11.2f}  {diff / batch:10.2f}")


if __name__ == "__main__":
    main()
