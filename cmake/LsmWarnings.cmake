# Warning and sanitizer flags shared by every target of the project.
add_library(lsm_build_flags INTERFACE)
target_compile_options(lsm_build_flags INTERFACE -Wall -Wextra -Wpedantic)
if(LSM_WERROR)
  target_compile_options(lsm_build_flags INTERFACE -Werror)
endif()

if(LSM_SANITIZE)
  set(_lsm_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(lsm_build_flags INTERFACE ${_lsm_san})
  target_link_options(lsm_build_flags INTERFACE ${_lsm_san})
endif()
