// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small Dutch ruleset (`language: nl`) with declared attributes and titles,
// shared by the tests of the `language` key and of the Dutch catalogue.

namespace civeff::testing {

inline const char* const dutch_yaml = R"yaml(civeff: 1
ruleset: taal-zorg
version: "1"
language: nl
attributes:
  points: {type: number, min: 0, title: Accreditatiepunten}
  exam: {type: bool, title: Examen behaald}
  grade: {type: number, title: Cijfer (1 tot en met 10)}
person_attributes:
  role: {type: text, values: [helpende, verzorgende, verpleegkundige], title: Functie}
  cohort: {type: date, title: Start van de opleiding}
scales:
  civil_effect: {title: Civiel effect, levels: [none, internal, sector, national]}
marks:
  - id: vv-accredited
    name: Kwaliteitsregister V&V
    valid_for: P5Y
    levels:
      civil_effect:
        - {when: attrs.points >= 4, level: sector}
        - {when: attrs.points * 2 >= 9, level: internal}
  - id: mbo-certificaat
    name: mbo-certificaat
    levels: {civil_effect: national}
  - id: x-regio
    name: Regionaal keurmerk
    levels: {civil_effect: internal}
units:
  - id: K1006
    kind: keuzedeel
    title: Palliatieve zorg
    hours: 240
    credit_when: attrs.exam == true or has_mark("mbo-certificaat")
  - id: KD-wondzorg
    kind: keuzedeel
    title: Wondzorg
    hours: 240
    notes: "estimate: the hours follow the usual 240."
  - id: CERT-palliatief
    kind: certificate
    title: Certificaat palliatieve zorg
    hours: 200
  - id: LE-wond-1
    kind: leereenheid
    title: Wondzorg 1
    hours: 100
  - id: LE-wond-2
    kind: leereenheid
    title: Wondzorg 2
    hours: 100
    notes: The title is unverified.
  - id: B1-K1
    kind: kerntaak
    title: Biedt zorg
    hours: 800
  - id: LE-zorg
    kind: leereenheid
    title: Leereenheid zorg
    hours: 600
equivalences:
  - id: eq-palliatief
    from: [CERT-palliatief]
    counts_as: [K1006]
  - id: eq-wond
    from: [LE-wond-1, LE-wond-2]
    counts_as: [KD-wondzorg]
    when: date >= 2020-01-01
  - id: eq-zorg
    equivalent: [LE-zorg, B1-K1]
diplomas:
  - id: helpende
    title: Helpende
    requires:
      all_of:
        - unit: B1-K1
        - {id: keuzedelen, hours: {min: 480, of: {kind: keuzedeel}}}
        - id: cohort-rule
          when: person.cohort >= 2020-08-01 and person.role in ["helpende", "verzorgende"]
          check: count_of(kind = "keuzedeel") >= 1
)yaml";

}  // namespace civeff::testing
