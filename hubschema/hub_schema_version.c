/* Hub format 29 (issue 52, which checkin each station runs): a station
 * notes the version its `checkin --version` prints in its own row at each
 * sync (checkin.station.client_version), as it notes the hub format it
 * knows (client_format, format 8), so that `hub status` and the
 * organizer's dashboard show which build each laptop runs.  A station's
 * role may set that column of its own row only (policy own_row_seen), and
 * the text is bounded here: it is the station's word, drawn as text where
 * it is shown.  An older checkin leaves it NULL ("unknown"). */
#include "checkin/hub_schema.h"

/* clang-format off */
#define VERSIONS \
    "ALTER TABLE checkin.station ADD COLUMN client_version text" \
    " CHECK (octet_length(client_version) BETWEEN 1 AND 200);" \
    "GRANT UPDATE (client_version) ON checkin.station TO @G;"
/* clang-format on */

const char HUB_UPGRADE_29[] = VERSIONS "UPDATE checkin.hub SET format = 29;";
