# What people read, in their language (issue 53: common/i18n.c, po/).
# test_i18n: a desk through the real command in Spanish (JSON lines and
# the terminal under tmux, NOT RECORDED's reason and a door's turn to people
# leaving too), in an English
# locale, in a locale that is not installed, a language with no
# catalogue, a script the block letters
# cannot draw, and the station page's /api/messages and the page itself
# in Chromium, then in the same browser a desk's page in German and the
# dashboard in French (`checkin --lang fr dashboard`); the terminal's
# order status in Japanese and its tutorials lined up under a Japanese
# label by columns.
checkin_test(test_i18n
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON PkgConfig::SQLITE3
  LABELS integration)
# pot_current: po/checkin.pot is what xgettext extracts from the sources
# now (scripts/update-pot --check), so no wrapped sentence escapes the
# catalogues.  pot_current_finds_a_stale_pot: the check still fails,
# naming the sentence, on its fixture's .pot that lacks a new one.  po_complete: every catalogue po/LINGUAS names is 100% by
# msgfmt --check --statistics and holds every message of the .pot
# (scripts/check-po).  po_complete_finds_a_gap: the check still fails,
# naming the language, on its fixture's catalogue with one message left
# untranslated, one fuzzy, and one behind its .pot.
add_test(NAME pot_current
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/update-pot ${CMAKE_SOURCE_DIR} --check)
add_test(NAME pot_current_finds_a_stale_pot
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/update-pot
          ${CHECKIN_TEST_DATA}/pot-stale --check)
add_test(NAME po_complete
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-po ${CMAKE_SOURCE_DIR}/po)
add_test(NAME po_complete_finds_a_gap
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-po ${CHECKIN_TEST_DATA}/po-gaps)
set_tests_properties(pot_current pot_current_finds_a_stale_pot po_complete
  po_complete_finds_a_gap PROPERTIES LABELS "unit;source")
set_tests_properties(pot_current_finds_a_stale_pot PROPERTIES
  PASS_REGULAR_EXPRESSION "^po/checkin.pot is stale[^\n]*\n.*\n\\+msgid \"A sentence added since the .pot was made.\"\n")
set_tests_properties(po_complete_finds_a_gap PROPERTIES
  PASS_REGULAR_EXPRESSION "xx: not 100%[^\n]*1 fuzzy translation, 1 untranslated message[^\n]*\nyy: behind po/checkin.pot[^\n]*\n")
# gettext_coverage: no sentence a person reads escapes gettext in
# commands/, runtime/ (a ck_fail's format there is extracted), `checkin
# demo` (demo/*.c), the label printers' printer/*.c or the pages
# (web/assets/*.html and *.js): each is the message of _(), N_(),
# ngettext() or the pages' t()/tf(), each page text is marked in
# web/station_page_text.c, or an `untranslated:` comment says why it is
# not for people; but the files scripts/gettext-pending lists, a list
# that only shrinks (scripts/check-gettext).
# gettext_coverage_finds_a_sentence: the check still names the printf
# sentence, a ck_fail's format outside an error room (commands/), a
# runtime/ message outside _() and a ck_fail's argument that is not its
# format, the bare array entry, the page texts no N_() marks, the
# JavaScript sentence, the demo's unwrapped narration, a label template's
# clause glued outside its ck_fail (printer/template.c, issue 53), a
# printer fault's words glued into a sentence in another printer/ file
# (printer/status.c; its codes' table, said untranslated, passes), pg/'s
# two bare phrases of what checkin was doing (pg_query's,
# store_step_done's) and the stale pending line planted in its fixture,
# and not the wrapped ones, the ck_fail and ck_wrap formats of an error
# room (po/ERROR-ROOMS), the N_() phrase and the SQL, the excused JSON field, comments or the script
# inside the HTML.
add_test(NAME gettext_coverage
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-gettext ${CMAKE_SOURCE_DIR})
add_test(NAME gettext_coverage_finds_a_sentence
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-gettext
          ${CHECKIN_TEST_DATA}/gettext)
set_tests_properties(gettext_coverage gettext_coverage_finds_a_sentence
  PROPERTIES LABELS "unit;source")
