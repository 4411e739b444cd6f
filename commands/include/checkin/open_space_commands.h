/* `checkin open-spaces` and `checkin report EVENT.db open-spaces` (issue
 * 56, docs/open-spaces.md): a host's claim of an open-space room's slot,
 * its release and the list of sessions, and the report of every session
 * with its attendance, each said in one place.  `open-spaces` takes its
 * own argv here, since cli/ is at its line cap: cli/ only puts it in the
 * command table. */
#ifndef CHECKIN_OPEN_SPACE_COMMANDS_H
#define CHECKIN_OPEN_SPACE_COMMANDS_H

#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"

/* `checkin open-spaces EVENT.db claim|release|list ...`: the exit status
 * (0, 1 on a failure said on stderr, 2 on a usage error). */
int open_spaces_command(int argc, char **argv);

/* `checkin report EVENT.db open-spaces`: every session (room, slot,
 * title, host) with its attendance against the room's seats. */
int report_open_spaces(const char *db, FILE *out,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
