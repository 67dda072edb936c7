# Warning and sanitizer flags shared by every target of the project.
add_library(lsm_build_flags INTERFACE)
target_compile_options(lsm_build_flags INTERFACE -Wall -Wextra -Wpedantic)
if(LSM_WERROR)
  target_compile_options(lsm_build_flags INTERFACE -Werror)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # g++ 12 reports false positives from inlined libstdc++ std::string code at -O2/-O3:
  # -Wrestrict on string concatenation (GCC PR 105651, fixed in 13) fires in Release here, so it
  # is off; the other known ones, -Wmaybe-uninitialized and -Wstringop-overflow, stay visible as
  # warnings but cannot fail the -Werror build.
  target_compile_options(lsm_build_flags INTERFACE
    -Wno-restrict -Wno-error=maybe-uninitialized -Wno-error=stringop-overflow)
endif()

if(LSM_SANITIZE)
  set(_lsm_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(lsm_build_flags INTERFACE ${_lsm_san})
  target_link_options(lsm_build_flags INTERFACE ${_lsm_san})
endif()

if(LSM_FUZZ)
  # libFuzzer needs clang. Every target gets the fuzzer's coverage instrumentation and ASan +
  # UBSan, so the chapter libraries are fuzzed with the same checks as the harness; only the
  # fuzz_* executables link libFuzzer itself (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt).
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LSM_FUZZ needs clang (libFuzzer): use the 'fuzz' preset or "
                        "-DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(_lsm_fuzz_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(lsm_build_flags INTERFACE -fsanitize=fuzzer-no-link ${_lsm_fuzz_san})
  target_link_options(lsm_build_flags INTERFACE ${_lsm_fuzz_san})
endif()
