/* `checkin sprints`, `checkin report EVENT.db sprints` and `checkin
 * export EVENT.db sprints` (issue 56 item 2, docs/sprints.md). */
#ifndef CHECKIN_SPRINT_COMMANDS_H
#define CHECKIN_SPRINT_COMMANDS_H

#include <stdio.h>

#include "checkin/error.h"

/* `checkin sprints EVENT.db add-project|remove|list|signs|who ...`: the
 * exit status (0, 1 refused or failed, 2 a usage mistake). */
int sprints_command(int argc, char **argv);

/* `checkin report EVENT.db sprints`: the people checked in to each
 * project on each sprint day, and the totals. */
int report_sprints(const char *db, FILE *out,
                   struct ck_error *err) CK_MUST_CHECK;

/* `checkin export EVENT.db sprints [--out FILE]`: every check-in as CSV
 * (project, day, time, ticket, names, email, company), to `path` (made
 * 0600) or stdout when NULL. */
int export_sprints(const char *db, const char *path,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
