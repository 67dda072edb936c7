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
