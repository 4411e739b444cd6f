/* The commands' reports on an event file named by its path: each opens
 * the file (it must exist), runs the report of report_commands.h on it and
 * closes it, so that a command gives a path and no store of its own.  The
 * one-shot commands that read or write a few rows (attendees, issue) open
 * with STORE_LIGHT_CHECK, so that they cost the same on a large file. */
#include "checkin/report_commands.h"

#include "checkin/store.h"

int report_stats_file(const char *db, FILE *out, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = report_stats(s, db, out, err);
    store_close(s);
    return code;
}

int report_attendees_file(const char *db, const char *query, size_t limit,
                          bool json, FILE *out, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_LIGHT_CHECK, &s, err);
    if (code)
        return code;
    code = report_attendees(s, query, limit, json, out, err);
    store_close(s);
    return code;
}

int report_no_badge_file(const char *db, bool json, FILE *out, FILE *msgs,
                         struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_LIGHT_CHECK, &s, err);
    if (code)
        return code;
    code = report_no_badge(s, json, out, msgs, err);
    store_close(s);
    return code;
}

int report_issue_file(const char *db, const char *who_text,
                      const char *tutorial, const char *key_path, bool renew,
                      FILE *out, FILE *msgs, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_LIGHT_CHECK, &s, err);
    if (code)
        return code;
    code = report_issue(s, db, who_text, tutorial, key_path, renew, out, msgs,
                        err);
    store_close(s);
    return code;
}

int report_merge_file(const char *db, const char *const *files, size_t n,
                      FILE *out, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = report_merge(s, files, n, out, err);
    store_close(s);
    return code;
}
