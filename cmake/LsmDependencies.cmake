# Every dependency comes from Debian; scripts/install-deps.sh installs them all.
set(_lsm_install_hint "Run: sudo scripts/install-deps.sh  (installs every dependency from Debian)")

find_package(Catch2 2 QUIET)
if(NOT Catch2_FOUND)
  message(FATAL_ERROR "Catch2 v2 (Debian package 'catch2') not found. ${_lsm_install_hint}")
endif()
include(Catch)

if(LSM_BUILD_BENCHMARKS)
  find_package(benchmark 1.7 QUIET)
  if(NOT benchmark_FOUND)
    message(FATAL_ERROR "Google Benchmark (Debian package 'libbenchmark-dev') not found. "
                        "${_lsm_install_hint}  Or configure with -DLSM_BUILD_BENCHMARKS=OFF.")
  endif()
endif()

if(LSM_BUILD_BOOK)
  find_package(Doxygen 1.9 QUIET COMPONENTS dot)
  find_package(Python3 COMPONENTS Interpreter QUIET)
  if(NOT DOXYGEN_FOUND OR NOT Doxygen_dot_FOUND)
    message(FATAL_ERROR "Doxygen and Graphviz (Debian packages 'doxygen', 'graphviz') not found. "
                        "${_lsm_install_hint}  Or configure with -DLSM_BUILD_BOOK=OFF.")
  endif()
  # The plot script needs matplotlib from Debian's python3-matplotlib, so use Debian's python.
  find_program(LSM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  if(NOT LSM_PYTHON)
    message(FATAL_ERROR "Debian's /usr/bin/python3 not found. ${_lsm_install_hint}")
  endif()
  execute_process(COMMAND "${LSM_PYTHON}" -c "import matplotlib"
                  RESULT_VARIABLE _lsm_mpl OUTPUT_QUIET ERROR_QUIET)
  if(NOT _lsm_mpl EQUAL 0)
    message(FATAL_ERROR "matplotlib (Debian package 'python3-matplotlib') not found. ${_lsm_install_hint}")
  endif()
endif()
