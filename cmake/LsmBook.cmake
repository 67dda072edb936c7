# The book: Markdown pages in book/, the API reference from the headers, and the figures,
# which the book build makes itself from this machine's benchmark JSON:
#   benchmarks (LsmRuns.cmake) -> bench/<name>.json -> scripts/plot_bench.py -> SVG + HTML table
#   -> Doxygen (warnings are errors) -> book/html/index.html
# Its look is Debian's doxygen-awesome-css, read from /usr/share (nothing of it is copied into
# the repository), plus the book's own small additions in book/theme/. `book_check` loads every
# page in Chromium (scripts/check_book.py) and saves screenshots in book/screenshots/.
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
# A private nested class (e.g. LogReader::Physical) would otherwise leave a "Classes" link at
# the top of its class's page to a section Doxygen 1.9.4 then leaves out (book_check: a dead
# anchor). Our public classes are all documented (warnings are errors), so this hides none of
# them; what goes is the undocumented std:: base classes in the class graphs (std::runtime_error
# above lsm::Error).
set(DOXYGEN_HIDE_UNDOC_CLASSES YES)
set(DOXYGEN_HAVE_DOT YES)
set(DOXYGEN_DOT_IMAGE_FORMAT svg)
# Doxygen's own graphs on the page's background, for dark mode (a \dot graph in a page sets
# bgcolor="transparent" itself, as book/index.md's map does).
set(DOXYGEN_DOT_TRANSPARENT YES)
set(DOXYGEN_QUIET YES)
set(DOXYGEN_HTML_TIMESTAMP NO)
set(DOXYGEN_SHOW_USED_FILES NO)
set(DOXYGEN_EXCLUDE_SYMBOLS "lsm::testing")

# The theme: doxygen-awesome-css's sidebar-only layout (the tree view is the sidebar, on every
# page) with its dark-mode toggle, copy buttons on code, heading links and the table of contents
# that follows the reading; its documented settings for Doxygen 1.9.4 (HTML_COLORSTYLE is for
# Doxygen >= 1.9.5 only). The extensions are started from a header made from this Doxygen's own
# template, so that the header always matches the Doxygen that uses it.
find_path(LSM_DOXYGEN_AWESOME_DIR doxygen-awesome.css
          PATHS /usr/share/doxygen-awesome-css NO_DEFAULT_PATH)
if(NOT LSM_DOXYGEN_AWESOME_DIR)
  message(FATAL_ERROR "The book's theme (Debian package 'doxygen-awesome-css') not found. "
                      "Run: sudo scripts/install-deps.sh  Or configure with -DLSM_BUILD_BOOK=OFF.")
endif()
set(_awesome "${LSM_DOXYGEN_AWESOME_DIR}/doxygen-awesome")
set(_theme "${PROJECT_SOURCE_DIR}/book/theme")
set(_extensions darkmode-toggle fragment-copy-button paragraph-link interactive-toc)
set(DOXYGEN_DISABLE_INDEX NO)
set(DOXYGEN_FULL_SIDEBAR NO)
set(DOXYGEN_TREEVIEW_WIDTH 335)  # = the theme's --side-nav-fixed-width
set(DOXYGEN_HTML_EXTRA_STYLESHEET "${_awesome}.css" "${_awesome}-sidebar-only.css"
                                  "${_awesome}-sidebar-only-darkmode-toggle.css"
                                  "${_theme}/lsm-book.css")
set(DOXYGEN_HTML_EXTRA_FILES "${_theme}/lsm-book.js")
set(_scripts "")
foreach(_ext IN LISTS _extensions)
  list(APPEND DOXYGEN_HTML_EXTRA_FILES "${_awesome}-${_ext}.js")
  string(APPEND _scripts
         "<script type=\"text/javascript\" src=\"$relpath^doxygen-awesome-${_ext}.js\"></script>\n")
endforeach()
string(APPEND _scripts
       "<script type=\"text/javascript\" src=\"$relpath^lsm-book.js\"></script>\n"
       "<script type=\"text/javascript\">\n"
       "  DoxygenAwesomeDarkModeToggle.init();\n"
       "  DoxygenAwesomeFragmentCopyButton.init();\n"
       "  DoxygenAwesomeParagraphLink.init();\n"
       "  DoxygenAwesomeInteractiveToc.init();\n"
       "</script>\n")
set(_theme_dir "${CMAKE_BINARY_DIR}/book/theme")
file(MAKE_DIRECTORY "${_theme_dir}")
file(REMOVE "${_theme_dir}/header.html.in" "${_theme_dir}/footer.html.in"
            "${_theme_dir}/style.css.in")  # else doxygen -w keeps .bak copies
execute_process(COMMAND "${DOXYGEN_EXECUTABLE}" -w html header.html.in footer.html.in style.css.in
                WORKING_DIRECTORY "${_theme_dir}" RESULT_VARIABLE _rc OUTPUT_QUIET)
set(_header "")
if(_rc EQUAL 0)
  file(READ "${_theme_dir}/header.html.in" _header)
endif()
string(FIND "${_header}" "</head>" _at)
if(_at EQUAL -1)
  message(FATAL_ERROR "`doxygen -w html` made no header with a </head> in ${_theme_dir}")
endif()
string(REPLACE "</head>" "${_scripts}</head>" _header "${_header}")
file(WRITE "${_theme_dir}/header.html.new" "${_header}")
file(COPY_FILE "${_theme_dir}/header.html.new" "${_theme_dir}/header.html" ONLY_IF_DIFFERENT)
file(REMOVE "${_theme_dir}/header.html.new")
set(DOXYGEN_HTML_HEADER "${_theme_dir}/header.html")

doxygen_add_docs(book ${_pages} ${_headers}
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Building the book with Doxygen")
add_dependencies(book book_figures)

# The book in a real browser: every page in Chromium at 1280 px (the book's own pages also at a
# phone's 390 px and in dark mode); fails on a JavaScript error, a broken image, a dead internal
# link or anchor, content wider than the window, or a sidebar without every book page. Needs
# `scripts/install-deps.sh --browser` (chromium, chromium-driver, python3-selenium).
set(_book_html "${CMAKE_BINARY_DIR}/book/html")
add_custom_target(book_check
  COMMAND "${LSM_PYTHON}" "${PROJECT_SOURCE_DIR}/scripts/check_book.py" "${_book_html}"
          --screenshots "${CMAKE_BINARY_DIR}/book/screenshots"
  COMMENT "Checking the book in Chromium (screenshots: ${CMAKE_BINARY_DIR}/book/screenshots)"
  USES_TERMINAL
  VERBATIM)
add_dependencies(book_check book)
# The check's own test: a broken image, an over-wide table, a dead link and a JavaScript error
# put into a scratch copy of the built book must each make it fail.
add_custom_target(book_check_selftest
  COMMAND "${PROJECT_SOURCE_DIR}/tests/book/check_book_selftest.sh" "${_book_html}"
  COMMENT "Testing book_check on a damaged copy of the book"
  USES_TERMINAL
  VERBATIM)
add_dependencies(book_check_selftest book)
