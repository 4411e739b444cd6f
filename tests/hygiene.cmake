# Source hygiene, run by ctest so that it fails here as it does in CI.
# These checks and those in honesty.cmake read the repository's files
# (and the twins their fixtures), whatever the build: label `source`, so
# that CI runs them once, in README's stage, and not again under ASan.
# banned_calls: no C source calls strcat, strcpy, sprintf, gets, atoi,
# strtok and the like, and no room that grows its arrays through
# common/'s checkin/vec.h calls realloc (scripts/check-banned-calls, which
# names file:line).
# banned_calls_finds_a_call: the script still reports the one call and
# the one realloc planted in its fixture and passes over the ones in
# comments and strings, a name ending in realloc, and common/'s realloc.
add_test(NAME banned_calls
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-banned-calls ${CMAKE_SOURCE_DIR})
add_test(NAME banned_calls_finds_a_call
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-banned-calls
          ${CHECKIN_TEST_DATA}/banned-calls)
set_tests_properties(banned_calls banned_calls_finds_a_call PROPERTIES
  LABELS "unit;source")
set_tests_properties(banned_calls_finds_a_call PROPERTIES
  PASS_REGULAR_EXPRESSION "^sample\\.c:11: strcpy\\(\\) is banned[^\n]*\nstore/grow\\.c:11: realloc\\(\\) grows an array by hand[^\n]*\n$")
# file_sizes: no product C source or header is longer than 1,500 lines and
# cli/'s .c files are 2,200 lines at most in all (scripts/check-file-sizes,
# which names each file and cli/'s total).
# file_sizes_finds_a_file: the script still names the one long file and
# cli/'s total planted in its fixture, and not the file at the limit,
# cli/'s header or the long file under tests/.
add_test(NAME file_sizes
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-file-sizes ${CMAKE_SOURCE_DIR})
add_test(NAME file_sizes_finds_a_file
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-file-sizes
          ${CHECKIN_TEST_DATA}/file-sizes)
set_tests_properties(file_sizes file_sizes_finds_a_file PROPERTIES
  LABELS "unit;source")
set_tests_properties(file_sizes_finds_a_file PROPERTIES
  PASS_REGULAR_EXPRESSION "^import/long\\.c: 1501 lines, more than 1,500[^\n]*\ncli/\\*\\.c: 2201 lines in all[^\n]*\n$")
# function_lengths: no function in a product C source is longer than 120
# lines, brace to brace, but those listed in
# scripts/function-lengths-allowed, which may not grow past their line and
# whose line goes when they are split (scripts/check-function-lengths,
# which names file:line and each stale line).
# function_lengths_finds_a_function: the script still names the long
# function, the listed one that grew and the stale line planted in its
# fixture, and not the function at the limit, the listed one that shrank
# or the long one under tests/.
# function_lengths_finds_unbalanced_braces: the script fails, naming the
# file, on a column-0 brace inside a function and on braces that do not
# balance at a function's column-0 `}`, rather than measure something else.
add_test(NAME function_lengths
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-function-lengths
          ${CMAKE_SOURCE_DIR})
add_test(NAME function_lengths_finds_a_function
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-function-lengths
          ${CHECKIN_TEST_DATA}/function-lengths)
add_test(NAME function_lengths_finds_unbalanced_braces
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-function-lengths
          ${CHECKIN_TEST_DATA}/function-lengths-braces)
set_tests_properties(function_lengths function_lengths_finds_a_function
  function_lengths_finds_unbalanced_braces PROPERTIES
  LABELS "unit;source")
set_tests_properties(function_lengths_finds_a_function PROPERTIES
  PASS_REGULAR_EXPRESSION "^import/long\\.c:20: parse\\(\\) is 121 lines, more than 120[^\n]*\nruntime/grown\\.c:5: run\\(\\) is 130 lines, longer than the 125 [^\n]*\nscripts/function-lengths-allowed: sync/split\\.c apply\\(\\) is 60 lines now, within 120[^\n]*\n$")
set_tests_properties(function_lengths_finds_unbalanced_braces PROPERTIES
  PASS_REGULAR_EXPRESSION "^store/nested\\.c:5: a `{` at column 0 inside the function outer\\(\\)[^\n]*\nsync/twice\\.c:13: the braces of pick\\(\\) \\(line 4\\) do not balance[^\n]*\n$")
# library_printing: no .c file in a library room (all but commands/,
# cli/, demo/, synthcam/; runtime/ but its display_*.c screens) prints
# to a person through printf, puts, putchar, perror, or fprintf, fputs
# and the like on stdout, stderr or a stream named msgs (a person's
# messages), but those listed in
# scripts/library-printing-allowed, whose line goes when they stop
# (scripts/check-library-printing, which names file:line and each stale
# line; issue 51, item 1).
# library_printing_finds_a_call: the script still names the printf, the
# fprintf(stderr, ...) wrapped over two lines, the fputs(..., stdout),
# the fprintf(ui->msgs, ...) and fputs(..., msgs) and the stale line
# planted in its fixture, and not a write to a
# handed-in stream, the calls in a comment or a string, a screen, a
# listed file, commands/ or tests/.
add_test(NAME library_printing
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-library-printing
          ${CMAKE_SOURCE_DIR})
