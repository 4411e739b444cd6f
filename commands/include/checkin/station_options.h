/* `checkin scan`'s options turned into a station run's options
 * (station_runtime.h): a profile's values where the options left them
 * out (options win), the combinations that cannot be, the station id a
 * station has when none is given, and the rules' configuration.  The
 * command line only fills a `struct station_options` from argv. */
#ifndef CHECKIN_STATION_OPTIONS_H
#define CHECKIN_STATION_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/station.h"
#include "checkin/station_runtime.h"

/* The options as given.  Start from STATION_OPTIONS_INIT: -1 in
 * open_before and close_after means not given, 0 elsewhere. */
struct station_options {
    struct station_runtime_options o; /* sources, printer, web, as given */
    struct station_profile prof;      /* --profile's, or empty */
    const char *spec, *name, *format; /* --station, --name, --format */
    bool exit_dir, rehearsal;
    int w, h; /* --size */
    int64_t frame_ms, cooldown, open_before, close_after;
    long capacity;
};

#define STATION_OPTIONS_INIT(dir)                                              \
    {                                                                          \
        .format = "GREY", .open_before = -1, .close_after = -1,                \
        .o.print.config_dir = (dir), .prof.open_before_ms = -1                 \
    }

/* The options of `checkin scan` that only name something (--station,
 * --camera, ...) and those that only switch something on (--exit,
 * --json, ...), by their names without "--"; station_options_text and
 * station_options_flag say where the i-th of each goes in `a`. */
enum { STATION_OPTIONS_NTEXT = 16, STATION_OPTIONS_NFLAG = 6 };
extern const char *const station_options_texts[STATION_OPTIONS_NTEXT];
extern const char *const station_options_flags[STATION_OPTIONS_NFLAG];
const char **station_options_text(struct station_options *a, size_t i);
bool *station_options_flag(struct station_options *a, size_t i);

/* Load profile `arg` into `a`: a path when it has a '/' or ".ini", else
 * CONFIG_DIR/stations/ARG.ini. */
int station_options_profile(struct station_options *a, const char *arg,
                            const char *config_dir,
                            struct ck_error *err) CK_MUST_CHECK;

/* --roll: the labels on the roll just loaded, 1-100000, into `a`;
 * CK_EINVAL with one sentence when `arg` is not such a number. */
int station_options_roll(struct station_options *a, const char *arg,
                         struct ck_error *err) CK_MUST_CHECK;

/* "WxH", each 1-8192, into *w and *h; false when it is not. */
bool station_options_size(const char *s, int *w /* out */, int *h /* out */);

/* A number option of `checkin scan` (`option`: "frame-ms", "cooldown",
 * "open-before", "close-after" or "capacity") from `arg` into `a`, in the
 * unit the station uses (milliseconds, seats).  False when it is not a
 * number in the option's range, or not one of those options, with the
 * usage sentence ("--cooldown is seconds, 0.05-3600", no full stop) in
 * `why`. */
bool station_options_number(struct station_options *a, const char *option,
                            const char *arg, char *why, size_t cap);

/* Fill what the options left out from the profile and check the
 * combinations.  False when they cannot be, with the usage sentence
 * ("give one input: ...", no full stop) in `why`. */
bool station_options_complete(struct station_options *a, char *why, size_t cap);

/* The station's rules from the completed options: --station parsed,
 * its name (given, or a default from the mode and this machine's name,
 * kept in `name_buf` of JOURNAL_NAME_CAP bytes), times and capacity,
 * the source's format, and what the station says outside its screen
 * said on standard error.  a->o is then ready for station_runtime_run. */
int station_options_build(struct station_options *a, char *name_buf,
                          struct ck_error *err) CK_MUST_CHECK;

/* The kinds of station from the table of kinds (station_kind_at), each
 * its word and, for one with a target, ":" and the target's name: "desk,
 * door:TUTORIAL, leads:SPONSOR, expo or open-space:ROOM" with `sep` ", "
 * and `last` " or "; only those `checkin hub add-station` enrolls when
 * `hub`.  Into `out` (cut at `cap`), which it returns. */
const char *station_kinds_list(char *out, size_t cap, bool hub, const char *sep,
                               const char *last);

/* Write `checkin scan`'s usage text to `out`. */
void scan_usage_print(FILE *out);

#endif
