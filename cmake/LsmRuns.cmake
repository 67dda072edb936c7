# Targets that run what the chapters built:
#   demos       every chapter's demo, one after the other
#   benchmarks  every chapter's benchmark, writing bench/<name>.json (arguments: LSM_BENCH_ARGS)
# Included at the end of the top-level CMakeLists.txt, after every chapter has registered.
include_guard(GLOBAL)

get_property(_demos GLOBAL PROPERTY LSM_DEMOS)
set(_demo_commands)
foreach(_demo IN LISTS _demos)
  list(APPEND _demo_commands COMMAND ${CMAKE_COMMAND} -E echo "=== ${_demo}" COMMAND $<TARGET_FILE:${_demo}>)
endforeach()
add_custom_target(demos ${_demo_commands} DEPENDS ${_demos} USES_TERMINAL
                  COMMENT "Running every chapter's demo")

set(LSM_BENCH_JSON_DIR "${CMAKE_BINARY_DIR}/bench")
set(LSM_BENCH_JSON_FILES)
if(LSM_BUILD_BENCHMARKS)
  separate_arguments(_bench_args UNIX_COMMAND "${LSM_BENCH_ARGS}")
  get_property(_benchmarks GLOBAL PROPERTY LSM_BENCHMARKS)
  foreach(_bench IN LISTS _benchmarks)
    set(_json "${LSM_BENCH_JSON_DIR}/${_bench}.json")
    add_custom_command(OUTPUT "${_json}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${LSM_BENCH_JSON_DIR}"
      COMMAND $<TARGET_FILE:${_bench}> ${_bench_args}
              --benchmark_out=${_json} --benchmark_out_format=json
      DEPENDS ${_bench}
      COMMENT "Running ${_bench} ${LSM_BENCH_ARGS}"
      USES_TERMINAL VERBATIM)
    list(APPEND LSM_BENCH_JSON_FILES "${_json}")
  endforeach()
  add_custom_target(benchmarks DEPENDS ${LSM_BENCH_JSON_FILES})
endif()
