/* Hub format 38 (issue 54 item 1, a check-in cheap for every other
 * desk), a step of its own beside hub_schema_steps.c (see hub_schema.h,
 * HUB_FORMAT_ME).  (This branch's hub format step: the number 38 is
 * here, in hub_schema.h's HUB_FORMAT_ME and HUB_UPGRADE_38, hub_upgrade.c's
 * STEPS[], hub_schema.c's HUB_FORMAT and tests/older_hubs.h's HUB_NOW and
 * FORMAT37_HUB.)
 *
 * - The policies ask who is calling through checkin.me_uid(), me_kind(),
 *   me_target() and me_name(), once per statement each (an InitPlan).  As
 *   SQL functions whose body reads checkin.station they cannot be
 *   inlined, so PostgreSQL parsed and planned their body at every call:
 *   several times in every pull and every push.  In PL/pgSQL the body's
 *   plan is made once per session and kept.  Same answers: the first
 *   matching row's column, NULL when the role has no station (SELECT
 *   INTO without STRICT); still invoker's rights, so the station table's
 *   own policy (a station sees its own row) applies.  No SET
 *   search_path: every name is qualified, and a SET clause would cost
 *   each call a setting's save and restore (docs/performance-history.md,
 *   "a pull in one statement").
 * - Three of a pushed journal row's checks decide nothing for most rows
 *   and were called for each (a PL/pgSQL call with its own search_path):
 *   vet_supervisor() only for a row naming a supervisor, vet_undo() only
 *   for a desk's undo naming none, vet_answers() only for a row with
 *   answers.  Each function returns NEW at once for the rest, so a WHEN
 *   on the same test (evaluated where the call would be, after the
 *   triggers before it) changes no row's fate; the names, and so the
 *   order, stay. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define ME_FUNCTION(NAME, COLUMN) \
    "CREATE OR REPLACE FUNCTION checkin." NAME "() RETURNS text" \
    " LANGUAGE plpgsql STABLE AS $$" \
    " DECLARE r text;" \
    " BEGIN" \
    "  SELECT " COLUMN " INTO r FROM checkin.station" \
    "   WHERE pg_role = current_user AND retired_ms IS NULL;" \
    "  RETURN r;" \
    " END $$;"
#define ONLY_WHEN(TRIGGER, WHEN) \
    "DROP TRIGGER " TRIGGER " ON checkin.scan;" \
    "CREATE TRIGGER " TRIGGER " BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW WHEN (" WHEN ") EXECUTE FUNCTION checkin." TRIGGER "();"
#define ME \
    ME_FUNCTION("me_uid", "uid") \
    ME_FUNCTION("me_kind", "kind") \
    ME_FUNCTION("me_target", "target") \
    ME_FUNCTION("me_name", "name") \
    ONLY_WHEN("vet_supervisor", "NEW.supervisor IS NOT NULL") \
    ONLY_WHEN("vet_undo", "NEW.act = 'undo' AND NEW.mode = 'desk'" \
              " AND NEW.supervisor IS NULL") \
    ONLY_WHEN("vet_answers", "NEW.answers IS NOT NULL")
/* clang-format on */

const char HUB_UPGRADE_38[] = ME "UPDATE checkin.hub SET format = 38;";
