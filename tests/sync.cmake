# Stations in step through a PostgreSQL hub, one test a room of sync
# (issue 51, docs/internals.md: pg/, hubschema/, sync/, hub/), and the
# booths' and doors' traffic through it: each process starts a throwaway
# PostgreSQL 15 server of its own (pgserver.c over the product's
# launcher, pglocal/: the build tree's template cluster copied to a
# temporary folder and the postmaster on it, as `nobody` when run as
# root), stopped however the test ends.  Skipped (77) when the server is
# not installed.  What they share, tests/sync_util.{c,h} and the hub
# fixture, is built once as checkin_sync_tests.
add_library(checkin_sync_tests STATIC ${CMAKE_CURRENT_SOURCE_DIR}/sync_util.c
  ${CHECKIN_HUB_FIXTURE} ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  ${CMAKE_CURRENT_SOURCE_DIR}/tcp_printer.c)
target_compile_definitions(checkin_sync_tests PRIVATE
  TEST_DATA_DIR="${CHECKIN_TEST_DATA}"
  CONFIG_DIR="${CMAKE_SOURCE_DIR}/config"
  CHECKIN_BIN="$<TARGET_FILE:checkin>"
  CHECKIN_AXE_DIR="${CHECKIN_AXE_DIR}")
# The older hubs the tests make take sync/'s own scan_fault
# (hub_schema.h).
target_include_directories(checkin_sync_tests PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/sync)
target_link_libraries(checkin_sync_tests PUBLIC checkin_pglocal
  checkin_station checkin_sync checkin_data PkgConfig::PQ
  PkgConfig::SQLITE3 PkgConfig::JANSSON PkgConfig::SODIUM Threads::Threads)
