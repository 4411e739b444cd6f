/* `checkin export` on an event file (export.h's export_run): which
 * export and where it goes; the count it gives back is said by
 * commands/export_commands.c.  The exports themselves are export.c's; a
 * booth's leads come through the caller's hook (sync/). */
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/export.h"

bool export_what_known(const char *what)
{
    return !strcmp(what, "leads") || !strcmp(what, "checkins") ||
           !strcmp(what, "scans") || !strcmp(what, "no-shows") ||
           !strcmp(what, "list") || !strcmp(what, "acknowledgements");
}

/* Export `r` from `s` to `f`; a booth's leads when `at_booth`. */
static int write_export(store *s, const struct export_request *r, bool at_booth,
                        FILE *f, long *rows, struct export_lead_counts *lc,
                        struct ck_error *err)
{
    if (at_booth)
        return r->booth_leads(r->db, r->sponsor, f, r->fmt, lc, err);
    if (!strcmp(r->what, "leads"))
        return export_leads(s, r->sponsor, f, r->fmt, lc, err);
    if (!strcmp(r->what, "checkins"))
        return export_checkins(s, f, r->fmt, rows, err);
    if (!strcmp(r->what, "acknowledgements"))
        return export_acknowledgements(s, f, r->fmt, rows, err);
    if (!strcmp(r->what, "no-shows"))
        return export_no_shows(s, f, r->fmt, rows, err);
    if (!strcmp(r->what, "list"))
        return export_list(s, r->list ? r->list : "", f, r->fmt, rows, err);
    return export_scans(s, f, r->fmt, rows, err);
}

int export_run(const struct export_request *r, long *rows,
               struct export_lead_counts *lc, bool *no_sponsor,
               struct ck_error *err)
{
    *no_sponsor = false;
    *rows = 0;
    memset(lc, 0, sizeof(*lc));
    store *s;
    int code = store_open(r->db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    bool leads = !strcmp(r->what, "leads");
    char booth[128];
    bool at_booth = leads && store_booth_sponsor(s, booth, sizeof(booth));
    if (leads && !r->sponsor && !at_booth) {
        store_close(s);
        *no_sponsor = true;
        return ck_fail(err, CK_EINVAL, "Leads need --sponsor SLUG.");
    }
    if (r->out && store_is_own_file(s, r->out)) {
        store_close(s);
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself; give --out a new "
                       "file name.",
                       r->out);
    }
    FILE *f = stdout;
    struct atomic_file af;
    if (r->out &&
        ((code = atomic_file_begin(&af, r->out, ATOMIC_REPLACE, err)) ||
         !(f = atomic_file_stream(&af, err)))) {
        atomic_file_abort(&af);
        store_close(s);
        return code ? code : err->code;
    }
    code = write_export(s, r, at_booth, f, rows, lc, err);
    if (r->out && code)
        atomic_file_abort(&af);
    else if (r->out)
        code = atomic_file_commit(&af, err);
    store_close(s);
    return code;
}
