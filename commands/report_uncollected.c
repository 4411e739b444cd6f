/* `checkin report EVENT.db uncollected` (report_commands.h, issue 55):
 * the pre-printed badges no desk handed over, box by box, for the
 * volunteers who empty the boxes at the end of the day; a badge a
 * reprint replaced is not among them. */
#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/preprint.h"
#include "checkin/report_commands.h"

struct listing {
    FILE *out;
    bool csv;
    char box[PREPRINT_BOX_CAP];
    long n;
};

/* A CSV field, quoted. */
static void csv_field(FILE *out, const char *s, const char *after)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fprintf(out, "\"%s", after);
}

static int one(void *ctx, const struct preprint *p, const char *name)
{
    struct listing *l = ctx;
    l->n++;
    if (l->csv) {
        csv_field(l->out, p->box, ",");
        fprintf(l->out, "%ld,", p->position);
        csv_field(l->out, name, ",");
        csv_field(l->out, p->ticket_id, "\n");
        return CK_OK;
    }
    if (strcmp(l->box, p->box)) {
        snprintf(l->box, sizeof(l->box), "%s", p->box);
        fprintf(l->out, _("Box %s:\n"), p->box);
    }
    fprintf(l->out, "  #%-4ld %s  (%s)\n", p->position, name, p->ticket_id);
    return CK_OK;
}

int report_uncollected(const char *db, bool csv, FILE *out,
                       struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    struct listing l = {.out = out, .csv = csv};
    long left = 0, all = 0;
    if (csv)
        fputs("box,position,badge_name,ticket_id\n", out);
    code = preprint_uncollected(s, one, &l, err);
    if (!code)
        code = preprint_counts(s, &left, &all, err);
    if (!code && !csv && !all)
        fprintf(out, "%s\n",
                _("No badges were pre-printed into boxes; 'checkin badge "
                  "EVENT.db --all --sort family-name --boxes N' does."));
    else if (!code && !csv)
        /* TRANSLATORS: those never collected, then all pre-printed; the
         * form is all's. */
        fprintf(out,
                ngettext("%ld of %ld pre-printed badge never collected.\n",
                         "%ld of %ld pre-printed badges never collected.\n",
                         (unsigned long)all),
                left, all);
    store_close(s);
    return code;
}
