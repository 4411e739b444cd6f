/* An invitation list from a CSV (invitations.h): one transaction on the
 * organizer's file, the list's rows of `list_invitee` replaced.  The file
 * is read a line at a time; only its first column is used. */
#include <ctype.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/invitations.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"

/* The longest line taken; a longer one is a row left out. */
#define LINE_CAP (INVITATION_LINE_MAX + 1)

/* One line of `f` into `line` (LINE_CAP bytes, NUL-ended, without its
 * newline): false at the end of the file.  *nul: the line holds a NUL
 * byte (fgets and strchr would stop there and call it too long); *cut:
 * it is longer than LINE_CAP - 1 bytes, the rest read and dropped. */
static bool next_line(FILE *f, char *line, bool *nul, bool *cut)
{
    size_t n = 0;
    int ch;
    bool any = false;
    *nul = *cut = false;
    while ((ch = getc(f)) != EOF) {
        any = true;
        if (ch == '\n')
            break;
        if (ch == '\0')
            *nul = true;
        if (n + 1 < LINE_CAP)
            line[n++] = (char)ch;
        else
            *cut = true;
    }
    line[n] = '\0';
    return any;
}

/* Past the UTF-8 byte order marks `line` opens with: a spreadsheet
 * writes one, which would otherwise be part of the first address. */
static const char *past_boms(const char *line)
{
    while (!strncmp(line, "\xef\xbb\xbf", 3))
        line += 3;
    return line;
}

/* The first CSV field of `line`, unquoted and trimmed, into `out`. */
static void first_field(const char *line, char *out, size_t cap)
{
    const char *p = line + strspn(line, " \t");
    size_t n = 0;
    if (*p == '"') {
        for (p++; *p && n + 1 < cap; p++) {
            if (*p == '"' && p[1] == '"')
                p++;
            else if (*p == '"')
                break;
            out[n++] = *p;
        }
    } else {
        while (*p && *p != ',' && *p != '\r' && *p != '\n' && n + 1 < cap)
            out[n++] = *p++;
    }
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
        n--;
    out[n] = '\0';
}

static bool is_header(const char *v)
{
    return !strcasecmp(v, "email") || !strcasecmp(v, "ticket_id") ||
           !strcasecmp(v, "ticket") || !strcasecmp(v, "ticket id");
}

