/* Private to cli/: how `checkin sync`, `hub init` and `hub add-station`
 * say what moved, on standard output (sync_print.h). */
#ifndef CHECKIN_CLI_SYNC_PRINT_H
#define CHECKIN_CLI_SYNC_PRINT_H

#include <stdio.h>

#include "checkin/sync_print.h"

static inline void sync_print_report(const struct sync_report *r)
{
    sync_report_print(stdout, r);
}

#endif
