/* Hub format 31 (issue 56 item 2, sprints through the hub), a step of its
 * own beside hub_schema_steps.c (see hub_schema.h, HUB_FORMAT_SPRINTS).
 * (This branch's hub format step: the number 31 is here, in
 * hub_schema.h's HUB_FORMAT_SPRINTS and HUB_UPGRADE_31, hub_upgrade.c's
 * STEPS[] and tests/older_hubs.h's HUB_NOW and FORMAT30_HUB.)
 *
 * - The organizer's sprint projects (sprint_project, local schema 23)
 *   travel as event_description rows of kind 'sprint_project' (the slug;
 *   {"title", "lead", "room"}), which desks and doors read as they read
 *   the rest of the description; the sprint days as the setting
 *   'sprints.days'.
 * - A sprint station runs on a desk's file: its check-ins are door rows
 *   of target "sprint:SLUG".  A desk's role may now insert those (the
 *   INSERT policy own_rows, and scan_fault's kind rule, which set them
 *   aside before); every desk reads every journal row, so each sprint
 *   station learns the others' check-ins at its next pull. */
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/journal.h"

/* A desk's door row of a sprint project is its own; every other row as
 * format 12 said. */
#define KIND_RULE_31                                                           \
    "(CASE WHEN me.kind = 'desk' AND p_mode = 'door' AND p_target LIKE"        \
    " 'sprint:%' THEN false ELSE " KIND_RULE_12 " END)"

/* clang-format off */
#define SPRINTS \
    "ALTER TABLE checkin.event_description" \
    " DROP CONSTRAINT event_description_kind_check," \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN" \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting'," \
    " 'supervisor','list','question','sprint_project'));" \
    SCAN_FAULT("CREATE OR REPLACE", KIND_RULE_31) \
    "DROP POLICY own_rows ON checkin.scan;" \
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND ((mode = (SELECT checkin.me_kind())" \
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())))" \
    " OR (mode = 'leads' AND " SPEAKS_FOR("target") ")" \
    " OR (mode = 'door' AND (SELECT checkin.me_kind()) = 'desk'" \
    " AND target LIKE 'sprint:%')));"
/* clang-format on */

const char HUB_UPGRADE_31[] = SPRINTS "UPDATE checkin.hub SET format = 31;";