add_dependencies(checkin_sync_tests checkin)
#
# Under ThreadSanitizer the tests leave out (TSAN_SKIP) the cases in
# which every process runs on one thread: one-shot `checkin sync`, `hub`
# and `add-station` commands and SQL at the hub, no running station,
# dashboard, relay or loopback printer (only `checkin scan` online or
# with a printer, and `checkin dashboard`, start threads: a sync worker,
# a desk's print worker, the web servers'; and `hub add-station` its
# check of the event file, which add_station_refuses_a_damaged_event_
# file_and_keeps_nothing runs there).  Those whose desks and doors scan
# with `checkin scan --offline` and no printer start no thread either:
# they call no helper that starts a station, dashboard, relay, printer
# or browser, and strace -f -e clone of a sample of them found no
# CLONE_THREAD but `hub add-station`'s; nor does a one-shot `checkin
# print` to a file, or `hub add-station` killed mid-copy.  (The cases'
# CPU under TSan: 700 s with them, 357 s without; 2026-11-27.)  The plain
# and ASan stages run them.  A test all of whose cases are left out there
# carries no `threads` label; a case added runs under TSan unless named.
# Also left out there: twenty desks syncing at once (test_sync_pg), whose
# concurrency is between processes, at PostgreSQL, which ThreadSanitizer
# does not see (it sees a process's own threads, each desk's the same as
# in a one-desk case); it was 20 desks' TSan-slowed CPU, the largest case
# of the stage.  And eleven cases by coverage (2026-11-29): every product
# line and branch each runs is run by cases that run under TSan, named in
# tests/tsan_skip_cover.txt (tools/case-coverage-drop.py, the counts the
# ASan list below was chosen from); 51.5 s of TSan CPU, 62 s of wall in
# main's last TSan run.
#
# Under AddressSanitizer (ASAN_SKIP) cases are left out whose C
# paths the others run there, and whose time is something else: twenty
# desks syncing at once (test_sync_pg: a test of the hub's transactions,
# PostgreSQL's side, which ASan does not see; each desk's sync is every
# other case's: 67 s of ASan CPU), and a desk's printer out of labels at
# the organizer (test_hub_admin: 77 s, 19 of them CPU: three waits for a
# desk's timed sync; the printer's ~HS reading, its state at the hub and
# in the dashboard's snapshot and event stream run under ASan in a_desks_
# printer_wakes_the_dashboard_and_no_idle_station, test_status and
# test_print).  The printer's case runs under TSan; the twenty desks run
# in README's stage only (above).
# Left out too (2026-11-29; ASan CPU of each case in CI's last ASan run,
# a load of 12): test_sync_round's two idle stations (an_idle_station_
# sleeps_until_its_file_or_the_hub_wakes_it 2.9 s of CPU in 24 s,
# an_idle_station_loop_sleeps_until_its_input_wakes_it 3.9 s in 27 s):
# their time is the kernel's count of wake-ups over three of the sync
# worker's one-second probes, which ASan does not check; the poll loop
# and its wakes by the scanner, the file and the hub run in every case
# with a running station (running_desks_see_each_others_check_ins,
# a_check_in_reaches_another_desk_in_one_round_trip_of_its_pull).  And
# five of test_hubschema's upgrades, whose subject is the upgrade's SQL
# (hub_upgrade runs every step's text through one loop, run under ASan
# by every upgrade case kept) and whose desks and doors sync through
# code other kept cases run at an older hub: a format 8 hub taking
# supervisors (2.8 s; a desk's pull at an older hub is a_newer_station_
# pushes_to_a_format_7_hub's, supervisors reaching desks doors_and_
# booths_hold_no_pin_hash's), a format 9 hub upgraded keeping its rows
# (8.6 s; its desks push as at a format 16 hub, a_format_16_hub_takes_
# rows_without_the_read_time, and hub status's line for an older
# checkin is an_older_station_is_named_with_what_it_misses'), a format
# 13 hub's doors shown the same rows (2.4 s; a door's pull), a format
# 20 hub hashing secrets as checkin does (3.5 s; pgcrypto's, the door's
# pull of hashed codes is test_door_sync's) and a format 21 hub's
# trigger telling dashboards of printers (1.9 s; a trigger, the desk's
# sync at an older hub as above).  Together 19.2 s of ASan CPU and 68 s
# of wall at that load (test_hubschema 144 s of CPU).  README's stage
# runs them all, the TSan stage the two idle stations.
# And 42 cases by coverage (2026-11-29): each case of the seven tests
# below but test_seatlease, and of test_preprint_hub (the nine above
# aside), ran alone in a --coverage build (tools/case-coverage), and
# from the dearest under ASan down, a case is left out when every
# product line and branch it ran is run by a case still kept
# (tools/case-coverage-drop.py).
# tests/asan_skip_cover.txt names, for each, the kept cases that run its
# lines.  Kept whatever their coverage: cases whose subject is a kill or
# a cut copy (a process killed writes no counts), odd data (backslashes,
# a large pull: the same lines, other bytes), and the cases named above
# as running a left-out case's C.  177 s of ASan CPU, 233 s of the
# stage's summed test time in CI's last run.  The plain stage runs them.
#
# Until issue 51 these 132 cases were one test_sync.c of 9,974 lines run
# as three parts (355 s in CI's plain build, 807 s under ASan, 754 s
# under TSan: CI of c4d229c), each part about 118 s.  Each test below is
# a process with its own server that `ctest -j2` runs beside the others;
# the two largest run as two parts (every other case).  In one run of
# all eight at -j2 (2026-11-27, the two cores shared with other builds)
# the cases took 500 s of CPU, the old parts' shares 177, 171 and 152 s,
# the new tests' 46 to 91 s (test_hubschema the most); COST is each
# test's share of that CPU applied to CI's 355 s.  The ceiling is a hang
# guard, far above any test's ASan time.