add_test(NAME library_printing_finds_a_call
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-library-printing
          ${CHECKIN_TEST_DATA}/library-printing)
set_tests_properties(library_printing library_printing_finds_a_call
  PROPERTIES LABELS "unit;source")
set_tests_properties(library_printing_finds_a_call PROPERTIES
  PASS_REGULAR_EXPRESSION "^import/prints\\.c:7: printf\\(\\) prints to a person[^\n]*\nimport/rows\\.c:9: fprintf\\(\\) prints[^\n]*\nimport/rows\\.c:10: fputs\\(\\) prints[^\n]*\nruntime/loop\\.c:6: fprintf\\(\\) prints[^\n]*\nruntime/loop\\.c:8: fputs\\(\\) prints[^\n]*\nscripts/library-printing-allowed: event/cleaned\\.c no longer prints to a person\; remove its line\\.\n$")
# raw_sql: no product C source outside store/ prepares SQL by hand without
# a `/* raw: WHY */` comment on the line before; the rest go through
# store_prepare (scripts/check-raw-sql, which names file:line).
# raw_sql_finds_a_call: the script still names the prepare without a
# comment, the one whose comment gives no reason and the _v3 one planted
# in its fixture, and not the one with its reason, the calls named in a
# comment or a string, store/'s or tests/'.
add_test(NAME raw_sql
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-raw-sql ${CMAKE_SOURCE_DIR})
add_test(NAME raw_sql_finds_a_call
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-raw-sql
          ${CHECKIN_TEST_DATA}/raw-sql)
set_tests_properties(raw_sql raw_sql_finds_a_call PROPERTIES
  LABELS "unit;source")
set_tests_properties(raw_sql_finds_a_call PROPERTIES
  PASS_REGULAR_EXPRESSION "^event/bad\\.c:6: sqlite3_prepare_v2\\(\\) outside store/[^\n]*\nevent/bad\\.c:12: sqlite3_prepare_v2\\(\\) outside store/[^\n]*\nsync/v3\\.c:7: sqlite3_prepare_v3\\(\\) outside store/[^\n]*\n$")
# commit_subjects: every commit since c21687c (the newest that broke the
# rule; older history stays as it landed), merges aside, has a subject of
# at most 72 characters and a body (scripts/check-commit-subjects, which
# names each commit; skipped without git or history to read).
# commit_subjects_finds_a_commit: the script still names the commit with a
# 73-character subject and the one without a body in a throwaway
# repository, and not the one that keeps the rule.
add_test(NAME commit_subjects
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-commit-subjects
          ${CMAKE_SOURCE_DIR} c21687c)
add_test(NAME commit_subjects_finds_a_commit
  COMMAND sh ${CMAKE_SOURCE_DIR}/tests/commit_subjects_fixture.sh
          ${CMAKE_SOURCE_DIR}/scripts/check-commit-subjects)
set_tests_properties(commit_subjects commit_subjects_finds_a_commit
  PROPERTIES LABELS "unit;source" SKIP_RETURN_CODE 77)
# COST: its plain seconds in main's cost data of 2026-11-28 (loaded)
# over 1.3, the median ratio of the other COSTs to the same data.
set_tests_properties(commit_subjects PROPERTIES COST 63)
set_tests_properties(commit_subjects_finds_a_commit PROPERTIES
  PASS_REGULAR_EXPRESSION "^COMMIT: its subject is 73 characters, more than 72[^\n]*\nCOMMIT: it has no body[^\n]*\n$")
# format: every C source is as clang-format (Debian 12's, version 14) makes
# it with the repository's .clang-format (scripts/check-format names the
# files; clang-format -i fixes them).  Skipped when clang-format is absent.
add_test(NAME format
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-format ${CMAKE_SOURCE_DIR})
set_tests_properties(format PROPERTIES LABELS "unit;source" SKIP_RETURN_CODE 77)
# format_finds_a_file: the script still names the one file planted in its
# fixture, and only it (scripts/check-format runs one clang-format over
# every file and names each from its report).
add_test(NAME format_finds_a_file
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-format ${CHECKIN_TEST_DATA}/format)
set_tests_properties(format_finds_a_file PROPERTIES LABELS "unit;source"
  SKIP_RETURN_CODE 77
  PASS_REGULAR_EXPRESSION "^planted\\.c: not formatted as \\.clang-format says\; run clang-format -i planted\\.c\n$")
# every_count_reads_the_live_journal: no query in the rooms that query the
# event file (store/, event/, import/, report/, station/, sync/, web/)
# reads the journal's table where it should read live_scan, the journal
# less what was undone (scripts/check-live-journal names file:line);
# ..._finds_a_read: the script still reports the one read planted in its
# fixture, split across two string literals, and passes over the others.
add_test(NAME every_count_reads_the_live_journal
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-live-journal ${CMAKE_SOURCE_DIR})
add_test(NAME every_count_reads_the_live_journal_finds_a_read
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-live-journal
          ${CHECKIN_TEST_DATA}/live-journal)
