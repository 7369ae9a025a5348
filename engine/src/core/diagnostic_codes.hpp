// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every diagnostic code in one place; docs/language.md lists each with an example.

namespace civeff::detail::codes {

// Files and YAML
inline constexpr const char* io = "E001";              // file missing or unreadable
inline constexpr const char* yaml_syntax = "E002";     // the YAML does not parse
inline constexpr const char* language_version = "E003";// `civeff:` missing or not 1
inline constexpr const char* unknown_key = "E004";     // a key the spec does not name
inline constexpr const char* repeated_key = "E005";    // a key twice in one mapping
inline constexpr const char* missing_key = "E006";     // a required key is absent
inline constexpr const char* wrong_shape = "E007";     // a scalar where a list was expected, etc.
inline constexpr const char* include_glob = "E008";    // glob matches nothing, included twice, outside the folder
inline constexpr const char* duplicate_id = "E009";    // an id twice in one section
inline constexpr const char* bad_date = "E010";        // not YYYY-MM-DD or no such day
inline constexpr const char* bad_duration = "E011";    // not PnYnMnD
inline constexpr const char* bad_number = "E012";      // not a number, or out of range
inline constexpr const char* bad_language = "E013";    // `language:` other than nl or en
// References and structure
inline constexpr const char* unknown_reference = "E020";  // unit, mark, scale, equivalence id
inline constexpr const char* unknown_level = "E021";      // level not on its scale
inline constexpr const char* bad_requirement = "E022";    // empty all_of, n out of range, min <= 0
inline constexpr const char* mark_cycle = "E023";         // `implies` cycle
inline constexpr const char* overlay_error = "E024";      // remove of a missing id, changing `version`, setting `language`
inline constexpr const char* bad_window = "E025";         // effective.from after effective.to
inline constexpr const char* unknown_attribute = "E026";  // attrs.NAME / person.NAME not declared (SPEC §11)
inline constexpr const char* attribute_value = "E027";    // a text literal outside the declared `values`
// Expressions
inline constexpr const char* expr_syntax = "E030";     // the expression does not parse
inline constexpr const char* expr_type = "E031";       // operand types do not fit
inline constexpr const char* expr_context = "E032";    // variable or function not allowed here
inline constexpr const char* expr_chain = "E033";      // `a < b < c`
inline constexpr const char* literal_zero = "E034";    // a division by a literal zero
// Inputs (portfolio, CSV, arguments)
inline constexpr const char* input_io = "E040";        // input file missing or unreadable
inline constexpr const char* input_shape = "E041";     // bad portfolio structure or field
inline constexpr const char* unknown_mark = "E042";    // a mark id not in the ruleset
inline constexpr const char* csv_row = "E043";         // malformed CSV row (quotes, column count)
inline constexpr const char* csv_cell = "E044";        // bad date, hours, exempt cell
inline constexpr const char* person_attribute = "E045";// person.NAME differs between rows
inline constexpr const char* bad_argument = "E046";    // command-line argument
inline constexpr const char* out_is_input = "E047";    // --out would overwrite an input of the same command
inline constexpr const char* write_failed = "E048";    // writing an output failed (ENOSPC, EPIPE, EFBIG, EIO)
// Evaluation
inline constexpr const char* division_by_zero = "E050";
// Tests
inline constexpr const char* test_failed = "E060";
inline constexpr const char* bad_test =
    "E061";  // a test expectation that cannot hold (progress outside 0..1, unknown leaf in `missing`)
inline constexpr const char* test_overlay = "E062";     // a test's `overlay` cannot be read
inline constexpr const char* snapshot_format = "E063";  // a snapshot file that is not one civeff wrote
inline constexpr const char* snapshot_population =
    "E064";  // the population is not the one the snapshot was taken of
inline constexpr const char* snapshot_moved = "E065";  // a snapshot row whose outcome moved
inline constexpr const char* include_wildcard = "E066";  // a wildcard include in rules read through a loader
// What if (ruleset::what_if, `civeff whatif`)
inline constexpr const char* what_if_unit = "E080";   // an added achievement: no unit, unknown, twice, after as_of
inline constexpr const char* what_if_mark = "E081";   // an added achievement's mark is not in the ruleset
inline constexpr const char* what_if_value = "E082";  // --attr or --hours (attrs, hours) that do not convert
inline constexpr const char* what_if_order = "E083";  // --marks, --attr or --hours before any --add, or twice for one
// Printing a report to PDF (print_pdf, person_report/pdf_printer.cpp)
inline constexpr const char* pdf_no_chromium = "E084";  // no Chromium to print with
inline constexpr const char* pdf_failed = "E085";       // Chromium failed, or wrote no PDF
inline constexpr const char* pdf_timeout = "E086";      // Chromium took longer than the timeout
inline constexpr const char* pdf_files = "E087";        // the temporary files cannot be written or read
// Warnings
inline constexpr const char* warn_double_count = "W001";  // equivalent units both counted by one hours requirement
inline constexpr const char* warn_conversion = "W010";    // an input value of a declared attribute does not convert
inline constexpr const char* warn_undeclared = "W011";    // a CSV column or portfolio attribute that is not declared
inline constexpr const char* warn_mark_one_side = "W012"; // diff: a mark of one side only, carried in the population
inline constexpr const char* warn_unit_case = "W013";     // an unknown unit id equal to a known one but for case
inline constexpr const char* warn_selector = "W014";      // a selector kind or tag that no unit declares
inline constexpr const char* warn_badge_shadowed = "W015";  // a badges entry an earlier one always matches first
inline constexpr const char* warn_badge_unmatched = "W016"; // a credential no badges entry matches (error under --strict)
inline constexpr const char* warn_no_proof = "W017";        // a credential that carries no proof (and is no JWT)
// Deep checks (analysis/, `civeff check`)
inline constexpr const char* warn_unreachable_diploma = "W020";  // no set of units completes a diploma
inline constexpr const char* warn_unused = "W021";               // a unit or equivalence nothing reaches
inline constexpr const char* warn_shadowed_case = "W022";        // a mark case an earlier case always pre-empts
inline constexpr const char* warn_never_holds = "W023";          // a condition that can never hold
inline constexpr const char* warn_hours_chain = "W024";          // equivalences that more than double the hours
inline constexpr const char* warn_equivalence_cycle = "W025";    // a cycle through a directed equivalence
inline constexpr const char* warn_redundant_equivalence = "W026";// a directed target its sources already credit
inline constexpr const char* warn_case_order = "W027";           // a later mark case gives a higher level

}  // namespace civeff::detail::codes
