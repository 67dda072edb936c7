# Helpers that give every chapter the same shape:
#   lsm_add_chapter_library  the chapter's library, built from exercises/ or solutions/
#   lsm_add_chapter_tests    Catch2 tests labelled chNN
#   lsm_add_given_tests      Catch2 tests of given code, labelled given
#   lsm_add_benchmark        a Google Benchmark binary with heap accounting
#   lsm_add_demo             a small narrated program
include_guard(GLOBAL)

# Sets <out_var> to TRUE when chapter <number> is built from exercises/.
function(lsm_chapter_uses_exercise number out_var)
  set(_uses FALSE)
  if(LSM_EXERCISES STREQUAL "all")
    set(_uses TRUE)
  elseif(number IN_LIST LSM_EXERCISES)
    set(_uses TRUE)
  endif()
  set(${out_var} ${_uses} PARENT_SCOPE)
endfunction()

# lsm_add_chapter_library(NUMBER 01 NAME memtable
#                         SOURCES <files in exercises|solutions/NN-name/>
#                         GIVEN <files in chapters/NN-name/, shared by both tracks>
#                         DEPENDS <libraries>)
# Creates the library lsm_chNN.
function(lsm_add_chapter_library)
  cmake_parse_arguments(ARG "" "NUMBER;NAME" "SOURCES;GIVEN;DEPENDS" ${ARGN})
  set(_dir "${ARG_NUMBER}-${ARG_NAME}")
  lsm_chapter_uses_exercise(${ARG_NUMBER} _exercise)
  if(_exercise)
    set(_track exercises)
  else()
    set(_track solutions)
  endif()
  list(TRANSFORM ARG_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/${_track}/${_dir}/")
  list(TRANSFORM ARG_GIVEN PREPEND "${PROJECT_SOURCE_DIR}/chapters/${_dir}/")

  set(_lib lsm_ch${ARG_NUMBER})
  add_library(${_lib} STATIC ${ARG_SOURCES} ${ARG_GIVEN})
  target_include_directories(${_lib} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${_lib} PUBLIC lsm_common ${ARG_DEPENDS} PRIVATE lsm_build_flags)
  if(_exercise)
    # Stubs leave parameters unused until the learner fills them in.
    target_compile_options(${_lib} PRIVATE -Wno-unused-parameter
                                           $<$<CXX_COMPILER_ID:Clang>:-Wno-unused-private-field>)
    # A warning in the learner's code is shown but never stops the build: scripts/check (no
    # -Werror) and "Run it yourself" (the solutions preset's -Werror) then build the same code.
    # Source options come after the target's, so this -Wno-error wins.
    set_source_files_properties(${ARG_SOURCES} PROPERTIES COMPILE_OPTIONS -Wno-error)
  endif()
  set_property(GLOBAL APPEND PROPERTY LSM_CHAPTER_TRACKS "ch${ARG_NUMBER}=${_track}")
  message(STATUS "Chapter ${ARG_NUMBER} (${ARG_NAME}): built from ${_track}/${_dir}")
endfunction()

# _lsm_add_catch_tests(<exe> <test prefix> <label> SOURCES <files> DEPENDS <libraries>)
# A Catch2 binary whose every test case becomes a ctest test "<prefix><name>" labelled <label>.
function(_lsm_add_catch_tests exe prefix label)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_executable(${exe} ${ARG_SOURCES})
  target_link_libraries(${exe} PRIVATE ${ARG_DEPENDS} lsm_test_support Catch2::Catch2WithMain
                                       lsm_build_flags)
  catch_discover_tests(${exe} TEST_PREFIX "${prefix}" PROPERTIES LABELS "${label}")
endfunction()

# lsm_add_chapter_tests(NUMBER 01 SOURCES <files in tests/NN-name/> DEPENDS <libraries>)
# Creates ch<NN>_tests; every Catch2 test case becomes a ctest test "chNN.<name>" labelled chNN.
function(lsm_add_chapter_tests)
  cmake_parse_arguments(ARG "" "NUMBER" "SOURCES;DEPENDS" ${ARGN})
  _lsm_add_catch_tests(ch${ARG_NUMBER}_tests "ch${ARG_NUMBER}." "ch${ARG_NUMBER}"
                       SOURCES ${ARG_SOURCES} DEPENDS ${ARG_DEPENDS})
endfunction()

# lsm_add_given_tests(NUMBER 03 SOURCES <files in tests/NN-name/> DEPENDS <libraries>)
# Tests of chapter NN's given code (locks, parsers, dump tools, format guards): they pass on an
# untouched stub, so they get the label "given" instead of chNN, and every chNN test still fails
# on the stub. Creates chNN_given_tests; ctest names its tests "given.chNN.<name>". The target
# given_tests builds every program the "given" label runs (add others with add_dependencies).
function(lsm_add_given_tests)
  cmake_parse_arguments(ARG "" "NUMBER" "SOURCES;DEPENDS" ${ARGN})
  _lsm_add_catch_tests(ch${ARG_NUMBER}_given_tests "given.ch${ARG_NUMBER}." "given"
                       SOURCES ${ARG_SOURCES} DEPENDS ${ARG_DEPENDS})
  if(NOT TARGET given_tests)
    add_custom_target(given_tests)
  endif()
  add_dependencies(given_tests ch${ARG_NUMBER}_given_tests)
endfunction()

# lsm_add_benchmark(<name> SOURCES <files> DEPENDS <libraries>
#                   [FIGURES "<slug>|<Family>|<counter>|<axis label>[|linear][|x=<label>]" ...]
#                   [RATIOS "<Family>|<counter>|<slower variant>|<faster variant>|<title>" ...])
# The binary gets the shared benchmark main (--quick, build context) and heap accounting.
# FIGURES and RATIOS become plots and tables in the book (scripts/plot_bench.py), named
# <prefix>_<slug>.svg and <prefix>_results.html, where <prefix> is the part of <name> before
# "_bench" (ch01_bench -> ch01).
function(lsm_add_benchmark name)
  if(NOT LSM_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;FIGURES;RATIOS" ${ARGN})
  string(REGEX REPLACE "_bench$" "" _prefix "${name}")
  lsm_add_book_report(${_prefix} BENCHMARKS ${name} FIGURES ${ARG_FIGURES} RATIOS ${ARG_RATIOS})
  add_executable(${name} ${ARG_SOURCES})
  # Object libraries reach only the targets that link them directly, so name both.
  target_link_libraries(${name} PRIVATE ${ARG_DEPENDS} lsm_bench_support lsm_heap_tracking
                                        lsm_build_flags)
  set_property(GLOBAL APPEND PROPERTY LSM_BENCHMARKS ${name})
endfunction()

# lsm_add_demo(<name> SOURCES <files> DEPENDS <libraries>)
function(lsm_add_demo name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPENDS} lsm_build_flags)
  set_property(GLOBAL APPEND PROPERTY LSM_DEMOS ${name})
endfunction()

# lsm_add_book_text(<name> COMMAND <shell command> DEPENDS <targets>)
# Runs <shell command> at book build time and saves its standard output as
# build/<preset>/book/generated/<name>.txt, for a chapter page to show with \verbinclude.
# In the command, $<TARGET_FILE:...> names programs and @GENERATED@ is the generated directory.
function(lsm_add_book_text name)
  if(NOT LSM_BUILD_BOOK)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "COMMAND;DEPENDS" ${ARGN})
  set(_generated "${CMAKE_BINARY_DIR}/book/generated")
  string(REPLACE "@GENERATED@" "${_generated}" _command "${ARG_COMMAND}")
  add_custom_command(OUTPUT "${_generated}/${name}.txt"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_generated}"
    COMMAND sh -c "( ${_command} ) > ${_generated}/${name}.txt"
    DEPENDS ${ARG_DEPENDS}
    COMMENT "Generating ${name}.txt for the book"
    VERBATIM)
  add_custom_target(book_text_${name} DEPENDS "${_generated}/${name}.txt")
  set_property(GLOBAL APPEND PROPERTY LSM_BOOK_TARGETS book_text_${name})
endfunction()

# lsm_add_book_report(<name> BENCHMARKS <bench> ... FIGURES ... RATIOS ...)
# Figures and tables for the book drawn from one or more benchmarks' JSON, in one
# <name>_results.html and <name>_<slug>.svg files (see lsm_add_benchmark for the specs).
function(lsm_add_book_report name)
  cmake_parse_arguments(ARG "" "" "BENCHMARKS;FIGURES;RATIOS" ${ARGN})
  if(NOT ARG_FIGURES AND NOT ARG_RATIOS)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY LSM_BOOK_REPORTS ${name})
  set_property(GLOBAL PROPERTY LSM_REPORT_${name}_BENCHMARKS "${ARG_BENCHMARKS}")
  set_property(GLOBAL PROPERTY LSM_REPORT_${name}_FIGURES "${ARG_FIGURES}")
  set_property(GLOBAL PROPERTY LSM_REPORT_${name}_RATIOS "${ARG_RATIOS}")
endfunction()
