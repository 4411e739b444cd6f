/* A supervisor's PIN read from the person at the terminal, for the
 * commands that ask for one (`checkin init|event --supervisor NAME`, a
 * desk's supervised action given on the command line: `checkin register
 * --comp`, `checkin edit`): without echo on a terminal, else one line of
 * standard input; never from argv nor the INI file (supervisor_pin.c). */
#ifndef CHECKIN_SUPERVISOR_PIN_H
#define CHECKIN_SUPERVISOR_PIN_H

#include "checkin/error.h"
#include "checkin/supervisor.h"

/* Read supervisor `name`'s new PIN into `pin` (SUPERVISOR_PIN_CAP bytes),
 * as supervisor_apply's `read_pin` (event_commands.h): twice without echo on a
 * terminal, else one line of standard input.  On failure `pin` is wiped. */
int supervisor_read_new_pin(const char *name, char *pin,
                            struct ck_error *err) CK_MUST_CHECK;

/* A supervisor's PIN, once, without echo on a terminal, else one line of
 * standard input (registration_desk.h's `read_pin`). */
int supervisor_read_pin(char *pin, struct ck_error *err) CK_MUST_CHECK;

#endif
