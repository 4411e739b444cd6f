/* Private to cli/: how `checkin sync`, `hub init` and `hub add-station`
 * say what moved. */
#ifndef CHECKIN_CLI_SYNC_PRINT_H
#define CHECKIN_CLI_SYNC_PRINT_H

#include "checkin/sync.h"

/* "desk-1: sent 3 scans; received 300 registrations, ..." and the lines
 * about conflicts, rows waiting and people admitted at two desks. */
void sync_print_report(const struct sync_report *r);

#endif
