# The book: Markdown pages in book/, the API reference from the headers, and the figures,
# which the book build makes itself from this machine's benchmark JSON:
#   benchmarks (LsmRuns.cmake) -> bench/<name>.json -> scripts/plot_bench.py -> SVG + HTML table
#   -> Doxygen (warnings are errors) -> book/html/index.html
include_guard(GLOBAL)

set(LSM_BOOK_GENERATED "${CMAKE_BINARY_DIR}/book/generated")
set(_figure_outputs)
if(LSM_BUILD_BENCHMARKS)
  get_property(_reports GLOBAL PROPERTY LSM_BOOK_REPORTS)
  foreach(_report IN LISTS _reports)
    get_property(_benchmarks GLOBAL PROPERTY LSM_REPORT_${_report}_BENCHMARKS)
    get_property(_figures GLOBAL PROPERTY LSM_REPORT_${_report}_FIGURES)
    get_property(_ratios GLOBAL PROPERTY LSM_REPORT_${_report}_RATIOS)
    set(_outputs "${LSM_BOOK_GENERATED}/${_report}_results.html")
    set(_args)
    set(_inputs)
    foreach(_bench IN LISTS _benchmarks)
      list(APPEND _inputs "${LSM_BENCH_JSON_DIR}/${_bench}.json")
    endforeach()
    foreach(_figure IN LISTS _figures)
      string(REGEX REPLACE "\\|.*" "" _slug "${_figure}")
      list(APPEND _outputs "${LSM_BOOK_GENERATED}/${_report}_${_slug}.svg")
      list(APPEND _args --figure "${_figure}")
    endforeach()
    foreach(_ratio IN LISTS _ratios)
      list(APPEND _args --ratio "${_ratio}")
    endforeach()
    add_custom_command(OUTPUT ${_outputs}
      COMMAND "${LSM_PYTHON}" "${PROJECT_SOURCE_DIR}/scripts/plot_bench.py" ${_inputs}
              --out-dir "${LSM_BOOK_GENERATED}" --name ${_report} ${_args}
      DEPENDS ${_inputs} "${PROJECT_SOURCE_DIR}/scripts/plot_bench.py"
      COMMENT "Plotting ${_report} for the book"
      VERBATIM)
    list(APPEND _figure_outputs ${_outputs})
  endforeach()
endif()
add_custom_target(book_figures DEPENDS ${_figure_outputs})
get_property(_book_texts GLOBAL PROPERTY LSM_BOOK_TARGETS)
if(_book_texts)
  add_dependencies(book_figures ${_book_texts})
endif()

file(GLOB _pages CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/book/*.md")
file(GLOB _headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/common/*.h"
                                     "${PROJECT_SOURCE_DIR}/chapters/*/*.h")

set(DOXYGEN_PROJECT_NAME "lsm-tutorial")
set(DOXYGEN_PROJECT_BRIEF "Build an LSM tree, stage by stage")
set(DOXYGEN_PROJECT_NUMBER "${PROJECT_VERSION}")
set(DOXYGEN_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/book")
set(DOXYGEN_USE_MDFILE_AS_MAINPAGE "${PROJECT_SOURCE_DIR}/book/index.md")
set(DOXYGEN_EXAMPLE_PATH "${PROJECT_SOURCE_DIR}" "${LSM_BOOK_GENERATED}")
set(DOXYGEN_IMAGE_PATH "${LSM_BOOK_GENERATED}" "${PROJECT_SOURCE_DIR}/book")
set(DOXYGEN_STRIP_FROM_PATH "${PROJECT_SOURCE_DIR}")
set(DOXYGEN_STRIP_FROM_INC_PATH "${PROJECT_SOURCE_DIR}")
set(DOXYGEN_FULL_PATH_NAMES YES)
set(DOXYGEN_WARN_AS_ERROR FAIL_ON_WARNINGS)
set(DOXYGEN_WARN_IF_UNDOCUMENTED YES)
set(DOXYGEN_EXTRACT_ALL NO)
set(DOXYGEN_EXTRACT_PRIVATE NO)
set(DOXYGEN_SORT_MEMBER_DOCS NO)
set(DOXYGEN_GENERATE_TREEVIEW YES)
set(DOXYGEN_HAVE_DOT YES)
set(DOXYGEN_DOT_IMAGE_FORMAT svg)
set(DOXYGEN_QUIET YES)
set(DOXYGEN_HTML_TIMESTAMP NO)
set(DOXYGEN_SHOW_USED_FILES NO)
set(DOXYGEN_EXCLUDE_SYMBOLS "lsm::testing")

doxygen_add_docs(book ${_pages} ${_headers}
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the book with Doxygen")
add_dependencies(book book_figures)
