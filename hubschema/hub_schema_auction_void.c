/* Hub format 36 (issue 56 item 3, a win voided at the auction), a step
 * of its own beside hub_schema_auction.c (see hub_schema.h,
 * HUB_FORMAT_AUCTION_VOID).  (Its number, 36, is here, in hub_schema.h's
 * HUB_FORMAT_AUCTION_VOID and HUB_UPGRADE_36, hub_upgrade.c's STEPS[],
 * hub_schema.c's HUB_FORMAT and tests/older_hubs.h's HUB_NOW and
 * FORMAT35_HUB.)
 *
 * A win typed by mistake is voided, never deleted (docs/auction.md,
 * "Correcting a win"): local schema 27 keeps it as a row of act `void`
 * naming the win it voids by its key (`of_station_id`, `of_seq`), with
 * what was given back for a paid win (`amount_cents`) and the
 * treasurer's `reason`.  checkin.auction_act takes the same act and
 * columns; its policies, stamp, marks and wake stay those of format 33,
 * so a void goes up and comes down as a win does.  To an older hub a
 * file's voids wait in the file (push_acts.c) and go after the
 * organizer's next sync upgrades it.
 *
 * checkin.print_job takes kind `paddle`: an auction door's labels go up
 * with its other jobs (push.c), so the organizer's `hub status` names
 * the paddles whose label failed at a door. */
#include "checkin/hub_schema.h"

const char HUB_UPGRADE_36[] =
    "ALTER TABLE checkin.auction_act DROP CONSTRAINT auction_act_act_check,"
    " ADD CONSTRAINT auction_act_act_check CHECK (act IN ('paddle', 'win',"
    " 'settle', 'void')),"
    " ADD COLUMN of_station_id text NOT NULL DEFAULT ''"
    "  CHECK (length(of_station_id) <= 64),"
    " ADD COLUMN of_seq bigint NOT NULL DEFAULT 0 CHECK (of_seq >= 0),"
    " ADD COLUMN reason text NOT NULL DEFAULT ''"
    "  CHECK (octet_length(reason) <= 200);"
    /* An auction door's paddle labels (local schema 26) go up with the
     * desk's other print jobs, so that one that failed is seen at the
     * hub (hub status); no station prints the hub's jobs. */
    "ALTER TABLE checkin.print_job DROP CONSTRAINT print_job_kind_check,"
    " ADD CONSTRAINT print_job_kind_check CHECK (kind IN ('badge', 'ticket',"
    " 'paddle'));"
    "UPDATE checkin.hub SET format = 36;";