# One sync round and the worker (sync/): rows pushed and pulled, never
# twice and never skipped, rows the hub refuses, live stations and their
# idle sleep, walk-ins and edits made at desks.
checkin_test(test_sync_round SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sync_round.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 2
  TSAN_SKIP
    an_edit_of_a_ticket_the_hub_lacks_waits_there_and_is_placed
    an_edit_at_one_desk_shows_at_the_other_and_meets_reimports
    a_name_with_backslashes_reaches_the_hub_and_desks_intact
    registration_changes_reach_the_desks
    a_desks_pull_start_reads_registrations_by_index_after_a_publish
    an_undo_is_seen_at_a_second_station
    a_desks_undo_naming_no_supervisor_is_set_aside
    a_desks_bad_walkins_and_edits_are_set_aside_and_counted
    a_running_desk_claims_its_run_once_a_session
    a_running_desks_check_in_syncs_in_two_round_trips
    a_walkin_at_one_desk_is_known_at_every_station
    a_desk_cannot_speak_for_another_desk
    a_hold_travels_through_the_hub_and_its_reason_does_not
    a_check_in_at_one_desk_is_known_at_the_other
    an_override_at_one_desk_reaches_the_hub_and_the_others
    a_row_committed_late_is_not_skipped
    rows_of_another_stations_run_are_refused
    rows_with_a_day_that_disagrees_are_set_aside
    a_hub_stepped_up_from_format_41_sets_aside_the_same_rows
    a_push_repeated_after_a_kill_adds_nothing
    a_pushed_row_is_set_aside_with_its_first_fault
    # By coverage: tests/tsan_skip_cover.txt.
    a_check_in_wakes_no_booth_and_no_door
    forged_wake_ups_cost_at_most_one_sync_per_interval
    a_desk_switched_on_catches_up_before_its_first_scan
    running_desks_see_each_others_check_ins
  ASAN_SKIP
    an_idle_station_sleeps_until_its_file_or_the_hub_wakes_it
    an_idle_station_loop_sleeps_until_its_input_wakes_it
    an_edit_of_a_ticket_the_hub_lacks_waits_there_and_is_placed
    a_pulls_count_of_check_ins_equals_a_recount
    forged_wake_ups_cost_at_most_one_sync_per_interval
    a_check_in_wakes_no_booth_and_no_door
    an_undo_is_seen_at_a_second_station
    a_desks_undo_naming_no_supervisor_is_set_aside
    a_row_committed_late_is_not_skipped
    a_pushed_row_is_set_aside_with_its_first_fault
    a_desks_pull_start_reads_registrations_by_index_after_a_publish
    rows_with_a_day_that_disagrees_are_set_aside
    a_hub_stepped_up_from_format_41_sets_aside_the_same_rows
    registration_changes_reach_the_desks
    a_desk_switched_on_catches_up_before_its_first_scan)
set_tests_properties(test_sync_round_1of2 test_sync_round_2of2
  PROPERTIES TIMEOUT 1500 COST 37)

# The organizer's administration (hub/): hub init and publishing,
# hub add-station and a station's first pull, retired, wiped and copied
# station files, hub status, signing keys, the organizer's undo and
# dashboard.
checkin_test(test_hub_admin SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hub_admin.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 2
  TSAN_SKIP
    a_rotated_signing_key_reaches_the_live_desks
    add_station_makes_a_private_file_with_its_own_role
    a_first_pull_leaves_every_index_in_place
    a_first_pull_gives_a_code_named_twice_to_the_later
    hub_init_publishes_the_event_and_remembers_the_hub
    hub_init_digests_each_registration_as_jansson_dumps_it
    a_publish_the_hub_refuses_is_not_noted_in_the_file
    an_enrolled_station_takes_no_web_token_of_the_organizers
    a_killed_add_station_leaves_no_station_file
    a_badge_printed_before_the_organizers_undo_admits_nowhere
    a_badge_printed_before_the_organizers_undo_syncs_first_too
    an_add_station_cut_mid_copy_keeps_none_of_its_rows
    a_copied_station_file_cannot_sync_as_a_second_station
    a_stations_status_and_conflicts_are_bounded_by_the_hub
    an_organizers_undo_reaches_every_station
    an_organizers_undo_supersedes_the_printed_badge
    a_wiped_desk_enrolled_again_is_a_new_station
    a_first_pull_by_copy_keeps_every_byte_and_a_door_its_room
    a_first_pull_leaves_a_status_the_file_refuses_waiting
    the_events_zone_is_checked_once_when_published
    canonical_json_is_jansson_s_byte_for_byte
    # By coverage: tests/tsan_skip_cover.txt.
    a_pull_says_here_without_waiting_for_the_hubs_disk
  ASAN_SKIP
    a_desks_printer_out_of_labels_shows_at_the_organizer
    a_badge_printed_before_the_organizers_undo_admits_nowhere
    an_organizers_undo_supersedes_the_printed_badge
    a_stations_status_and_conflicts_are_bounded_by_the_hub
    a_pull_says_here_without_waiting_for_the_hubs_disk
    an_enrolled_station_takes_no_web_token_of_the_organizers
    the_events_zone_is_checked_once_when_published
    a_first_pull_leaves_every_index_in_place)
set_tests_properties(test_hub_admin_1of2 test_hub_admin_2of2
  PROPERTIES TIMEOUT 1500 COST 58)

