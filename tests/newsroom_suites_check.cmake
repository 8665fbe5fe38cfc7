# Run by ctest (e2e_newsroom.every_suite_registered): fails when
# e2e_newsroom_test has a test suite that no e2e_newsroom.* test runs, so a
# suite added to the newsroom tests is never silently skipped.
# Inputs: -DBINARY=<e2e_newsroom_test> -DREGISTERED=<suite;suite;...>
# [-DPREFIX=e2e_security: the ctest names, for the message]
if(NOT PREFIX)
  set(PREFIX e2e_newsroom)
endif()
execute_process(COMMAND ${BINARY} --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BINARY} --gtest_list_tests failed (${rc})")
endif()
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  # Suite lines start in column one and end with '.': "NewsroomCsrf." or
  # "Newsroom/PermissionMatrix." for a parameterized suite.
  if(line MATCHES "^([A-Za-z0-9_]+/)?([A-Za-z0-9_]+)\\.$")
    list(FIND REGISTERED "${CMAKE_MATCH_2}" found)
    if(found EQUAL -1)
      message(FATAL_ERROR "test suite ${CMAKE_MATCH_2} is not run by any ${PREFIX}.* "
                          "test: add it to the list in tests/CMakeLists.txt")
    endif()
  endif()
endforeach()
