/* `checkin export` on an event file (export.h's export_run): which
 * export, where it goes, and the count said after it; and `checkin
 * station-db`'s file and sentence.  The exports
 * themselves are export.c's; a booth's leads come through the caller's
 * hook (sync/). */
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/export.h"
#include "checkin/report.h"

bool export_what_known(const char *what)
{
    return !strcmp(what, "leads") || !strcmp(what, "checkins") ||
           !strcmp(what, "scans") || !strcmp(what, "no-shows") ||
           !strcmp(what, "list");
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
    if (!strcmp(r->what, "no-shows"))
        return export_no_shows(s, f, r->fmt, rows, err);
    if (!strcmp(r->what, "list"))
        return export_list(s, r->list ? r->list : "", f, r->fmt, rows, err);
    return export_scans(s, f, r->fmt, rows, err);
}

int export_run(const struct export_request *r, FILE *msgs, bool *no_sponsor,
               struct ck_error *err)
{
    *no_sponsor = false;
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
    long rows = 0;
    struct export_lead_counts lc;
    code = write_export(s, r, at_booth, f, &rows, &lc, err);
    if (r->out && code)
        atomic_file_abort(&af);
    else if (r->out)
        code = atomic_file_commit(&af, err);
    store_close(s);
    if (code)
        return code;
    if (leads)
        report_leads(msgs, &lc, false);
    else
        fprintf(msgs, "%ld rows.\n", rows);
    return CK_OK;
}

int export_station_db_print(const char *db, const char *sponsor,
                            const char *out_path, FILE *out,
                            struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = export_station_db(s, sponsor, out_path, err);
    store_close(s);
    if (code)
        return code;
    if (!sponsor)
        fprintf(out,
                "%s: expo station database for every sponsor's booth "
                "(public keys and revoked badges; no badge ids, no personal "
                "data).  Print the booths' links with 'checkin expo tokens "
                "%s --url URL --qr DIR'.\n",
                out_path, out_path);
    else
        fprintf(out,
                "%s: lead station database for %s (public keys and revoked "
                "badges; no badge ids, no personal data).\n",
                out_path, sponsor);
    return CK_OK;
}
