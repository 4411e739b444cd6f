/* Shared plumbing for the `checkin` subcommands: the command table, usage
 * errors and turning a ck_error into a message and an exit status.  Each
 * cmd_*.c file parses its own options with getopt_long and calls into the
 * libraries; no logic of its own beyond that. */
#ifndef CHECKIN_CLI_H
#define CHECKIN_CLI_H

#include <stdbool.h>

#include <stdio.h>

#include "checkin/error.h"
#include "checkin/i18n.h"

struct command {
    const char *name;
    const char *summary; /* one line for `checkin --help` */
    int (*run)(int argc, char **argv);
};

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Print "checkin CMD: <message>. Try 'checkin CMD --help'." to stderr and
 * return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "checkin: <err->msg>" to stderr; return the exit status for it. */
int cli_fail(const struct ck_error *err);

/* Parse the options shared by every command after getopt_long returned `c`:
 * handles '?' (unknown option) and ':' (missing argument).  Returns 1 if
 * `c` was one of those (and the caller should return EXIT_USAGE). */
int cli_bad_option(const char *cmd, int c);

/* Where the bundled configuration (demo event, templates) lives:
 * $CHECKIN_CONFIG_DIR, else the source tree's config/ the binary was built
 * from. */
const char *cli_config_dir(void);

/* Parse the options of commands that take only --help and, where the
 * pointer is not NULL, --key FILE and --json; returns -1 to go on, or the
 * exit status to return (after printing `usage` for --help). */
int cli_options(const char *cmd, const char *usage, int argc, char **argv,
                const char **key_path /* out, may be NULL */,
                bool *json /* out, may be NULL */);

/* Supervisors named with --supervisor and --remove-supervisor (init,
 * event; their PINs are read by supervisor_read_new_pin). */
struct supervisor_args {
    const char *add[8], *remove[8];
    size_t nadd, nremove;
};
/* Every command, declared in its own cmd_*.c. */
int cmd_describe(int argc, char **argv);
int cmd_hold(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_undo(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_event(int argc, char **argv);
int cmd_attendees(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_edit(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_issue(int argc, char **argv);
int cmd_rotate_key(int argc, char **argv);
int cmd_decode(int argc, char **argv);
int cmd_printers(int argc, char **argv);
int cmd_print_image(int argc, char **argv);
int cmd_print_preview(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_station_db(int argc, char **argv);
int cmd_expo(int argc, char **argv);
int cmd_badge_render(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_dashboard(int argc, char **argv);
int cmd_hub(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_join(int argc, char **argv);

#endif
