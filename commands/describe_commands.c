/* What `checkin describe` tells the organizer (describe_commands.h):
 * what was written, and the placeholders left to fill in.  The
 * description itself is import/'s describe_pretix, which returns what it
 * wrote as a struct describe_summary. */
#include <glib.h>
#include <stdio.h>

#include "checkin/describe_commands.h"

const char *describe_warning(const struct describe_summary *sum,
                             const char *out_path, char *buf, size_t cap)
{
    GString *what = g_string_new(NULL);
    const char *sep = "";
    if (sum->dates_placeholder) {
        g_string_append(what, "the event's first and last day");
        sep = ", ";
    }
    g_string_append_printf(what, "%s%sthe time zone", sep,
                           sum->dates_placeholder ? "" : "the event's ");
    if (sum->rooms_placeholder)
        g_string_append_printf(what,
                               ", the room, start and end of %d "
                               "tutorial%s",
                               sum->rooms_placeholder,
                               sum->rooms_placeholder == 1 ? "" : "s");
    if (sum->list_rooms_placeholder)
        g_string_append_printf(what, ", the room of %d session list%s",
                               sum->list_rooms_placeholder,
                               sum->list_rooms_placeholder == 1 ? "" : "s");
    if (sum->capacity_placeholder)
        g_string_append_printf(what,
                               ", the seats of %d tutorial%s without "
                               "a quota",
                               sum->capacity_placeholder,
                               sum->capacity_placeholder == 1 ? "" : "s");
    snprintf(buf, cap,
             "Warning: %s holds placeholders for what pretix does "
             "not export, marked TODO: fill in %s before the event (init "
             "accepts them, but the desk would use them).",
             out_path, what->str);
    g_string_free(what, TRUE);
    return buf;
}

int describe_pretix_print(const char *export_path, const char *out_path,
                          FILE *out, FILE *msgs, struct ck_error *err)
{
    struct describe_summary sum;
    int code = describe_pretix(export_path, out_path, &sum, err);
    if (code)
        return code;
    char lists[64] = "";
    if (sum.lists)
        snprintf(lists, sizeof(lists), ", %d check-in list%s", sum.lists,
                 sum.lists == 1 ? "" : "s");
    fprintf(out, "Wrote %s: %d ticket type%s, %d tutorial%s%s%s%s%s%s.\n",
            out_path, sum.ticket_types, sum.ticket_types == 1 ? "" : "s",
            sum.tutorials, sum.tutorials == 1 ? "" : "s", lists,
            sum.pronouns ? ", pronouns" : "", sum.consent ? ", consent" : "",
            sum.badge_name ? ", badge name" : "",
            sum.pronouns || sum.consent || sum.badge_name ? " questions mapped"
                                                          : "");
    char warning[1024];
    fprintf(msgs, "%s\n",
            describe_warning(&sum, out_path, warning, sizeof(warning)));
    return CK_OK;
}
