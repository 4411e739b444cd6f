/* The still-needs line in words (issue 55 item 2): each item of
 * needs.h as a phrase ("T-shirt M: at tshirt-1", "Badge: box L-M,
 * #412") and the line the desk, the kiosk, the JSON lines'
 * "needs_text" and `checkin attendees` show ("Still needs: T-shirt M:
 * at tshirt-1; Lunch today. Done: Badge (desk-1)."). */
#ifndef CHECKIN_NEEDS_TEXT_H
#define CHECKIN_NEEDS_TEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "checkin/needs.h"

/* Room for a whole line of a person's items. */
#define NEEDS_LINE_CAP 1024

/* One item's phrase as data: its English format (a msgid, every
 * conversion a %s) and its arguments, for a page that says it again in
 * another language (the kiosk). */
struct needs_say {
    const char *fmt;
    const char *args[3];
    int nargs;
    char number[24]; /* args' text of a number */
};
void needs_item_say(const struct needs_item *it, struct needs_say *out);

/* The item's phrase in the station's language into `out`; returns
 * `out`. */
const char *needs_item_text(const struct needs_item *it, char *out, size_t cap);

/* The line of `n` items (`open_only`: only what is still to be done, as
 * the attendee reads it); "" for no items.  Returns `out`. */
const char *needs_line(const struct needs_item *items, size_t n, bool open_only,
                       char *out, size_t cap);

/* The items for the JSON outputs: [{"what": "list", "state": "owed",
 * "title": "T-shirt", "variation": "M", "where": "tshirt-1", "text":
 * "T-shirt M: at tshirt-1"}, ...] (the tokens needs_what_token's and
 * needs_state_token's; "slug", "variation", "where", "position" and
 * "at_ms" only when set).  A new reference, NULL when memory ran out. */
json_t *needs_json(const struct needs_item *items, size_t n);

#endif