set_tests_properties(every_count_reads_the_live_journal
  every_count_reads_the_live_journal_finds_a_read PROPERTIES LABELS "unit;source")
set_tests_properties(every_count_reads_the_live_journal_finds_a_read
  PROPERTIES PASS_REGULAR_EXPRESSION
  "^common/sample\\.c:3: reads the journal table scan[^\n]*\n$")
# internals_match_the_code: the claims of docs/internals.md a script can
# check hold (scripts/check-internals, issue 51): its rooms table and
# CONTRIBUTING.md's equal the top CMakeLists.txt's CHECKIN_ROOM_* table,
# its threads section names every call that starts a thread in a product
# source, and every repository path README.md, CONTRIBUTING.md and
# docs/ name exists.
# internals_match_the_code_finds_a_fault: the script still names each
# fault planted in its fixture (tests/data/internals/README), and only
# those.
add_test(NAME internals_match_the_code
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-internals ${CMAKE_SOURCE_DIR})
add_test(NAME internals_match_the_code_finds_a_fault
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-internals
          ${CHECKIN_TEST_DATA}/internals)
set_tests_properties(internals_match_the_code
  internals_match_the_code_finds_a_fault PROPERTIES LABELS "unit;source")
set_tests_properties(internals_match_the_code_finds_a_fault PROPERTIES
  PASS_REGULAR_EXPRESSION "^docs/internals\\.md:9: web/ may use \"common\" here[^\n]*\ndocs/internals\\.md:10: room ghost/ has no folder\ndocs/internals\\.md: no row for the room sync/[^\n]*\nsync/pool\\.c:6: starts a thread[^\n]*\\(`sync/pool\\.c`, `worker`\\)\nweb/server\\.c:11: starts a thread[^\n]*\\(`other`\\)\nREADME\\.md:3: names scripts/check-nothing, which does not exist\nREADME\\.md:3: names badge/gone\\.c, which does not exist\ndocs/internals\\.md:14: names web/gone\\.c, which does not exist\ndocs/internals\\.md:15: names checkin/none\\.h, which does not exist\n$")
# kind_branches: runtime/, commands/ and web/ (its pages' scripts but the
# dashboard's and the service worker's) never branch on a station's kind,
# by its journal mode or its word; they ask the kind's traits (issue 51;
# scripts/check-kind-branches, which names file:line).
# kind_branches_finds_a_branch: the script still names the mode compared,
# the switch, station_is_expo, a kind's word and a page's d.mode planted
# in its fixture, and not a trait asked, a comment, an export's name, the
# dashboard's or station/'s.
add_test(NAME kind_branches
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-kind-branches ${CMAKE_SOURCE_DIR})
add_test(NAME kind_branches_finds_a_branch
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-kind-branches
          ${CHECKIN_TEST_DATA}/kind-branches)
set_tests_properties(kind_branches kind_branches_finds_a_branch PROPERTIES
  LABELS "unit;source")
set_tests_properties(kind_branches_finds_a_branch PROPERTIES
  PASS_REGULAR_EXPRESSION "^commands/role\\.c:6: a kind's word compared[^\n]*\nruntime/screen\\.c:4: SCAN_DOOR: [^\n]*\nruntime/screen\\.c:6: a switch on the mode[^\n]*\nruntime/screen\\.c:10: station_is_expo\\(\\)[^\n]*\nruntime/screen\\.c:14: the mode compared[^\n]*\nweb/assets/page\\.js:4: the mode compared[^\n]*\n$")
# result_copies: no code outside station/ copies a struct station_result
# by `=` or memcpy, which would share the parts it owns and free them
# twice (station_result_copy gives a copy its own), and runtime/,
# commands/, web/, cli/ and bench/ read those parts only through the
# accessors of checkin/station.h (issue 51 item 4;
# scripts/check-result-copies, which names file:line).
# result_copies_finds_a_copy: the script still names the copies by `=`
# (a declaration, a dereference, a header's member) and memcpy and the
# private read planted in its fixture, and not a move from a call, an
# initializer, station_result_copy, a comment, a keep marked as sharing,
# station/'s or a test's scribble.
add_test(NAME result_copies
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-result-copies ${CMAKE_SOURCE_DIR})
add_test(NAME result_copies_finds_a_copy
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-result-copies
          ${CHECKIN_TEST_DATA}/result-copies)
set_tests_properties(result_copies result_copies_finds_a_copy PROPERTIES
  LABELS "unit;source")
set_tests_properties(result_copies_finds_a_copy PROPERTIES
  PASS_REGULAR_EXPRESSION "^runtime/screen\\.c:6: a struct station_result copied by =[^\n]*\nruntime/screen\\.c:7: a struct station_result copied by =[^\n]*\nruntime/screen\\.c:8: a struct station_result copied by =[^\n]*\nruntime/screen\\.c:9: memcpy of a struct station_result[^\n]*\nruntime/screen\\.c:10: memcpy of a struct station_result[^\n]*\nruntime/screen\\.c:11: reads a result's private parts[^\n]*\n$")
