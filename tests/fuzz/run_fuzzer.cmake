# Runs libFuzzer targets for ctest (tests/fuzz/CMakeLists.txt) and keeps the test output short:
# each run's full output goes to WORK/logs/<mode>-<target>.log; the test prints libFuzzer's
# final statistics (executions, coverage, corpus), and the end of the report if a run fails.
#
#   cmake -DMODE=fuzz|regress -DTARGETS=a,b -DFUZZER_a=<exe> -DCORPUS_a=<dir> ... -DWORK=<dir>
#         [-DSECONDS=N] -P run_fuzzer.cmake
#
# MODE=fuzz     fuzzes for SECONDS, reading CORPUS_<t> (never written) and keeping new inputs
#               in WORK/corpus/<t>, which persists between runs.
# MODE=regress  runs every file in CORPUS_<t> once, without mutation, all in one process; if
#               that fails, runs each file alone to name every input that fails and why.
# Crashes are saved as WORK/artifacts/<t>/crash-<sha1> (or leak-, timeout-, oom-).
cmake_minimum_required(VERSION 3.25)

set(_common_args -timeout=10 -rss_limit_mb=2048)

# The last 6000 characters of `text`, where libFuzzer and the sanitizers put their report.
function(_tail text out_var)
  string(LENGTH "${text}" _length)
  if(_length GREATER 6000)
    math(EXPR _from "${_length} - 6000")
    string(SUBSTRING "${text}" ${_from} -1 text)
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The line that says why a run failed: the harness's own message, else the sanitizer's summary.
function(_reason text out_var)
  set(_why "")
  if(text MATCHES "\\*\\*\\* fuzz: ([^\n]*)")
    set(_why "${CMAKE_MATCH_1}")
  elseif(text MATCHES "(terminate called[^\n]*\n[^\n]*what\\(\\):[^\n]*)")
    string(REPLACE "\n" " " _why "${CMAKE_MATCH_1}")
  elseif(text MATCHES "SUMMARY: ([^\n]*)")
    set(_why "${CMAKE_MATCH_1}")
  endif()
  set(${out_var} "${_why}" PARENT_SCOPE)
endfunction()

string(REPLACE "," ";" _targets "${TARGETS}")
set(_failed "")
foreach(_target IN LISTS _targets)
  set(_fuzzer "${FUZZER_${_target}}")
  set(_corpus "${CORPUS_${_target}}")
  set(_artifacts "${WORK}/artifacts/${_target}/")
  set(_log "${WORK}/logs/${MODE}-${_target}.log")
  get_filename_component(_name "${_fuzzer}" NAME)
  file(MAKE_DIRECTORY "${_artifacts}" "${WORK}/logs")

  if(MODE STREQUAL "fuzz")
    set(_scratch "${WORK}/corpus/${_target}")
    file(MAKE_DIRECTORY "${_scratch}")
    execute_process(
      COMMAND "${_fuzzer}" ${_common_args} -artifact_prefix=${_artifacts}
              -max_total_time=${SECONDS} -print_final_stats=1 "${_scratch}" "${_corpus}"
      RESULT_VARIABLE _result OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
    file(WRITE "${_log}" "${_output}")
    string(REGEX MATCHALL
           "(INFO: seed corpus: [^\n]*|#[0-9]+[ \t]+DONE[^\n]*|Done [0-9]+ runs[^\n]*|stat::[^\n]*)"
           _lines "${_output}")
    list(JOIN _lines "\n  " _summary)
    message("${_name}, ${SECONDS} s, from ${_corpus} (new inputs: ${_scratch}):\n  ${_summary}")
    if(_result EQUAL 0 AND NOT _output MATCHES "stat::number_of_executed_units: [0-9]+")
      set(_result "no execution count in the output")
    endif()
    if(NOT _result EQUAL 0)
      _reason("${_output}" _why)
      _tail("${_output}" _report)
      message("${_name} FAILED (${_result}): ${_why}\nfull log: ${_log}\n...\n${_report}")
      list(APPEND _failed ${_name})
    endif()

  elseif(MODE STREQUAL "regress")
    file(GLOB _inputs LIST_DIRECTORIES false "${_corpus}/*")
    list(LENGTH _inputs _count)
    if(_count EQUAL 0)
      message(FATAL_ERROR "${_name}: no corpus files in ${_corpus}")
    endif()
    execute_process(
      COMMAND "${_fuzzer}" ${_common_args} -artifact_prefix=${_artifacts} ${_inputs}
      RESULT_VARIABLE _result OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
    file(WRITE "${_log}" "${_output}")
    string(REGEX MATCHALL "Executed [^\n]+ in [0-9]+ ms" _executed "${_output}")
    list(LENGTH _executed _done)
    if(_result EQUAL 0 AND _done EQUAL _count)
      message("${_name}: all ${_count} corpus files in ${_corpus} ran once each, no failure")
    else()
      # Run each input alone, so that one failure does not hide the others.
      message("${_name}: FAILED (${_result}); each of the ${_count} corpus files alone:")
      set(_first_report "")
      foreach(_input IN LISTS _inputs)
        get_filename_component(_file "${_input}" NAME)
        execute_process(
          COMMAND "${_fuzzer}" ${_common_args} -artifact_prefix=${_artifacts} "${_input}"
          RESULT_VARIABLE _one OUTPUT_VARIABLE _one_output ERROR_VARIABLE _one_output)
        if(_one EQUAL 0)
          message("  ok      ${_file}")
        else()
          _reason("${_one_output}" _why)
          message("  FAILED  ${_file}: ${_why}")
          file(WRITE "${WORK}/logs/regress-${_target}-${_file}.log" "${_one_output}")
          if(NOT _first_report)
            _tail("${_one_output}" _first_report)
          endif()
        endif()
      endforeach()
      message("full logs: ${WORK}/logs/regress-${_target}*.log; the first failure's report:\n"
              "...\n${_first_report}")
      list(APPEND _failed ${_name})
    endif()

  else()
    message(FATAL_ERROR "MODE must be fuzz or regress, not '${MODE}'")
  endif()
endforeach()

if(_failed)
  message(FATAL_ERROR "failed: ${_failed}")
endif()
