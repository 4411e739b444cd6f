/* What `checkin describe` tells the organizer (describe_commands.h):
 * what was written, and the placeholders left to fill in.  The
 * description itself is import/'s describe_pretix, which returns what it
 * wrote as a struct describe_summary. */
#include <glib.h>
#include <stdio.h>

#include "checkin/describe_commands.h"
#include "checkin/i18n.h"

const char *describe_warning(const struct describe_summary *sum,
                             const char *out_path, char *buf, size_t cap)
{
    GString *what = g_string_new(NULL);
    g_string_append(what, sum->dates_placeholder
                              ? _("the event's first and last day, the time "
                                  "zone")
                              : _("the event's time zone"));
    if (sum->rooms_placeholder)
        /* TRANSLATORS: added to the list of what is left to fill in in
         * "Warning: ... fill in %s before the event". */
        g_string_append_printf(what,
                               ngettext(", the room, start and end of %d "
                                        "tutorial",
                                        ", the room, start and end of %d "
                                        "tutorials",
                                        sum->rooms_placeholder),
                               sum->rooms_placeholder);
    if (sum->list_rooms_placeholder)
        g_string_append_printf(what,
                               ngettext(", the room of %d session list",
                                        ", the room of %d session lists",
                                        sum->list_rooms_placeholder),
                               sum->list_rooms_placeholder);
    if (sum->capacity_placeholder)
        g_string_append_printf(what,
                               ngettext(", the seats of %d tutorial without "
                                        "a quota",
                                        ", the seats of %d tutorials without "
                                        "a quota",
                                        sum->capacity_placeholder),
                               sum->capacity_placeholder);
    /* TRANSLATORS: the first %s is the event description written, the
     * second the list of what is left to fill in ("the event's time zone,
     * the room of 2 session lists").  TODO stays as it is: it is written
     * in the file. */
    snprintf(buf, cap,
             _("Warning: %s holds placeholders for what pretix does "
               "not export, marked TODO: fill in %s before the event (init "
               "accepts them, but the desk would use them)."),
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
    char types[64], tutorials[64], lists[64] = "", questions[192] = "";
    snprintf(types, sizeof(types),
             ngettext("%d ticket type", "%d ticket types", sum.ticket_types),
             sum.ticket_types);
    snprintf(tutorials, sizeof(tutorials),
             ngettext("%d tutorial", "%d tutorials", sum.tutorials),
             sum.tutorials);
    if (sum.lists)
        snprintf(
            lists, sizeof(lists),
            ngettext(", %d check-in list", ", %d check-in lists", sum.lists),
            sum.lists);
    if (sum.pronouns || sum.consent || sum.badge_name) {
        GString *q = g_string_new(NULL);
        const char *asked[] = {sum.pronouns ? _("pronouns") : NULL,
                               sum.consent ? _("consent") : NULL,
                               sum.badge_name ? _("badge name") : NULL};
        for (size_t i = 0; i < G_N_ELEMENTS(asked); i++)
            if (asked[i])
                g_string_append_printf(q, "%s%s", q->len ? ", " : "", asked[i]);
        /* TRANSLATORS: %s lists the pretix questions mapped, "pronouns,
         * consent, badge name"; added after the counts of "Wrote ...". */
        snprintf(questions, sizeof(questions), _(", %s questions mapped"),
                 q->str);
        g_string_free(q, TRUE);
    }
    /* TRANSLATORS: "Wrote EVENT.ini: 3 ticket types, 2 tutorials, 1
     * check-in list, pronouns questions mapped." */
    fprintf(out, _("Wrote %s: %s, %s%s%s.\n"), out_path, types, tutorials,
            lists, questions);
    char warning[1024];
    fprintf(msgs, "%s\n",
            describe_warning(&sum, out_path, warning, sizeof(warning)));
    return CK_OK;
}
