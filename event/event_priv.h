/* Private to event/: what event.c and event_update.c share. */
#ifndef CHECKIN_EVENT_PRIV_H
#define CHECKIN_EVENT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* event_load_buffer, with messages that say to run `cmd` ("init",
 * "event") again after fixing the file. */
int event_parse_buffer(store *s, const char *name, const char *data, size_t len,
                       const char *cmd, struct ck_error *err) CK_MUST_CHECK;

/* event_words.c: what event.c checks of a value.  "#rrggbb"; the next
 * word of a list of words separated by spaces or commas into `out`
 * (false at the end); "YYYY-MM-DD"; minutes since midnight of "HH:MM" at
 * `p` (-1: not one); "HH:MM-HH:MM", the end after the start; the day
 * after `ymd` as "YYYY-MM-DD". */
bool ew_valid_colour(const char *c);
bool ew_next_word(const char **p, char *out, size_t cap);
bool ew_valid_date(const char *s);
long ew_hm(const char *p);
bool ew_valid_hours(const char *w);
void ew_next_day(const char *ymd, char out[16]);

/* `local` in zone `tz` into UTC seconds, as event_local_refused; a
 * refusal is one whole sentence for each reason, naming the file's line
 * and tutorial `slug`'s key `key` (start, end), or list `slug`'s hours. */
int ew_tutorial_time(const char *local, const char *tz, int64_t *out,
                     const char *path, int line, const char *slug,
                     const char *key, struct ck_error *err) CK_MUST_CHECK;
int ew_list_time(const char *local, const char *tz, int64_t *out,
                 const char *path, int line, const char *slug,
                 struct ck_error *err) CK_MUST_CHECK;

#endif
