# SPDX-License-Identifier: Apache-2.0
# civeff_golden_test(<kind> <case>): runs the CLI on tests/golden/<kind>/<case>/ and
# compares its output with the expected files there (see run_golden.py for the
# layout of a case). `UPDATE_GOLDEN=1 ctest -L golden` rewrites the expected files.
include_guard(GLOBAL)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(CIVEFF_GOLDEN_RUNNER ${CMAKE_CURRENT_LIST_DIR}/run_golden.py)

function(civeff_golden_test kind case)
  set(dir ${PROJECT_SOURCE_DIR}/tests/golden/${kind}/${case})
  if(NOT IS_DIRECTORY ${dir})
    message(FATAL_ERROR "civeff_golden_test: no case directory ${dir}")
  endif()
  add_test(NAME golden.${kind}.${case}
    COMMAND Python3::Interpreter ${CIVEFF_GOLDEN_RUNNER} --civeff $<TARGET_FILE:civeff_cli> --kind ${kind} --case ${dir})
  set_tests_properties(golden.${kind}.${case} PROPERTIES LABELS golden)
endfunction()