# The hub's formats (hubschema/): older hubs upgraded, older and newer
# stations at a hub of another format.  Under ThreadSanitizer only its
# three cases with running stations.
checkin_test(test_hubschema SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hubschema.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 1
  TSAN_SKIP
    a_leads_tags_go_up_after_the_hubs_upgrade
    a_format_11_booth_works_at_a_format_12_hub
    a_format_11_hub_is_upgraded_to_13_keeping_its_changes
    an_older_hub_is_upgraded_by_the_organizer
    a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same
    a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers
    a_format_13_hub_upgraded_shows_its_doors_the_same_rows
    an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade
    a_format_8_hub_takes_supervisors_at_its_upgrade
    a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins
    a_newer_station_pushes_to_a_format_7_hub
    an_older_station_never_pulls_an_undo
    an_older_door_file_forgets_what_a_door_need_not_hold
    rows_an_older_hub_took_are_set_aside_at_its_upgrade
    a_format_17_hub_takes_the_organizers_undo_once_upgraded
    a_format_9_hub_is_upgraded_to_10_keeping_its_rows
    an_upgraded_station_fetches_the_undos_it_skipped
    a_desk_at_a_format_7_hub_refuses_an_undo
    the_hubs_upgrade_is_run_again_when_it_deadlocks
    a_format_19_hub_is_upgraded_to_20_with_its_desks_in_step
    hub_status_shows_each_stations_checkin_version
    a_format_28_hub_takes_a_stations_sync_without_its_version
    a_format_29_hub_takes_a_desks_claims_once_upgraded
    the_dashboard_counts_each_desks_line_from_the_triage
    a_format_31_hub_takes_the_triages_sends_once_upgraded
  ASAN_SKIP
    a_format_8_hub_takes_supervisors_at_its_upgrade
    a_format_9_hub_is_upgraded_to_10_keeping_its_rows
    a_format_13_hub_upgraded_shows_its_doors_the_same_rows
    a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same
    a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers
    an_upgraded_station_fetches_the_undos_it_skipped
    a_format_17_hub_takes_the_organizers_undo_once_upgraded
    a_running_door_forgets_at_the_hubs_upgrade_and_admits
    a_format_29_hub_takes_a_desks_claims_once_upgraded
    a_format_11_booth_works_at_a_format_12_hub
    an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade
    a_format_31_hub_takes_the_triages_sends_once_upgraded
    a_format_11_hub_is_upgraded_to_13_keeping_its_changes
    hub_status_shows_each_stations_checkin_version
    a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins)
set_tests_properties(test_hubschema
  PROPERTIES TIMEOUT 1500 COST 64)

# Booths and the expo hall through the hub: leads, notes, exports,
# revocations, a booth's phone.
checkin_test(test_booth_sync SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_booth_sync.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 1
  TSAN_SKIP
    doors_and_booths_hold_no_pin_hash
    the_organizer_writes_a_booths_leads_from_the_hub
    an_expo_sync_killed_after_its_push_keeps_the_held_leads
    notes_and_ratings_typed_at_booths_reach_the_export
    add_station_writes_the_expo_booths_qr_codes
    an_expo_stations_booths_leads_reach_their_sponsors
    a_revocation_is_lifted_once_the_order_is_paid
    a_booth_exports_its_sponsors_consenting_leads_through_the_hub
    a_booths_row_under_a_desks_name_is_refused
    # By coverage: tests/tsan_skip_cover.txt.
    a_booth_reads_no_attendee_and_writes_only_its_leads
    a_running_expo_station_sends_a_booths_lead
  ASAN_SKIP
    a_running_expo_station_sends_a_booths_lead
    notes_and_ratings_typed_at_booths_reach_the_export
    a_running_booth_sends_leads_and_learns_revocations
    a_booth_reads_no_attendee_and_writes_only_its_leads
    a_booths_row_under_a_desks_name_is_refused)
set_tests_properties(test_booth_sync
  PROPERTIES TIMEOUT 1500 COST 48)

# A desk's check-ins carried in the hub's notification (hub format 40):
# no pull at the other running desks, forged and replayed payloads;
# the herald (hub/herald.c): wakes through it, none lost when it goes,
# and it stops once retired.
checkin_test(test_fan_hub SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_fan_hub.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 1
  # By coverage: tests/tsan_skip_cover.txt.
  TSAN_SKIP
    a_check_in_reaches_the_other_desks_without_a_pull
  ASAN_SKIP
    a_check_in_reaches_the_other_desks_without_a_pull)
set_tests_properties(test_fan_hub
  PROPERTIES TIMEOUT 900 COST 45)

