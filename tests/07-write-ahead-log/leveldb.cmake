# Chapter 7 against Debian's LevelDB (libleveldb-dev), built only where it is installed
# (scripts/install-deps.sh --peers). Included from this directory's CMakeLists.txt.
#
#   make_leveldb_log     writes golden_batches.h's batches with LevelDB and copies its log; the
#                        target ch07_golden_log rewrites data/leveldb-<version>.log with it (the
#                        checked-in data/leveldb-1.23.log was made so, with Debian's 1.23-4)
#   ch07_leveldb_tests   LevelDB opens a log our LogWriter wrote (leveldb_open_test.cpp); built
#                        with ch07_tests, label ch07
#   given.ch07.golden_log_reproduces
#                        the installed LevelDB, if it is 1.23, still writes the checked-in log
#                        byte for byte (label "given": it runs none of the learner's code)
#
# golden_test.cpp (in ch07_tests) reads the checked-in log and needs no LevelDB.
find_path(LSM_LEVELDB_INCLUDE_DIR leveldb/db.h)
find_library(LSM_LEVELDB_LIBRARY leveldb)
mark_as_advanced(LSM_LEVELDB_INCLUDE_DIR LSM_LEVELDB_LIBRARY)
if(NOT LSM_LEVELDB_INCLUDE_DIR OR NOT LSM_LEVELDB_LIBRARY)
  message(STATUS "ch07: LevelDB not found, ch07_leveldb_tests and make_leveldb_log not built "
                 "(install libleveldb-dev: scripts/install-deps.sh --peers)")
  return()
endif()

# The installed version, from the constants in leveldb/db.h.
set(_lsm_leveldb_version "")
foreach(_part Major Minor)
  file(STRINGS "${LSM_LEVELDB_INCLUDE_DIR}/leveldb/db.h" _line REGEX "k${_part}Version = [0-9]+")
  string(REGEX MATCH "k${_part}Version = ([0-9]+)" _line "${_line}")
  list(APPEND _lsm_leveldb_version "${CMAKE_MATCH_1}")
endforeach()
list(JOIN _lsm_leveldb_version "." _lsm_leveldb_version)

add_executable(make_leveldb_log make_leveldb_log.cpp)
# SYSTEM: LevelDB's headers must not fail the -Werror build with their warnings.
target_include_directories(make_leveldb_log SYSTEM PRIVATE "${LSM_LEVELDB_INCLUDE_DIR}")
target_link_libraries(make_leveldb_log PRIVATE "${LSM_LEVELDB_LIBRARY}" lsm_test_support
                                               lsm_build_flags)
add_custom_target(ch07_golden_log
  COMMAND make_leveldb_log "${CMAKE_CURRENT_SOURCE_DIR}/data/leveldb-${_lsm_leveldb_version}.log"
  COMMENT "Writing tests/07-write-ahead-log/data/leveldb-${_lsm_leveldb_version}.log with LevelDB"
  VERBATIM)

if(_lsm_leveldb_version STREQUAL "1.23")
  add_test(NAME given.ch07.golden_log_reproduces
    COMMAND make_leveldb_log --check "${CMAKE_CURRENT_SOURCE_DIR}/data/leveldb-1.23.log")
  set_tests_properties(given.ch07.golden_log_reproduces PROPERTIES LABELS given)
  add_dependencies(given_tests make_leveldb_log)
endif()

add_executable(ch07_leveldb_tests leveldb_open_test.cpp)
target_include_directories(ch07_leveldb_tests SYSTEM PRIVATE "${LSM_LEVELDB_INCLUDE_DIR}")
target_link_libraries(ch07_leveldb_tests PRIVATE lsm_ch07 "${LSM_LEVELDB_LIBRARY}"
                      Catch2::Catch2WithMain lsm_test_support lsm_build_flags)
catch_discover_tests(ch07_leveldb_tests TEST_PREFIX "ch07." PROPERTIES LABELS "ch07")
# Built with ch07_tests, so that scripts/check 07 runs these too.
add_dependencies(ch07_tests ch07_leveldb_tests)
message(STATUS "ch07: ch07_leveldb_tests and make_leveldb_log against LevelDB "
               "${_lsm_leveldb_version} (${LSM_LEVELDB_LIBRARY})")
