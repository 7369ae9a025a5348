#!/usr/bin/env python3
"""Generate a synthetic Dutch care workforce as a civeff population CSV (SPEC §3, §9).

    python3 generate.py --people 2000 --seed 2026 --out sample.csv

One row per achievement, columns

    person,unit,title,date,hours,marks,exam,points,grade,niveau,nlqf,exempt,person.role,person.cohort

read by the nl-zorg ruleset (rules/nl-zorg). Every number below that shapes the
population (role shares, rates, pass rates) is an assumption of this generator, not
a statistic; README.md beside this file lists them and says where they come from.

Only numpy is needed. People are made in blocks of BLOCK, each block from its own
random stream `default_rng([seed, block])`, so the output is the same bytes for the
same --seed and --people, and the first N people are the same whatever --people is.
Rows are formatted by scattering pre-encoded cells into one byte buffer per block.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

BLOCK = 10_000  # people per block (and per random stream); part of the output's identity
END = np.datetime64("2026-06-30")  # nothing is dated later
EARLIEST = np.datetime64("2012-01-01")  # continuing education starts no earlier
DAY0 = np.datetime64("2000-01-01")
DAY_LAST = np.datetime64("2027-12-31")

COLUMNS = [
    "person",
    "unit",
    "title",
    "date",
    "hours",
    "marks",
    "exam",
    "points",
    "grade",
    "niveau",
    "nlqf",
    "exempt",
    "person.role",
    "person.cohort",
]

ROLES = ["helpende", "verzorgende", "begeleider", "verpleegkundige", "zij-instromer"]
ROLE_P = [0.15, 0.33, 0.20, 0.20, 0.12]
HELPENDE, VERZORGENDE, BEGELEIDER, VERPLEEGKUNDIGE, ZIJ = range(5)

# ---------------------------------------------------------------------------------------
# Cell tables. Every column is a code into one of these; code 0 is the empty cell.


class Table:
    """Distinct cell texts of one column, code 0 = empty."""

    def __init__(self, values=()):
        self.values = [""]
        self.index = {"": 0}
        for v in values:
            self.code(v)

    def code(self, v: str) -> int:
        if v not in self.index:
            if any(c in v for c in ',"\n\r'):
                raise ValueError(f"cell needs quoting: {v!r}")
            self.index[v] = len(self.values)
            self.values.append(v)
        return self.index[v]

    def codes(self, vs) -> np.ndarray:
        return np.array([self.code(v) for v in vs], dtype=np.int32)

    def encoded(self):
        """(2-D uint8 array of padded cells, lengths)."""
        raw = [v.encode("utf-8") for v in self.values]
        lens = np.array([len(b) for b in raw], dtype=np.int64)
        width = max(1, int(lens.max()))
        arr = np.zeros((len(raw), width), dtype=np.uint8)
        for i, b in enumerate(raw):
            arr[i, : len(b)] = np.frombuffer(b, dtype=np.uint8)
        return arr, lens


UNIT = Table()
TITLE = Table()
MARKS = Table()
HOURS = Table([str(h) for h in range(1, 61)])  # code = hours
EXAM = Table(["true", "false"])  # 1 true, 2 false
POINTS = Table([str(p) for p in range(1, 61)])  # code = points
GRADE = Table([f"{g / 2:g}" for g in range(2, 21)])  # 1, 1.5, ..., 10: code = 2*g - 1
LEVEL = Table([str(n) for n in range(1, 9)])  # code = level
EXEMPT = Table(["true"])
ROLE = Table(ROLES)  # code = role + 1
_days = np.arange(DAY0, DAY_LAST + 1)
DATE = Table(np.datetime_as_string(_days, unit="D").tolist())  # code = day - DAY0 + 1


COHORT_DATES = np.array([f"{y}-08-01" for y in range(2000, 2030)], dtype="datetime64[D]")


def grade_code(g):
    return (np.asarray(g) * 2 - 1).astype(np.int32)


def date_code(d):
    return ((d - DAY0).astype(np.int64) + 1).astype(np.int32)


def u(*ids):
    return np.array([UNIT.code(i) for i in ids], dtype=np.int32)


def t(*titles):
    return np.array([TITLE.code(x) for x in titles], dtype=np.int32)


M_NONE = 0
M_DIPLOMA = MARKS.code("mbo-diploma")
M_CERT = MARKS.code("mbo-certificaat")
M_VV = MARKS.code("vv-accredited")
M_VV_NRTO = MARKS.code("vv-accredited;nrto")
M_KP = MARKS.code("kp-accredited")
M_RP = MARKS.code("registerplein")
M_SOEC = MARKS.code("soec")
M_BRANCHE = MARKS.code("branche-erkenning")
M_EVC = MARKS.code("evc-ervaringscertificaat")
M_NRTO = MARKS.code("nrto")
M_CRKBO = MARKS.code("crkbo")
M_CEDEO = MARKS.code("cedeo")
M_KICK = MARKS.code("kick")
M_NLQF = MARKS.code("nlqf-inschaling")

# Qualifications: kerntaken, generic parts, keuzedeel count, programme length in years,
# the year its (new) dossier starts, the diploma niveau, the title of an older diploma.
GEN2 = ["generiek-nederlands-2", "generiek-rekenen-2", "generiek-lb"]
GEN3 = ["generiek-nederlands-2", "generiek-rekenen-3", "generiek-lb"]
GEN4 = ["generiek-nederlands-4", "generiek-rekenen-4", "generiek-lb", "generiek-engels-4"]
QUALS = {
    "hzw": (  # crebo 25498, cohorts 2016-2023 (from 2024: hzw24)
        ["25498-B1-K1", "25498-P2-K1"],
        GEN2,
        2,
        2,
        2016,
        2,
        "Diploma Helpende Zorg en Welzijn",
    ),
    "hzw24": (  # crebo 25960, KD Dienstverlening 23385, cohorts from 2024
        ["23385-B1-K1", "23385-P2-K1"],
        GEN2,
        2,
        2,
        2024,
        2,
        "Diploma Helpende Zorg en Welzijn",
    ),
    "vig": (  # crebo 25656, KD 23268
        ["23268-B1-K1", "23268-B1-K2"],
        GEN3,
        3,
        3,
        2020,
        3,
        "Diploma Verzorgende-IG (eerder dossier)",
    ),
    "mz3": (  # crebo 25780, KD 23312
        ["23312-B1-K1", "23312-B1-K2", "23312-P1-K1"],
        GEN3,
        3,
        3,
        2022,
        3,
        "Diploma Maatschappelijke zorg niveau 3 (eerder dossier)",
    ),
    "mz4": (  # crebo 25779, KD 23312
        ["23312-B1-K1", "23312-B1-K2", "23312-P2-K1"],
        GEN4,
        3,
        3,
        2022,
        4,
        "Diploma Persoonlijk begeleider (eerder dossier)",
    ),
    "vp": (  # crebo 25655, KD 23267
        ["23267-B1-K1", "23267-B1-K2"],
        GEN4,
        3,
        4,
        2020,
        4,
        "Diploma Mbo-Verpleegkundige (eerder dossier)",
    ),
}
QUAL_NAMES = list(QUALS)
# Werkprocessen per kerntaak, for the students recorded per werkproces (VIG and VP).
WERKPROCESSEN = {
    "vig": {"23268-B1-K1": [f"23268-B1-K1-W{i}" for i in range(1, 9)],
            "23268-B1-K2": [f"23268-B1-K2-W{i}" for i in range(1, 4)]},
    "vp": {"23267-B1-K1": [f"23267-B1-K1-W{i}" for i in range(1, 8)],
           "23267-B1-K2": [f"23267-B1-K2-W{i}" for i in range(1, 4)]},
}
KEUZEDELEN = [
    "K1006",
    "x-kd-helpende-plus",
    "x-kd-verdieping-kraamzorg",
    "K0618",
    "K0186",
    "K0138",
    "K0067",
    "K0024",
    "K0125",
]
# Relative popularity of each keuzedeel per qualification (invented).
KD_WEIGHTS = {
    "hzw": [1, 8, 1, 0.5, 2, 2, 1, 2, 0.2],
    "hzw24": [1, 8, 1, 0.5, 2, 2, 1, 2, 0.2],
    "vig": [6, 0.5, 1, 3, 4, 3, 2, 3, 1],
    "mz3": [1, 0.3, 0.2, 0.5, 4, 3, 4, 5, 1],
    "mz4": [1, 0.3, 0.2, 0.5, 4, 3, 4, 5, 3],
    "vp": [6, 0.2, 1, 5, 4, 3, 2, 2, 4],
}

VV_TITLES = [
    "Klinisch redeneren",
    "Wondzorg actueel",
    "Palliatieve zorg verdieping",
    "Dementie en onbegrepen gedrag",
    "Medicatieveiligheid",
    "Valpreventie",
    "Infectiepreventie",
    "Reanimatie en AED",
    "Diabetes in de praktijk",
    "Ouderenpsychiatrie",
    "Decubituspreventie",
    "Samen beslissen met de client",
]
ODA_TITLES = [
    "Intervisie (ODA)",
    "Congres (ODA)",
    "Werkbegeleiding stagiaires (ODA)",
    "Vakliteratuur en journal club (ODA)",
    "Werkgroep kwaliteit (ODA)",
]
INTERNAL_TITLES = [
    "BHV herhaling",
    "Agressiehantering",
    "Tillen en transfers",
    "Privacy en AVG",
    "Brandveiligheid",
    "Introductie nieuwe medewerkers",
    "Werken met het ECD",
    "Omgaan met meldingen MIC",
    "Hygiene en HACCP",
    "Ergonomie",
]
KICK_TITLES = [
    "Katheteriseren volgens KICK",
    "Sondevoeding volgens KICK",
    "Injecteren volgens KICK",
    "Zuurstoftoediening volgens KICK",
]
PROVIDER_TITLES = [
    "Coachend leidinggeven",
    "Timemanagement",
    "Oplossingsgericht werken",
    "Effectief communiceren",
    "Conflicthantering",
    "Projectmatig werken in de zorg",
    "Presentatievaardigheden",
]
RP_TITLES = [
    "Motiverende gespreksvoering",
    "Systemisch werken",
    "Licht verstandelijke beperking herkennen",
    "Triple-C in de praktijk",
    "Huiselijk geweld en meldcode",
]
SOEC_TITLES = [
    "Triple-C scholing",
    "Autisme in de gehandicaptenzorg",
    "Gedragsanalyse",
    "Communiceren met niet-sprekende clienten",
]
KP_TITLES = ["Dysfagie bij ouderen", "Bewegen op recept"]
NLQF_TITLES = ["Praktijkopleider zorg", "Leidinggeven in de zorg", "Zorgtechnologie coach"]


def qual_row_codes():
    """Pre-encode the ids used in vectorised code."""
    return {
        "kerntaak": {q: u(*QUALS[q][0]) for q in QUALS},
        "generic": {q: u(*QUALS[q][1]) for q in QUALS},
        "old_title": t(*[QUALS[q][6] for q in QUALS]),
        "wp": {q: {k: u(*v) for k, v in wps.items()} for q, wps in WERKPROCESSEN.items()},
        "kd": u(*KEUZEDELEN),
        "kd_w": {q: np.log(np.array(KD_WEIGHTS[q], dtype=float)) for q in QUALS},
        "vp_bo": u("C0147", "C0150", "C0151", "C0153", "C0155", "C0156"),
        "hzw_le": u("C0160", "C0163", "C0164", "C0165", "C0166"),
        "vig_le": u("C0052", "C0053", "C0054", "C0055", "C0106", "C0109"),
        "obmz": UNIT.code("LE-ondersteunen-begeleiden-mz"),
        "obmz_w4": UNIT.code("23312-P1-K1-W4"),
        "medicatie": UNIT.code("x-le-medicatie"),
        "hplus": UNIT.code("LE-helpende-plus"),
        "u92640": UNIT.code("92640"),
        "lb": UNIT.code("generiek-lb"),
        "ned2": UNIT.code("generiek-nederlands-2"),
        "bekwaam": UNIT.code("course-bekwaamheid-vbh"),
        "evv": UNIT.code("course-evv"),
        "gvp": UNIT.code("course-gvp"),
        "titles": {
            name: t(*lst)
            for name, lst in [
                ("vv", VV_TITLES),
                ("oda", ODA_TITLES),
                ("internal", INTERNAL_TITLES),
                ("kick", KICK_TITLES),
                ("provider", PROVIDER_TITLES),
                ("rp", RP_TITLES),
                ("soec", SOEC_TITLES),
                ("kp", KP_TITLES),
                ("nlqf", NLQF_TITLES),
            ]
        },
        "evc_title": TITLE.code("Ervaringscertificaat Verzorgende-IG"),
    }


C = qual_row_codes()

# ---------------------------------------------------------------------------------------
# Row accumulation


class Rows:
    FIELDS: tuple[str, ...] = (
        "pid",
        "unit",
        "title",
        "date",
        "hours",
        "marks",
        "exam",
        "points",
        "grade",
        "niveau",
        "nlqf",
        "exempt",
    )

    def __init__(self):
        self.parts = {f: [] for f in self.FIELDS}

    def add(self, pid, date, **cols):
        n = len(pid)
        if n == 0:
            return
        self.parts["pid"].append(np.asarray(pid, dtype=np.int32))
        self.parts["date"].append(np.asarray(date, dtype="datetime64[D]"))
        for f in self.FIELDS[1:]:
            if f == "date":
                continue
            v = cols.get(f, 0)
            self.parts[f].append(np.broadcast_to(np.asarray(v, dtype=np.int32), (n,)).copy())

    def arrays(self):
        return {f: np.concatenate(v) if v else np.zeros(0, dtype=np.int32) for f, v in self.parts.items()}


def years(rng, lo, hi, n):
    """Random offsets of lo..hi years, in days."""
    return (rng.uniform(lo, hi, n) * 365.25).astype("timedelta64[D]")


def outcome(rng, n, p_exempt=0.03, p_pass=0.90, p_fail=0.04):
    """0 exempt, 1 passed, 2 failed, 3 no record."""
    r = rng.random(n)
    return np.select([r < p_exempt, r < p_exempt + p_pass, r < p_exempt + p_pass + p_fail], [0, 1, 2], 3)


def add_examined(
    rows, rng, pid, unit, date, p_exempt=0.03, p_pass=0.90, p_fail=0.04, exam_col=True, mark_pass=0, done=None
):
    """Rows for examined units. With `done` (a bool per person of the block), people who
    finished their programme pass (or are exempted), the others pass, fail or have no record
    at the given rates."""
    if done is not None:
        d = done[pid]
        p_exempt = np.where(d, 0.03, p_exempt)
        p_pass = np.where(d, 0.97, p_pass)
        p_fail = np.where(d, 0.0, p_fail)
    o = outcome(rng, len(pid), p_exempt, p_pass, p_fail)
    keep = (o < 3) & (date <= END)
    o, pid, unit, date = o[keep], pid[keep], unit[keep], date[keep]
    exam = np.where(o == 1, 1, np.where(o == 2, 2, 0)) if exam_col else 0
    marks = np.where(o == 1, mark_pass, 0) if mark_pass else 0
    rows.add(pid, date, unit=unit, exam=exam, exempt=(o == 0).astype(np.int32), marks=marks)


def poisson_events(rng, rate, start, n_people):
    """Per person a Poisson number of events over [start, END], uniform dates; returns (pid, date)."""
    span = np.maximum((END - start).astype(np.int64), 0)
    k = rng.poisson(rate * span / 365.25)
    pid = np.repeat(np.arange(n_people, dtype=np.int32), k)
    date = start[pid] + (rng.random(len(pid)) * span[pid]).astype("timedelta64[D]")
    return pid, date


def pick(rng, choices, n, p=None):
    return np.asarray(choices)[rng.choice(len(choices), n, p=p)]


# ---------------------------------------------------------------------------------------
# One block of people


def make_block(seed: int, block: int, n: int):
    rng = np.random.default_rng([seed, block])
    rows = Rows()
    role = rng.choice(5, n, p=ROLE_P)
    cohort_year = np.where(role == ZIJ, rng.integers(2019, 2026, n), rng.integers(2008, 2025, n))
    cohort = COHORT_DATES[cohort_year - 2000]  # programme start: YYYY-08-01
    # qualification per person
    qual = np.full(n, -1)
    qual[role == HELPENDE] = QUAL_NAMES.index("hzw")
    qual[(role == HELPENDE) & (cohort_year >= 2024)] = QUAL_NAMES.index("hzw24")
    qual[role == VERZORGENDE] = QUAL_NAMES.index("vig")
    qual[role == VERPLEEGKUNDIGE] = QUAL_NAMES.index("vp")
    beg = np.flatnonzero(role == BEGELEIDER)
    qual[beg] = np.where(rng.random(len(beg)) < 0.5, QUAL_NAMES.index("mz3"), QUAL_NAMES.index("mz4"))
    career_start = cohort.copy()
    # finished the programme (diploma) vs. dropped out or still studying
    done = rng.random(n) < 0.85

    for qi, q in enumerate(QUAL_NAMES):
        _, _, n_kd, length, dossier, niveau, _ = QUALS[q]
        who = np.flatnonzero(qual == qi)
        career_start[who] = cohort[who] + years(rng, length, length, len(who))
        # the 2024 Helpende cohort has no older diploma: its predecessor is "hzw" (25498)
        old = who[cohort_year[who] < dossier] if q != "hzw24" else who[:0]
        new = who[cohort_year[who] >= dossier]
        # older dossier: one diploma row (unit 92640 for the old Helpende dossier)
        ddate = cohort[old] + years(rng, length - 0.1, length, len(old))
        if q.startswith("hzw"):
            rows.add(old, ddate, unit=C["u92640"], marks=M_DIPLOMA, niveau=niveau)
        else:
            rows.add(old, ddate, title=C["old_title"][qi], marks=M_DIPLOMA, niveau=niveau)
        # new dossier: kerntaken (or werkprocessen, certified onderdelen, the OBMZ leereenheid)
        r = rng.random(len(new))
        via_wp = new[(r < 0.10)] if q in ("vig", "vp") else new[:0]
        via_bo = new[(r >= 0.10) & (r < 0.30) & (cohort_year[new] >= 2022)] if q == "vp" else new[:0]
        via_le = new[r < 0.25] if q == "mz3" else new[:0]
        plain = np.setdiff1d(new, np.concatenate([via_wp, via_bo]))
        for k, kt in enumerate(C["kerntaak"][q]):
            who_k = plain  # werkproces and onderdeel people get their own rows below
            if q == "mz3" and k == 2:  # P1-K1: the leereenheid covers W1-W3 of it
                who_k = np.setdiff1d(plain, via_le)
            d = cohort[who_k] + years(rng, 0.4, length, len(who_k))
            add_examined(rows, rng, who_k, np.full(len(who_k), kt), d, 0.02, 0.6, 0.1, done=done)
        if len(via_wp):
            for wps in C["wp"][q].values():
                for w in wps:
                    d = cohort[via_wp] + years(rng, 0.3, length, len(via_wp))
                    add_examined(rows, rng, via_wp, np.full(len(via_wp), w), d, 0.02, 0.6, 0.1, done=done)
        if len(via_bo):
            for bo in C["vp_bo"]:
                d = np.datetime64("2024-02-01") + years(rng, 0, 2.5, len(via_bo))
                add_examined(
                    rows,
                    rng,
                    via_bo,
                    np.full(len(via_bo), bo),
                    d,
                    p_exempt=0.0,
                    p_pass=0.92,
                    p_fail=0.03,
                    mark_pass=M_CERT,
                )
        if len(via_le):
            d = cohort[via_le] + years(rng, 0.4, length, len(via_le))
            add_examined(
                rows,
                rng,
                via_le,
                np.full(len(via_le), C["obmz"]),
                d,
                0.0,
                0.6,
                0.1,
                mark_pass=M_CERT,
                done=done,
            )
            d = cohort[via_le] + years(rng, 0.4, length, len(via_le))
            add_examined(rows, rng, via_le, np.full(len(via_le), C["obmz_w4"]), d, 0.02, 0.6, 0.1, done=done)
        # generic parts (loopbaan en burgerschap: no exam column)
        for g in C["generic"][q]:
            d = cohort[new] + years(rng, 0.5, length, len(new))
            add_examined(
                rows, rng, new, np.full(len(new), g), d, 0.03, 0.6, 0.1, exam_col=(g != C["lb"]), done=done
            )
        # keuzedelen: n_kd distinct per person, weighted (Gumbel top-k)
        keys = C["kd_w"][q][None, :] + rng.gumbel(size=(len(new), len(KEUZEDELEN)))
        chosen = np.argsort(-keys, axis=1)[:, :n_kd]
        kd_pid = np.repeat(new, n_kd)
        kd_unit = C["kd"][chosen.ravel()]
        kd_date = cohort[kd_pid] + years(rng, 0.8, length, len(kd_pid))
        present = rng.random(len(kd_pid)) < np.where(done[kd_pid], 0.98, 0.6)
        kd_pid, kd_unit, kd_date = kd_pid[present], kd_unit[present], kd_date[present]
        keep = kd_date <= END
        kd_pid, kd_unit, kd_date = kd_pid[keep], kd_unit[keep], kd_date[keep]
        m = len(kd_pid)
        grade = np.clip(np.round(rng.normal(np.where(done[kd_pid], 7.0, 6.0), 1.3) * 2) / 2, 1, 10)
        exempt = rng.random(m) < 0.03
        cert = (grade >= 5.5) & (rng.random(m) < 0.10) & ~exempt
        rows.add(
            kd_pid,
            kd_date,
            unit=kd_unit,
            grade=np.where(exempt, 0, grade_code(grade)),
            exam=np.where(exempt, 0, np.where(grade >= 5.5, 1, 2)),
            marks=np.where(cert, M_CERT, 0),
            exempt=exempt.astype(np.int32),
        )

    # zij-instromers: leereenheden, sometimes an EVC certificate and exemptions
    zij = np.flatnonzero(role == ZIJ)
    start = cohort[zij] + np.timedelta64(31, "D")  # about September 1st
    career_start[zij] = start
    track = rng.choice(4, len(zij), p=[0.30, 0.35, 0.20, 0.15])
    for tr, units in (
        (0, C["hzw_le"]),
        (1, C["vig_le"]),
        (2, np.array([C["obmz"]])),
        (3, np.array([C["medicatie"]])),
    ):
        who = zij[track == tr]
        for le in units:
            take = who[rng.random(len(who)) < 0.85]
            d = start[np.searchsorted(zij, take)] + years(rng, 0, 2.5, len(take))
            if tr == 0:  # the Helpende certificates exist from KD 23385, 2024-08-01
                d = np.maximum(d, np.datetime64("2024-08-01"))
            add_examined(
                rows,
                rng,
                take,
                np.full(len(take), le),
                d,
                p_exempt=0.0,
                p_pass=0.88,
                p_fail=0.07,
                mark_pass=M_CERT,
            )
        if tr == 0:
            take = who[rng.random(len(who)) < 0.30]
            d = start[np.searchsorted(zij, take)] + years(rng, 0.5, 3, len(take))
            add_examined(rows, rng, take, np.full(len(take), C["hplus"]), d, p_exempt=0.0, mark_pass=M_CERT)
    evc = zij[rng.random(len(zij)) < 0.15]
    d = start[np.searchsorted(zij, evc)] - years(rng, 0, 1, len(evc))
    rows.add(evc, d, title=C["evc_title"], marks=M_EVC)
    for kt in C["kerntaak"]["vig"][:3]:
        take = evc[rng.random(len(evc)) < 0.5]
        d = start[np.searchsorted(zij, take)] + years(rng, 0.2, 1.5, len(take))
        keep = d <= END
        rows.add(take[keep], d[keep], unit=kt, exempt=1)
    ned = zij[rng.random(len(zij)) < 0.10]
    d = start[np.searchsorted(zij, ned)] + years(rng, 0.2, 2, len(ned))
    keep = d <= END
    rows.add(ned[keep], d[keep], unit=C["ned2"], exam=1)

    # continuing education from the end of the programme (not before 2012) to END
    ce_start = np.maximum(career_start, EARLIEST)
    ce_start = np.minimum(ce_start, END)

    def by_role(rates):
        return np.asarray(rates, dtype=float)[role]

    # V&V-accredited courses: points (~ net hours), some from an NRTO provider, a few without points
    pid, d = poisson_events(rng, by_role([0.3, 1.2, 0.2, 1.6, 0.4]), ce_start, n)
    pts = pick(
        rng,
        [2, 3, 4, 6, 8, 12, 16, 24, 32],
        len(pid),
        p=[0.04, 0.06, 0.10, 0.14, 0.20, 0.18, 0.14, 0.09, 0.05],
    )
    nopts = rng.random(len(pid)) < 0.05
    rows.add(
        pid,
        d,
        title=pick(rng, C["titles"]["vv"], len(pid)),
        hours=pts,
        marks=np.where(rng.random(len(pid)) < 0.25, M_VV_NRTO, M_VV),
        points=np.where(nopts, 0, pts),
    )
    # ODA: points without accreditation
    pid, d = poisson_events(rng, by_role([0.1, 0.6, 0.1, 0.7, 0.1]), ce_start, n)
    rows.add(pid, d, title=pick(rng, C["titles"]["oda"], len(pid)), points=rng.integers(8, 49, len(pid)))
    # internal trainings: title only, no unit, no marks; everyone has an introduction when starting
    rows.add(np.arange(n), ce_start, title=TITLE.code("Introductie nieuwe medewerkers"), hours=4)
    pid, d = poisson_events(rng, by_role([0.5, 0.45, 0.5, 0.45, 0.6]), ce_start, n)
    rows.add(
        pid,
        d,
        title=pick(rng, C["titles"]["internal"], len(pid)),
        hours=pick(rng, [1, 2, 3, 4, 8, 16], len(pid)),
    )
    # bekwaamheidsverklaring voorbehouden handelingen (KICK protocols, practical test), valid 2 years
    pid, d = poisson_events(rng, by_role([0.25, 0.4, 0.05, 0.45, 0.25]), ce_start, n)
    rows.add(pid, d, unit=C["bekwaam"], marks=M_KICK, exam=np.where(rng.random(len(pid)) < 0.95, 1, 2))
    # KICK-based trainings without a unit
    pid, d = poisson_events(rng, by_role([0.08, 0.12, 0.02, 0.15, 0.08]), ce_start, n)
    rows.add(pid, d, title=pick(rng, C["titles"]["kick"], len(pid)), marks=M_KICK)
    # courses from NRTO / CRKBO / Cedeo providers
    pid, d = poisson_events(rng, by_role([0.12, 0.15, 0.25, 0.15, 0.15]), ce_start, n)
    rows.add(
        pid,
        d,
        title=pick(rng, C["titles"]["provider"], len(pid)),
        marks=pick(rng, [M_NRTO, M_CRKBO, M_CEDEO], len(pid), p=[0.6, 0.3, 0.1]),
        hours=pick(rng, [4, 8, 16, 24, 40], len(pid)),
        exam=np.where(rng.random(len(pid)) < 0.5, 1, 0),
    )
    # Registerplein (social work) and SOEC (gehandicaptenzorg), mostly begeleiders
    pid, d = poisson_events(rng, by_role([0.0, 0.02, 0.6, 0.02, 0.1]), ce_start, n)
    rows.add(
        pid, d, title=pick(rng, C["titles"]["rp"], len(pid)), marks=M_RP, points=rng.integers(2, 13, len(pid))
    )
    pid, d = poisson_events(rng, by_role([0.05, 0.05, 0.3, 0.02, 0.05]), ce_start, n)
    rows.add(
        pid,
        d,
        title=pick(rng, C["titles"]["soec"], len(pid)),
        marks=M_SOEC,
        hours=pick(rng, [8, 16, 24], len(pid)),
    )
    # Kwaliteitsregister Paramedici courses (rare in this workforce)
    pid, d = poisson_events(rng, by_role([0.0, 0.03, 0.0, 0.03, 0.0]), ce_start, n)
    rows.add(
        pid, d, title=pick(rng, C["titles"]["kp"], len(pid)), marks=M_KP, points=rng.integers(2, 9, len(pid))
    )
    # one-off branche courses: EVV (verzorgenden, some verpleegkundigen), GVP
    for unit, p_role in ((C["evv"], [0.0, 0.12, 0.0, 0.05, 0.0]), (C["gvp"], [0.0, 0.06, 0.0, 0.02, 0.0])):
        who = np.flatnonzero(rng.random(n) < by_role(p_role))
        d = ce_start[who] + (rng.random(len(who)) * (END - ce_start[who]).astype(np.int64)).astype(
            "timedelta64[D]"
        )
        kind = rng.choice(3, len(who), p=[0.55, 0.25, 0.20])
        rows.add(
            who,
            d,
            unit=unit,
            marks=np.choose(kind, [M_BRANCHE, M_VV, M_NRTO]),
            points=np.where(kind == 1, 20, 0),
            exam=1,
        )
    # NLQF-placed courses
    who = np.flatnonzero(rng.random(n) < 0.02)
    d = ce_start[who] + (rng.random(len(who)) * (END - ce_start[who]).astype(np.int64)).astype(
        "timedelta64[D]"
    )
    rows.add(
        who,
        d,
        title=pick(rng, C["titles"]["nlqf"], len(who)),
        marks=M_NLQF,
        exam=1,
        nlqf=rng.integers(4, 7, len(who)),
    )
    # Medicatie leereenheid for some helpenden and verzorgenden
    who = np.flatnonzero(rng.random(n) < by_role([0.05, 0.05, 0.0, 0.0, 0.0]))
    d = ce_start[who] + (rng.random(len(who)) * (END - ce_start[who]).astype(np.int64)).astype(
        "timedelta64[D]"
    )
    rows.add(who, d, unit=C["medicatie"], marks=M_CERT, exam=1)

    a = rows.arrays()
    order = np.lexsort((a["date"], a["pid"]))
    a = {k: v[order] for k, v in a.items()}
    person_cohort = np.where(role == ZIJ, 0, date_code(cohort))
    return a, role, person_cohort


# ---------------------------------------------------------------------------------------
# Formatting: scatter pre-encoded cells into one byte buffer


def format_block(a, role, person_cohort, first_person: int, encoded) -> bytes:
    n_rows = len(a["pid"])
    if n_rows == 0:
        return b""
    person_table = Table([f"p{i:07d}" for i in range(first_person, first_person + len(role))])
    cols = [
        (person_table, a["pid"] + 1),
        (UNIT, a["unit"]),
        (TITLE, a["title"]),
        (DATE, date_code(a["date"])),
        (HOURS, a["hours"]),
        (MARKS, a["marks"]),
        (EXAM, a["exam"]),
        (POINTS, a["points"]),
        (GRADE, a["grade"]),
        (LEVEL, a["niveau"]),
        (LEVEL, a["nlqf"]),
        (EXEMPT, a["exempt"]),
        (ROLE, (role + 1)[a["pid"]]),
        (DATE, person_cohort[a["pid"]]),
    ]
    enc = [
        (person_table.encoded() if tab is person_table else encoded[id(tab)], codes) for tab, codes in cols
    ]
    lens = [e[1][c] for e, c in enc]
    row_len = np.sum(lens, axis=0) + len(cols)  # commas and the newline
    row_start = np.zeros(n_rows, dtype=np.int64)
    np.cumsum(row_len[:-1], out=row_start[1:])
    buf = np.full(int(row_len.sum()), ord(","), dtype=np.uint8)
    pos = row_start.copy()
    for (arr, tlen), codes in enc:
        cl = tlen[codes]
        for j in range(arr.shape[1]):
            sel = np.flatnonzero(cl > j)
            if len(sel) == 0:
                break
            buf[pos[sel] + j] = arr[codes[sel], j]
        pos += cl + 1
    buf[pos - 1] = ord("\n")
    return buf.tobytes()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--people", type=int, default=2000, help="number of people (default 2000)")
    ap.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    ap.add_argument("--out", required=True, help="output CSV file")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.people < 0 or args.seed < 0:
        ap.error("--people and --seed must be >= 0")
    t0 = time.time()
    n_blocks = (args.people + BLOCK - 1) // BLOCK
    total = 0
    with open(args.out, "wb") as out:
        out.write((",".join(COLUMNS) + "\n").encode())
        # every cell text is registered at import time, so the tables are fixed here
        encoded = {
            id(tab): tab.encoded()
            for tab in (UNIT, TITLE, DATE, HOURS, MARKS, EXAM, POINTS, GRADE, LEVEL, EXEMPT, ROLE)
        }
        sizes = {id(tab): len(tab.values) for tab in (UNIT, TITLE, MARKS)}
        for b in range(n_blocks):
            n = min(BLOCK, args.people - b * BLOCK)
            # a whole block is always made, then cut: the first N people do not depend on --people
            a, role, person_cohort = make_block(args.seed, b, BLOCK)
            if n < BLOCK:
                keep = a["pid"] < n
                a = {k: v[keep] for k, v in a.items()}
                role, person_cohort = role[:n], person_cohort[:n]
            assert all(len(tab.values) == sizes[id(tab)] for tab in (UNIT, TITLE, MARKS)), "a cell table grew"
            out.write(format_block(a, role, person_cohort, b * BLOCK, encoded))
            total += len(a["pid"])
            if not args.quiet and sys.stderr.isatty():
                print(f"\r{(b + 1) * 100 // n_blocks:3d}%  {total:,} rows", end="", file=sys.stderr)
    if not args.quiet:
        end = "\n" if sys.stderr.isatty() else ""
        print(
            f"{end}{args.people:,} people, {total:,} rows, {time.time() - t0:.1f} s -> {args.out}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
