# What people read, in their language (issue 53: common/i18n.c, po/).
# test_i18n: a desk through the real command in Spanish (JSON lines and
# the terminal under tmux), in an English locale, in a locale that is not
# installed, a language with no catalogue, a script the block letters
# cannot draw, and the station page's /api/messages and the page itself
# in Chromium.
checkin_test(test_i18n
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_i18n.c
          ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS PkgConfig::JANSSON
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