/* The list's id, or one sentence: unknown, or no invitations taken. */
static int find_list(store *s, const char *db, const char *slug, int64_t *id,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT id, EXISTS (SELECT 1 FROM list_who w WHERE w.list_id = l.id"
        " AND w.what = 'invited') FROM checkin_list l WHERE slug = ?1 AND"
        " slug != ''",
        NULL, &q, N_("reading the lists"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    bool found = rc == SQLITE_ROW;
    bool invited = found && sqlite3_column_int(q, 1);
    *id = found ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the lists"), err);
    if (!found) {
        char names[512] = "";
        if (!store_prepare(s,
                           "SELECT group_concat(slug, ', ') FROM (SELECT slug"
                           " FROM checkin_list WHERE slug != '' ORDER BY"
                           " slug)",
                           NULL, &q, N_("reading the lists"), err)) {
            if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
                snprintf(names, sizeof(names), "%s",
                         (const char *)sqlite3_column_text(q, 0));
            sqlite3_finalize(q);
        }
        return ck_fail(err, CK_EINVAL,
                       "%s has no list '%s' (its lists: %s); give --list the "
                       "slug of a [list] section with invited = yes.",
                       db, slug, names[0] ? names : "none");
    }
    if (!invited)
        return ck_fail(err, CK_EINVAL,
                       "List %s takes no invitations; add invited = yes to "
                       "its [list %s] section, apply it with 'checkin event "
                       "%s EVENT.ini', then import the invitations again.",
                       slug, slug, db);
    return CK_OK;
}

/* Row `v` of line `line`: its registrations into the temporary set;
 * *named false when none has it. */
static int take_row(store *s, sqlite3_stmt *add, const char *v, bool *named,
                    struct ck_error *err)
{
    sqlite3_reset(add);
    sqlite3_bind_text(add, 1, v, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(add, 2, strchr(v, '@') != NULL);
    int rc = sqlite3_step(add);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the invitations"), err);
    *named = sqlite3_changes(store_db(s)) > 0;
    if (!*named) { /* already in the set from an earlier row? */
        sqlite3_stmt *q;
        int code = store_prepare(
            s,
            "SELECT 1 FROM attendee WHERE CASE WHEN ?2 THEN lower(email) ="
            " lower(?1) ELSE ticket_id = ?1 END",
            NULL, &q, N_("reading the invitations"), err);
        if (code)
            return code;
        sqlite3_bind_text(q, 1, v, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(q, 2, strchr(v, '@') != NULL);
        *named = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
    }
    return CK_OK;
}

static long count(store *s, const char *sql, int64_t list)
{
    sqlite3_stmt *q;
    struct ck_error e = {0};
    long n = 0;
    if (store_prepare(s, sql, NULL, &q, N_("counting the invitations"), &e))
        return 0;
    sqlite3_bind_int64(q, 1, list);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static int read_rows(store *s, FILE *f, const char *path,
                     invitation_left_fn left, void *ctx,
                     struct invitation_counts *c, long *rows,
                     struct ck_error *err)
{
    sqlite3_stmt *add;
    int code = store_prepare(
        s,
        "INSERT OR IGNORE INTO temp.invitation (ticket_id) SELECT ticket_id"
        " FROM attendee WHERE CASE WHEN ?2 THEN lower(email) = lower(?1)"
        " ELSE ticket_id = ?1 END",
        NULL, &add, N_("reading the invitations"), err);
    if (code)
        return code;
    char line[LINE_CAP], v[LINE_CAP];
    long no = 0;
    bool first = true, nul, cut;
    while (!code && next_line(f, line, &nul, &cut)) {
        no++;
        if (nul || cut) {
            if (c->left_out++ < IMPORT_MESSAGES_SHOWN)
                left(ctx, no, nul ? INVITATION_NUL : INVITATION_LONG, "");
            (*rows)++;
            first = false;
            continue;
        }
        first_field(no == 1 ? past_boms(line) : line, v, sizeof(v));
        if (!v[0])
            continue;
        if (first && is_header(v)) {
            first = false;
            continue;
        }
        first = false;
        (*rows)++;
        bool named = false;
        code = take_row(s, add, v, &named, err);
        if (!code && !named && c->left_out++ >= IMPORT_MESSAGES_SHOWN)
            continue;
        if (!code && !named)
            left(ctx, no,
                 strchr(v, '@') ? INVITATION_NO_EMAIL : INVITATION_NO_TICKET,
                 v);
    }
    sqlite3_finalize(add);
    if (!code && ferror(f))
        code = ck_fail(err, CK_EIO,
                       "%s: could not be read to the end; nothing "
                       "was changed.",
                       path);
    return code;
}

int import_invitations(const char *db, const char *path, const char *slug,
                       invitation_left_fn left, void *ctx,
                       struct invitation_counts *c, struct ck_error *err)
{
    memset(c, 0, sizeof(*c));
    FILE *f = fopen(path, "r");
    if (!f)
        return ck_fail(err, CK_EIO,
                       "%s: cannot be opened; give the CSV of emails or "
                       "ticket ids to invite.",
                       path);
    store *s = NULL;
    int64_t list = 0;
    long rows = 0;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        goto out_close;
    code = find_list(s, db, slug, &list, err);
    if (!code)
        code = store_begin(s, err);
    if (code)
        goto out_store;
    code = sqlite3_exec(store_db(s),
                        "CREATE TEMP TABLE IF NOT EXISTS invitation (ticket_id"
                        " TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM"
                        " temp.invitation",
                        NULL, NULL, NULL) == SQLITE_OK
               ? CK_OK
               : store_sqlite_fail(s, sqlite3_errcode(store_db(s)),
                                   N_("reading the invitations"), err);
    if (!code)
        code = read_rows(s, f, path, left, ctx, c, &rows, err);
    if (!code && rows == c->left_out)
        code = ck_fail(err, CK_EINVAL,
                       "%s: no row names a registration; nothing was changed "
                       "(list %s keeps its invitations).",
                       path, slug);
    if (code)
        goto out_rollback;
    c->removed = count(s,
                       "SELECT count(*) FROM list_invitee WHERE list_id = ?1"
                       " AND ticket_id NOT IN (SELECT ticket_id FROM"
                       " temp.invitation)",
                       list);
    c->added = count(s,
                     "SELECT count(*) FROM temp.invitation WHERE ticket_id"
                     " NOT IN (SELECT ticket_id FROM list_invitee WHERE"
                     " list_id = ?1)",
                     list);
    sqlite3_stmt *q;
    code = store_prepare(s,
                         "DELETE FROM list_invitee WHERE list_id = ?1 AND"
                         " ticket_id NOT IN (SELECT ticket_id FROM"
                         " temp.invitation)",
                         NULL, &q, N_("storing the invitations"), err);
    if (!code) {
        sqlite3_bind_int64(q, 1, list);
        code = store_step_done(s, q, N_("storing the invitations"), err);
    }
    if (!code)
        code = store_prepare(s,
                             "INSERT OR IGNORE INTO list_invitee (list_id,"
                             " ticket_id) SELECT ?1, ticket_id FROM"
                             " temp.invitation",
                             NULL, &q, N_("storing the invitations"), err);
    if (!code) {
        sqlite3_bind_int64(q, 1, list);
        code = store_step_done(s, q, N_("storing the invitations"), err);
    }
    if (!code)
        code = store_commit(s, err);
    if (code)
        goto out_rollback;
    c->invited =
        count(s, "SELECT count(*) FROM list_invitee WHERE list_id = ?1", list);
    if (c->left_out)
        code = ck_failn(err, CK_EINVAL, (unsigned long)c->left_out,
                        "%ld row of %s named no registration and was "
                        "left out; correct it and import the file "
                        "again.",
                        "%ld rows of %s named no registration and were "
                        "left out; correct them and import the file "
                        "again.",
                        c->left_out, path);
    goto out_store;
out_rollback:
    store_rollback(s);
out_store:
    store_close(s);
out_close:
    fclose(f);
    return code;
}