set_tests_properties(gettext_coverage_finds_a_sentence PROPERTIES
  PASS_REGULAR_EXPRESSION "^commands/says\\.c:6: \"Printed %d badges for the desk\\.\\\\n\" is a sentence outside gettext[^\n]*\ncommands/says\\.c:18: \"Give the event file first\\.\"[^\n]*\ndemo/narrates\\.c:7: \"The demo runs in %s now\\.\\\\n\" is a sentence outside gettext[^\n]*\nprinter/status\\.c:11: \"%s has its cover open\" is a sentence outside gettext[^\n]*\nprinter/template\\.c:6: \"'%s' is given twice in \\[label\\]\" is a sentence outside gettext[^\n]*\nruntime/station_loop\\.c:5: \"Now scanning people LEAVING the room\\.\"[^\n]*\nruntime/station_loop\\.c:8: \"desk or door\"[^\n]*\nruntime/station_sentence\\.c:2: \"Show your code[^\n]*\nweb/assets/kiosk\\.html:7: \"Go to the registration desk\\.\" is shown[^\n]*\nweb/assets/kiosk\\.html:8: \"Your code here\"[^\n]*\nweb/assets/kiosk\\.js:4: \"Please take your badge\\.\"[^\n]*\npg/stations\\.c:8: \"reading the stations\" is what checkin was doing, said in pg_query's error: mark it N_[^\n]*\npg/stations\\.c:11: \"recording the scan\" is what checkin was doing, said in store_step_done's[^\n]*\nscripts/gettext-pending: commands/clean\\.c has no sentence outside gettext now\; remove its line\\.\n$")
# test_i18n_kiosk: the attendee's own language at a kiosk (issue 53,
# item 3): a Japanese order's verdict in Japanese, then a German one's
# in German, the language button's French between them, the volunteer's
# JSON lines and the station's words in Spanish throughout; and
# /api/messages?lang= for another language, refused for one checkin
# does not speak.
checkin_test(test_i18n_kiosk
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n_kiosk.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON PkgConfig::SQLITE3
  LABELS integration)
# test_i18n_phone: the phones' pages in the station's language (issue 53):
# a door's /scan in Spanish (ready screen, verdicts, buttons, lang and
# dir) with the person's own sentence in their order's Japanese, the same
# door's in Hindi, and a sponsor's /booth in Hindi (/api/booth/messages);
# one Chromium, no camera (the reads sent as the page sends a code it
# decoded).
checkin_test(test_i18n_phone
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n_phone.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON PkgConfig::SQLITE3
  LABELS integration)
# test_i18n_names: a CSV's `locale` column stored as the registration's
# language, one warning a row for a language with no catalogue and for a
# cell that is no language tag, every row imported (issue 53, item 3);
# an Urdu name between U+2068 and U+2069 inside an English and a
# Japanese sentence on the terminal, read from tmux (item 4); `report
# uncollected`'s count in its plural form.
checkin_test(test_i18n_names
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n_names.c
  LIBS PkgConfig::SQLITE3
  LABELS integration)
# test_i18n_commands: the organizer's commands in Spanish with --lang es
# (issue 53, item 1): `report` and `badge`'s --help and `export`'s count,
# the JSON it writes English and the same as the English run's; the help
# English with no language asked (as the manual page is made); a
# ck_failn sentence in its count's form (English, German, Japanese).
checkin_test(test_i18n_commands
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n_commands.c
          ${CMAKE_CURRENT_SOURCE_DIR}/tcp_printer.c
  LIBS Threads::Threads
  LABELS integration)
# error_rooms_translated: every ck_fail format of the rooms po/ERROR-ROOMS
# lists (a list that only grows) is translated in every catalogue, so a
# volunteer reads a library's error in the station's language
# (scripts/check-error-rooms, ck_error_text).
# error_rooms_translated_finds_a_gap: the check still names the ck_fail
# planted untranslated in its fixture's listed room, and not the
# translated one, the one with no words or the unlisted room's.
add_test(NAME error_rooms_translated
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-error-rooms ${CMAKE_SOURCE_DIR})
add_test(NAME error_rooms_translated_finds_a_gap
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/check-error-rooms
          ${CHECKIN_TEST_DATA}/error-rooms)
set_tests_properties(error_rooms_translated error_rooms_translated_finds_a_gap
  PROPERTIES LABELS "unit;source")
set_tests_properties(error_rooms_translated_finds_a_gap PROPERTIES
  PASS_REGULAR_EXPRESSION "^xx: station/planted\\.c: \"'%s' is planted and untranslated\\.\" is a ck_fail format[^\n]*\n$")