# Doors and counters through the hub: a door's room, lists,
# invitations, capacity across doors, swaps at counters.
checkin_test(test_door_sync SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_door_sync.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 1
  TSAN_SKIP
    a_slot_claimed_twice_while_cut_off_is_settled_alike
    an_open_space_board_and_door_run_on_enrolled_files
    a_door_role_reads_exactly_its_lists_people
    a_door_cannot_push_a_walkin
    a_door_holds_its_room_and_no_contact_details_or_secrets
    a_tshirt_handed_at_one_counter_is_refused_at_another
    a_tshirt_handed_at_a_counter_is_ticked_at_the_desk
    a_door_role_reads_no_answer_its_list_does_not_show
    an_undo_on_a_counters_file_reaches_the_other_counter
    an_invitation_list_reaches_the_summit_door
    # By coverage: tests/tsan_skip_cover.txt.
    a_reprint_at_a_running_desk_revokes_the_old_badge_at_the_door
  ASAN_SKIP
    a_door_role_reads_exactly_its_lists_people
    a_door_role_reads_no_answer_its_list_does_not_show
    a_tutorial_moved_on_the_laptop_reaches_a_running_door_and_desk
    a_door_cannot_push_a_walkin)
set_tests_properties(test_door_sync
  PROPERTIES TIMEOUT 1500 COST 58)

# The hub's connection (pg/) from the stations' side: the throwaway
# server itself, a hub stopped, locked, silent or cut off, twenty desks
# and two syncs at once.
checkin_test(test_sync_pg SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sync_pg.c
  LIBS checkin_sync_tests
  LABELS integration threads PARTS 1
  TSAN_SKIP
    servers_copy_a_template_made_once_and_again_when_stale
    two_syncs_of_one_file_at_once_claim_its_run_once
    a_sync_whose_hub_stops_says_only_its_own_sentence
    the_server_stops_however_the_test_ends
    twenty_desks_at_once_end_with_the_same_set
    # By coverage: tests/tsan_skip_cover.txt.
    a_silent_hub_goes_offline_and_the_desk_still_exits
    a_desk_cut_off_keeps_deciding_and_catches_up
  ASAN_SKIP
    twenty_desks_at_once_end_with_the_same_set
    two_syncs_of_one_file_at_once_claim_its_run_once
    a_desk_cut_off_keeps_deciding_and_catches_up
    a_silent_hub_goes_offline_and_the_desk_still_exits)
set_tests_properties(test_sync_pg
  PROPERTIES TIMEOUT 1500 COST 50)

# Rows pulled from the hub, whatever it sends, under libFuzzer
# (tests/fuzz/README.md); the corpus replays as a test here.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_pull ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_pull.c
  checkin_sync checkin_data PkgConfig::PQ PkgConfig::SQLITE3
  FLOOR 95 RUNS 1000)
foreach(t fuzz_pull_replay fuzz_pull)
  if(TARGET ${t})
    target_include_directories(${t} PRIVATE ${CMAKE_SOURCE_DIR}/sync)
    target_compile_definitions(${t} PRIVATE
      CONFIG_DIR="${CMAKE_SOURCE_DIR}/config")
  endif()
endforeach()

# Seat leases: two doors of one room through a relay the test cuts
# (issue 29.3, docs/admission.md "Capacity across doors").  Under
# ThreadSanitizer only the cases with running stations (their sync worker
# beside the loop) and the live dashboard; the rest sync with one-shot
# `checkin sync` and `hub` commands, which run on one thread.
checkin_test(test_seatlease SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_seatlease.c
  ${CHECKIN_HUB_FIXTURE} ${CMAKE_CURRENT_SOURCE_DIR}/live.c
  ${CMAKE_CURRENT_SOURCE_DIR}/webdriver.c
  LIBS checkin_pglocal checkin_sync PkgConfig::PQ PkgConfig::SQLITE3
       PkgConfig::JANSSON Threads::Threads
  LABELS integration threads PARTS 1
  TSAN_CASES two_doors_cut_off_never_exceed_the_capacity_together
    the_dashboard_shows_each_doors_seats_as_hub_status_does
    a_tutorials_last_seat_sold_at_two_desks_is_said_at_the_second
  # By coverage: tests/asan_skip_cover.txt.
  ASAN_SKIP
    hub_status_shows_each_doors_seats_as_the_doors_hold_them
    a_door_enrolled_when_the_others_hold_the_seats_is_told_so
    a_format_13_hub_is_upgraded_to_14_keeping_its_rows)
set_tests_properties(test_seatlease PROPERTIES TIMEOUT 600 COST 37)
target_include_directories(test_seatlease PRIVATE ${PROJECT_SOURCE_DIR}/sync)
