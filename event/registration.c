/* Walk-ins and edits made at desks, and the one rule every file derives
 * an attendee's values from (registration.h; docs/admission.md, section
 * 3).  The rows are the truth and append-only; the attendee's columns are
 * what registration_apply computes from them and the export's values, so
 * a merge, a sync or an import re-applies the rule and any order of rows
 * gives the same attendee.  Not for the import's own cleaning of fields
 * (import.c) nor for what the desk's screens ask (station/, runtime/). */
#include <glib.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/registration.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"

static const char *const FIELD[FIELD_COUNT] = {
    [FIELD_GIVEN_NAME] = "given_name", [FIELD_FAMILY_NAME] = "family_name",
    [FIELD_BADGE_NAME] = "badge_name", [FIELD_PRONOUNS] = "pronouns",
    [FIELD_COMPANY] = "company",       [FIELD_EMAIL] = "email",
};
static const char *const WORDS[FIELD_COUNT] = {
    [FIELD_GIVEN_NAME] = "given name", [FIELD_FAMILY_NAME] = "family name",
    [FIELD_BADGE_NAME] = "badge name", [FIELD_PRONOUNS] = "pronouns",
    [FIELD_COMPANY] = "company",       [FIELD_EMAIL] = "email",
};

const char *registration_field_str(enum registration_field f)
{
    return f < FIELD_COUNT ? FIELD[f] : "";
}

const char *registration_field_words(enum registration_field f)
{
    return f < FIELD_COUNT ? WORDS[f] : "";
}

int registration_field_parse(const char *name, enum registration_field *out,
                             struct ck_error *err)
{
    for (int f = 0; f < FIELD_COUNT; f++)
        if (name && !strcmp(name, FIELD[f])) {
            *out = (enum registration_field)f;
            return CK_OK;
        }
    return ck_fail(err, CK_EINVAL,
                   "'%.60s' cannot be edited at a desk; the fields that can "
                   "are given_name, family_name, badge_name, pronouns, "
                   "company and email.",
                   name ? name : "");
}

static bool is_walkin(const char *ticket_id)
{
    return !strncmp(ticket_id, REGISTRATION_PREFIX,
                    strlen(REGISTRATION_PREFIX));
}

/* ---- checking what a desk typed ---- */

/* One sentence for field `f` (FIELD_COUNT: a comp walk-in's reason)
 * that cannot be stored as typed, each field's its own. */
static int check_text(enum registration_field f, const char *v,
                      struct ck_error *err)
{
    if (!v)
        return CK_OK;
    size_t n = strlen(v);
    if (n > REGISTRATION_FIELD_MAX)
        switch (f) {
        case FIELD_GIVEN_NAME:
            return ck_fail(
                err, CK_EINVAL,
                "The given name is %zu bytes long, more than the %d a "
                "registration holds; shorten it.",
                n, REGISTRATION_FIELD_MAX);
        case FIELD_FAMILY_NAME:
            return ck_fail(
                err, CK_EINVAL,
                "The family name is %zu bytes long, more than the %d a "
                "registration holds; shorten it.",
                n, REGISTRATION_FIELD_MAX);
        case FIELD_BADGE_NAME:
            return ck_fail(
                err, CK_EINVAL,
                "The badge name is %zu bytes long, more than the %d a "
                "registration holds; shorten it.",
                n, REGISTRATION_FIELD_MAX);
        case FIELD_PRONOUNS:
            return ck_fail(
                err, CK_EINVAL,
                "The pronouns are %zu bytes long, more than the %d a "
                "registration holds; shorten them.",
                n, REGISTRATION_FIELD_MAX);
        case FIELD_COMPANY:
            return ck_fail(err, CK_EINVAL,
                           "The company is %zu bytes long, more than the %d a "
                           "registration holds; shorten it.",
                           n, REGISTRATION_FIELD_MAX);
        case FIELD_EMAIL:
            return ck_fail(err, CK_EINVAL,
                           "The email is %zu bytes long, more than the %d a "
                           "registration holds; shorten it.",
                           n, REGISTRATION_FIELD_MAX);
        default:
            return ck_fail(
                err, CK_EINVAL,
                "The comp reason is %zu bytes long, more than the %d a "
                "registration holds; shorten it.",
                n, REGISTRATION_FIELD_MAX);
        }
    char *copy = g_strdup(v);
    bool ok =
        text_valid_utf8(v, n) && text_clean_field(copy) && !strcmp(copy, v);
    g_free(copy);
    if (ok)
        return CK_OK;
    switch (f) {
    case FIELD_GIVEN_NAME:
        return ck_fail(err, CK_EINVAL,
                       "The given name '%.60s' holds control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type it again as plain text.",
                       v);
    case FIELD_FAMILY_NAME:
        return ck_fail(err, CK_EINVAL,
                       "The family name '%.60s' holds control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type it again as plain text.",
                       v);
    case FIELD_BADGE_NAME:
        return ck_fail(err, CK_EINVAL,
                       "The badge name '%.60s' holds control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type it again as plain text.",
                       v);
    case FIELD_PRONOUNS:
        return ck_fail(err, CK_EINVAL,
                       "The pronouns '%.60s' hold control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type them again as plain text.",
                       v);
    case FIELD_COMPANY:
        return ck_fail(err, CK_EINVAL,
                       "The company '%.60s' holds control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type it again as plain text.",
                       v);
    case FIELD_EMAIL:
        return ck_fail(
            err, CK_EINVAL,
            "The email '%.60s' holds control characters, line breaks, "
            "repeated or edge spaces or bytes that are not text; type "
            "it again as plain text.",
            v);
    default:
        return ck_fail(err, CK_EINVAL,
                       "The comp reason '%.60s' holds control characters, line "
                       "breaks, repeated or edge spaces or bytes that are not "
                       "text; type it again as plain text.",
                       v);
    }
}

static int check_email(const char *v, struct ck_error *err)
{
    int code = check_text(FIELD_EMAIL, v, err);
    if (code || !v || !*v)
        return code;
    const char *at = strchr(v, '@');
    if (!at || at == v || !at[1] || strchr(at + 1, '@') || strchr(v, ' '))
        return ck_fail(err, CK_EINVAL,
                       "'%.80s' is not an email address; give one like "
                       "name@example.org, or leave the email out.",
                       v);
    return CK_OK;
}

static bool blank(const char *s)
{
    return !s || !*s;
}

static int check_field(enum registration_field f, const char *v,
                       struct ck_error *err)
{
    if (f == FIELD_EMAIL)
        return check_email(v, err);
    if (f == FIELD_BADGE_NAME && blank(v))
        return ck_fail(err, CK_EINVAL,
                       "A badge name cannot be empty; give the name to print, "
                       "or edit the given and family names instead.");
    return check_text(f, v, err);
}

int registration_check_value(const char *field, const char *value,
                             struct ck_error *err)
{
    enum registration_field f = 0;
    int code = registration_field_parse(field, &f, err);
    return code ? code : check_field(f, value ? value : "", err);
}

/* ---- reading ---- */

static int prepare(store *s, const char *sql, sqlite3_stmt **q,
                   struct ck_error *err)
{
    return store_prepare(s, sql, NULL, q, N_("reading registration changes"),
                         err);
}

static int step_done(store *s, sqlite3_stmt *q, struct ck_error *err)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("storing a registration change"),
                                 err);
    return CK_OK;
}

static const char *col(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? t : "";
}

/* An attendee's values, each owned (g_free). */
struct values {
    char *v[FIELD_COUNT];
};

static void values_free(struct values *x)
{
    for (int f = 0; f < FIELD_COUNT; f++) {
        g_free(x->v[f]);
        x->v[f] = NULL;
    }
}

/* The badge name made of the names, as the import makes it. */
static char *composed(const char *given, const char *family)
{
    return g_strdup_printf("%s%s%s", given, *given && *family ? " " : "",
                           family);
}

/* Whether `badge` is made of the names (and so follows them). */
static bool follows_names(const char *badge, const char *given,
                          const char *family)
{
    char *c = composed(given, family);
    bool same = !strcmp(c, badge);
    g_free(c);
    return same;
}

/* The create row of walk-in `ticket_id`: its JSON (caller decrefs), NULL
 * with CK_OK when the file holds none. */
static int create_row(store *s, const char *ticket_id, json_t **out,
                      int64_t *at_ms, char *station, size_t cap,
                      struct ck_error *err)
{
    *out = NULL;
    sqlite3_stmt *q;
    int code = prepare(s,
                       "SELECT value, at_ms, station FROM registration_change"
                       " WHERE ticket_id = ?1 AND kind = 'create' AND"
                       " 'ck:' || station_id || ':' || seq = ?1",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *out = json_loads(col(q, 0), 0, NULL);
        if (at_ms)
            *at_ms = sqlite3_column_int64(q, 1);
        if (station)
            snprintf(station, cap, "%s", col(q, 2));
        if (!*out)
            code = ck_fail(err, CK_ECORRUPT,
                           "The walk-in %s's registration row is damaged; "
                           "register the person again.",
                           ticket_id);
    } else if (rc != SQLITE_DONE) {
        code =
            store_sqlite_fail(s, rc, N_("reading registration changes"), err);
    }
    sqlite3_finalize(q);
    return code;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* The values an edit is measured against: a walk-in's create row, or
 * what the export said (attendee_source where the file keeps it, else the
 * column, which then holds the export's value). */
static int base_values(store *s, int64_t id, json_t *create, struct values *b,
                       struct ck_error *err)
{
    if (create) {
        b->v[FIELD_GIVEN_NAME] = g_strdup(jstr(create, "given_name"));
        b->v[FIELD_FAMILY_NAME] = g_strdup(jstr(create, "family_name"));
        b->v[FIELD_BADGE_NAME] =
            composed(b->v[FIELD_GIVEN_NAME], b->v[FIELD_FAMILY_NAME]);
        b->v[FIELD_PRONOUNS] = g_strdup(jstr(create, "pronouns"));
        b->v[FIELD_COMPANY] = g_strdup(jstr(create, "company"));
        b->v[FIELD_EMAIL] = g_strdup(jstr(create, "email"));
        return CK_OK;
    }
    sqlite3_stmt *q;
    int code = prepare(s,
                       "SELECT given_name, family_name, badge_name, pronouns,"
                       " company, email FROM attendee WHERE id = ?1",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        for (int f = 0; f < FIELD_COUNT; f++)
            b->v[f] = g_strdup(col(q, f));
    else if (rc == SQLITE_DONE)
        code = ck_fail(err, CK_ENOTFOUND,
                       "Attendee %lld is not in this event; find them with "
                       "'checkin attendees'.",
                       (long long)id);
    else
        code = store_sqlite_fail(s, rc, N_("reading an attendee"), err);
    sqlite3_finalize(q);
    if (code)
        return code;
    if ((code = prepare(s,
                        "SELECT field, value FROM attendee_source WHERE"
                        " attendee_id = ?1",
                        &q, err)))
        return code;
    sqlite3_bind_int64(q, 1, id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        enum registration_field f = 0;
        if (registration_field_parse(col(q, 0), &f, NULL) == CK_OK) {
            g_free(b->v[f]);
            b->v[f] = g_strdup(col(q, 1));
        }
    }
    if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading an attendee"), err);
    sqlite3_finalize(q);
    return code;
}

/* The rule (registration.h): for each field, the newest edit whose base
 * is the export's value (any edit, for a walk-in), else the base.  `eff`
 * gets the values in effect; `marks`, when given, the edits that set
 * them. */
static int in_effect(store *s, const char *ticket_id, bool walkin,
                     const struct values *base, struct values *eff,
                     struct registration_mark *marks, size_t *nmarks,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = prepare(s,
                       "SELECT value, station, at_ms, coalesce(supervisor,"
                       " '') FROM registration_change WHERE ticket_id = ?1"
                       " AND kind = 'edit' AND field = ?2 AND (?3 OR base"
                       " = ?4) ORDER BY at_ms DESC, station DESC, seq DESC"
                       " LIMIT 1",
                       &q, err);
    if (code)
        return code;
    if (nmarks)
        *nmarks = 0;
    bool edited[FIELD_COUNT] = {false};
    for (int f = 0; f < FIELD_COUNT && !code; f++) {
        sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, FIELD[f], -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 3, walkin);
        sqlite3_bind_text(q, 4, base->v[f], -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            edited[f] = true;
            eff->v[f] = g_strdup(col(q, 0));
            if (marks) {
                struct registration_mark *m = &marks[(*nmarks)++];
                memset(m, 0, sizeof(*m));
                m->field = (enum registration_field)f;
                snprintf(m->value, sizeof(m->value), "%s", col(q, 0));
                snprintf(m->export_value, sizeof(m->export_value), "%s",
                         walkin ? "" : base->v[f]);
                snprintf(m->station, sizeof(m->station), "%s", col(q, 1));
                m->at_ms = sqlite3_column_int64(q, 2);
                snprintf(m->supervisor, sizeof(m->supervisor), "%s", col(q, 3));
            }
        } else if (rc == SQLITE_DONE) {
            eff->v[f] = g_strdup(base->v[f]);
        } else {
            code = store_sqlite_fail(s, rc, N_("reading registration changes"),
                                     err);
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    /* A badge name made of the names follows the names in effect, unless
     * it was edited itself. */
    if (!code && !edited[FIELD_BADGE_NAME] &&
        (edited[FIELD_GIVEN_NAME] || edited[FIELD_FAMILY_NAME]) &&
        follows_names(base->v[FIELD_BADGE_NAME], base->v[FIELD_GIVEN_NAME],
                      base->v[FIELD_FAMILY_NAME])) {
        g_free(eff->v[FIELD_BADGE_NAME]);
        eff->v[FIELD_BADGE_NAME] =
            composed(eff->v[FIELD_GIVEN_NAME], eff->v[FIELD_FAMILY_NAME]);
    }
    return code;
}

/* ---- writing ---- */

/* A walk-in's attendee row as its create row says, for a file that does
 * not hold it yet (a merge or a sync brought the row). */
static int insert_walkin(store *s, const char *ticket_id, json_t *create,
                         int64_t at_ms, int64_t *id, struct ck_error *err)
{
    sqlite3_stmt *q;
    const char *type = jstr(create, "ticket_type");
    int code =
        prepare(s, "SELECT id FROM ticket_type WHERE slug = ?1", &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, type, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    int64_t type_id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("registering a walk-in"), err);
    if (!type_id)
        return ck_fail(err, CK_EINVAL,
                       "There is no ticket type '%.60s' in this event; "
                       "add it to the event description and run 'checkin "
                       "event', or register the person with one of the "
                       "event's ticket types.",
                       type);
    const char *comp =
        json_string_value(json_object_get(create, "comp_reason"));
    if ((code = prepare(s,
                        "INSERT INTO attendee (ticket_id, order_code, status,"
                        " badge_name, ticket_type_id, search_key,"
                        " fingerprint, imported_ms, updated_ms, comp_reason)"
                        " VALUES (?1, ?1, ?2, '', ?3, '', zeroblob(16), ?4,"
                        " ?4, ?5)",
                        &q, err)))
        return code;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(
        q, 2, strcmp(jstr(create, "status"), "pending") ? "paid" : "pending",
        -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, type_id);
    sqlite3_bind_int64(q, 4, at_ms);
    store_bind_text(q, 5, comp);
    code = step_done(s, q, err);
    sqlite3_finalize(q);
    if (code)
        return code;
    *id = sqlite3_last_insert_rowid(store_db(s));
    json_t *tuts = json_object_get(create, "tutorials");
    size_t i;
    json_t *t;
    if ((code = prepare(s,
                        "INSERT OR IGNORE INTO attendee_tutorial (attendee_id,"
                        " tutorial_id) SELECT ?1, id FROM tutorial WHERE"
                        " slug = ?2",
                        &q, err)))
        return code;
    json_array_foreach(tuts, i, t)
    {
        sqlite3_bind_int64(q, 1, *id);
        sqlite3_bind_text(q, 2, json_string_value(t), -1, SQLITE_STATIC);
        if ((code = step_done(s, q, err)))
            break;
    }
    sqlite3_finalize(q);
    return code;
}

static int attendee_id_of(store *s, const char *ticket_id, int64_t *id,
                          struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        prepare(s, "SELECT id FROM attendee WHERE ticket_id = ?1", &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading an attendee"), err);
    return CK_OK;
}

/* Write the values in effect to the attendee's columns and its search
 * key, and keep the export's value of each field that differs from it. */
static int write_values(store *s, int64_t id, const char *ticket_id,
                        bool walkin, const struct values *base,
                        const struct values *eff, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code;
    if (!walkin) {
        if ((code = prepare(s,
                            "INSERT INTO attendee_source (attendee_id, field,"
                            " value) VALUES (?1, ?2, ?3) ON CONFLICT"
                            " (attendee_id, field) DO UPDATE SET value ="
                            " excluded.value",
                            &q, err)))
            return code;
        for (int f = 0; f < FIELD_COUNT && !code; f++) {
            if (!strcmp(base->v[f], eff->v[f]))
                continue;
            sqlite3_bind_int64(q, 1, id);
            sqlite3_bind_text(q, 2, FIELD[f], -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, base->v[f], -1, SQLITE_STATIC);
            code = step_done(s, q, err);
        }
        sqlite3_finalize(q);
        if (code)
            return code;
    }
    if ((code = prepare(s, "SELECT order_code FROM attendee WHERE id = ?1", &q,
                        err)))
        return code;
    sqlite3_bind_int64(q, 1, id);
    char *order =
        sqlite3_step(q) == SQLITE_ROW ? g_strdup(col(q, 0)) : g_strdup("");
    sqlite3_finalize(q);
    const char *parts[] = {eff->v[FIELD_BADGE_NAME],
                           eff->v[FIELD_GIVEN_NAME],
                           eff->v[FIELD_FAMILY_NAME],
                           eff->v[FIELD_EMAIL],
                           eff->v[FIELD_COMPANY],
                           order,
                           ticket_id};
    char *key = text_search_key(parts, sizeof(parts) / sizeof(parts[0]));
    g_free(order);
    if (!key)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    code = prepare(s,
                   "UPDATE attendee SET given_name = ?2, family_name = ?3,"
                   " badge_name = ?4, pronouns = ?5, company = ?6, email ="
                   " ?7, search_key = ?8 WHERE id = ?1",
                   &q, err);
    if (!code) {
        sqlite3_bind_int64(q, 1, id);
        for (int f = 0; f < FIELD_COUNT; f++)
            sqlite3_bind_text(q, 2 + f, eff->v[f], -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 8, key, -1, SQLITE_STATIC);
        code = step_done(s, q, err);
        sqlite3_finalize(q);
    }
    free(key);
    return code;
}

/* A walk-in's comp reason as its create row says: a file that took the
 * walk-in's registration from the hub before its row has none. */
static int write_comp(store *s, int64_t id, json_t *create,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = prepare(s,
                       "UPDATE attendee SET comp_reason = ?2 WHERE id = ?1"
                       " AND comp_reason IS NOT ?2",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    store_bind_text(q, 2,
                    json_string_value(json_object_get(create, "comp_reason")));
    code = step_done(s, q, err);
    sqlite3_finalize(q);
    return code;
}

int registration_apply(store *s, const char *ticket_id, struct ck_error *err)
{
    bool walkin = is_walkin(ticket_id);
    json_t *create = NULL;
    int64_t at_ms = 0, id = 0;
    int code = CK_OK;
    if (walkin &&
        (code = create_row(s, ticket_id, &create, &at_ms, NULL, 0, err)))
        return code;
    if (walkin && !create)
        return CK_OK; /* edits of a walk-in whose row has not come yet */
    if ((code = attendee_id_of(s, ticket_id, &id, err)))
        goto out;
    if (!id) {
        if (!walkin)
            goto out; /* edits of someone this file does not hold */
        if ((code = insert_walkin(s, ticket_id, create, at_ms, &id, err)))
            goto out;
    }
    struct values base = {0}, eff = {0};
    code = base_values(s, id, create, &base, err);
    if (!code)
        code = in_effect(s, ticket_id, walkin, &base, &eff, NULL, NULL, err);
    if (!code)
        code = write_values(s, id, ticket_id, walkin, &base, &eff, err);
    if (!code && walkin)
        code = write_comp(s, id, create, err);
    values_free(&base);
    values_free(&eff);
out:
    json_decref(create);
    return code;
}

int registration_apply_all(store *s, long *tickets, long *left_out,
                           struct ck_error *why, struct ck_error *err)
{
    sqlite3_stmt *q;
    /* Walk-ins first, so that their edits find them. */
    int code = prepare(s,
                       "SELECT DISTINCT ticket_id FROM registration_change"
                       " ORDER BY ticket_id",
                       &q, err);
    if (code)
        return code;
    long n = 0, out = 0;
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        char *t = g_strdup(col(q, 0));
        struct ck_error one = {0};
        code = registration_apply(s, t, &one);
        if (code == CK_EINVAL || code == CK_ECORRUPT) {
            if (!out++ && why)
                *why = one;
            code = CK_OK;
        } else if (code && err) {
            *err = one;
        }
        g_free(t);
        n++;
    }
    if (left_out)
        *left_out = out;
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(s, rc, N_("reading registration changes"), err);
    sqlite3_finalize(q);
    if (tickets)
        *tickets = n;
    return code;
}

/* ---- the writer: identity, numbering, the PIN ---- */

struct key {
    char station_id[24];
    int64_t seq;
};

/* The next row's key under the writer's run identity: the journal's rule
 * (store/journal.c), numbers going on from the station name's rows. */
static int next_key(store *s, const struct registration_writer *wr,
                    struct key *k, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = prepare(s,
                       "SELECT coalesce(max(seq), 0) + 1,"
                       " lower(hex(randomblob(8))) FROM registration_change"
                       " WHERE station = ?1",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, wr->station, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        k->seq = sqlite3_column_int64(q, 0);
        snprintf(k->station_id, sizeof(k->station_id), "%s",
                 wr->station_id && *wr->station_id ? wr->station_id
                                                   : col(q, 1));
    } else {
        code = store_sqlite_fail(s, rc, N_("numbering a registration change"),
                                 err);
    }
    sqlite3_finalize(q);
    return code;
}

static int check_station(const char *name, struct ck_error *err)
{
    size_t n = name ? strlen(name) : 0;
    bool ok = n > 0 && n < 64;
    for (size_t i = 0; ok && i < n; i++)
        ok = g_ascii_isalnum(name[i]) || strchr("._:-", name[i]);
    if (!ok)
        return ck_fail(err, CK_EINVAL,
                       "The station name '%s' is not usable; use 1-63 "
                       "letters, digits, '.', '_', ':' or '-' (e.g. "
                       "desk-2).",
                       name ? name : "");
    return CK_OK;
}

/* A supervisor's PIN when the event has supervisors and `what` needs one;
 * `who` gets the name ("" when none was needed). */
static int allow(store *s, struct registration_writer *wr, bool needed,
                 const char *what, char who[SUPERVISOR_NAME_CAP],
                 struct ck_error *err)
{
    who[0] = '\0';
    long n = 0;
    int code = needed ? supervisor_count(s, &n, err) : CK_OK;
    if (!code && n > 0) {
        if (blank(wr->pin))
            code = ck_fail(err, CK_EINVAL,
                           "%s needs a supervisor's PIN; ask a supervisor to "
                           "type theirs.",
                           what);
        else
            code = supervisor_check(s, wr->pin, wr->now_ms, who, err);
    }
    if (wr->pin)
        sodium_memzero(wr->pin, strlen(wr->pin));
    return code;
}

static int insert_change(store *s, const struct registration_writer *wr,
                         const struct key *k, const char *ticket_id,
                         const char *kind, const char *field, const char *value,
                         const char *base, const char *supervisor,
                         struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = prepare(s,
                       "INSERT INTO registration_change (station_id, seq,"
                       " station, at_ms, ticket_id, kind, field, value, base,"
                       " supervisor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                       " ?9, ?10)",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, k->station_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, k->seq);
    sqlite3_bind_text(q, 3, wr->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, wr->now_ms);
    sqlite3_bind_text(q, 5, ticket_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, kind, -1, SQLITE_STATIC);
    if (field)
        sqlite3_bind_text(q, 7, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, value, -1, SQLITE_STATIC);
    if (base)
        sqlite3_bind_text(q, 9, base, -1, SQLITE_STATIC);
    store_bind_text(q, 10, supervisor);
    code = step_done(s, q, err);
    sqlite3_finalize(q);
    return code;
}

/* ---- walk-ins ---- */

/* "Wed 09:00-12:30" in the event's zone (UTC when it has none here),
 * the day in the language spoken, from the catalogue (i18n_local_time),
 * never the C library's English "%a". */
static void slot_text(store *s, const struct registration_tutorial *t,
                      char *out, size_t cap)
{
    sqlite3_stmt *q = NULL;
    char tz[64] = "";
    struct ck_error ignored = {0};
    if (!prepare(s, "SELECT timezone FROM event", &q, &ignored) &&
        sqlite3_step(q) == SQLITE_ROW)
        snprintf(tz, sizeof(tz), "%s", col(q, 0));
    sqlite3_finalize(q);
    char a[48], b[48];
    const char *zone = tz[0] ? tz : "UTC";
    if (i18n_local_time(t->starts_at, zone, I18N_WEEKDAY, a, sizeof(a))) {
        zone = "UTC"; /* a zone tzdata does not list */
        if (i18n_local_time(t->starts_at, zone, I18N_WEEKDAY, a, sizeof(a)))
            snprintf(a, sizeof(a), "?");
    }
    if (i18n_local_time(t->ends_at, zone, I18N_WEEKDAY, b, sizeof(b)) ||
        strlen(b) < 5)
        snprintf(b, sizeof(b), "?");
    snprintf(out, cap, "%s-%s", a, b[0] == '?' ? b : b + strlen(b) - 5);
}

/* Tutorial `id`'s row and its seats taken. */
static int tutorial_row(store *s, int64_t id, struct registration_tutorial *t,
                        struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = prepare(
        s,
        "SELECT u.slug, u.title, u.room, u.starts_at, u.ends_at, u.capacity,"
        " (SELECT count(*) FROM attendee_tutorial m JOIN attendee a ON"
        "  a.id = m.attendee_id WHERE m.tutorial_id = u.id AND a.status IN"
        "  ('paid', 'pending'))"
        " FROM tutorial u WHERE u.id = ?1",
        &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(t->slug, sizeof(t->slug), "%s", col(q, 0));
        snprintf(t->title, sizeof(t->title), "%s", col(q, 1));
        snprintf(t->room, sizeof(t->room), "%s", col(q, 2));
        t->starts_at = sqlite3_column_int64(q, 3);
        t->ends_at = sqlite3_column_int64(q, 4);
        t->capacity = (long)sqlite3_column_int64(q, 5);
        t->taken = (long)sqlite3_column_int64(q, 6);
    } else {
        code = store_sqlite_fail(s, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                 N_("reading the tutorials"), err);
    }
    sqlite3_finalize(q);
    return code;
}

/* Each tutorial of `w` is the event's, has a seat left, and does not
 * overlap another of them in time. */
static int check_tutorials(store *s, const struct registration_walkin *w,
                           struct ck_error *err)
{
    if (w->ntutorials > ATTENDEE_MAX_TUTORIALS)
        return ck_fail(err, CK_EINVAL,
                       "A walk-in can take at most %d tutorials; give fewer.",
                       ATTENDEE_MAX_TUTORIALS);
    struct registration_tutorial t[ATTENDEE_MAX_TUTORIALS];
    int64_t ids[ATTENDEE_MAX_TUTORIALS];
    int code = CK_OK;
    for (size_t i = 0; !code && i < w->ntutorials; i++) {
        code = store_tutorial_id(s, w->tutorials[i], &ids[i], err);
        if (!code)
            code = tutorial_row(s, ids[i], &t[i], err);
        if (!code && t[i].taken >= t[i].capacity)
            code = ck_failn(err, CK_EINVAL, (unsigned long)t[i].capacity,
                            "The tutorial %s is full (%ld of %ld seat "
                            "taken); register the walk-in without it, or ask "
                            "the organizer to add seats.",
                            "The tutorial %s is full (%ld of %ld seats "
                            "taken); register the walk-in without it, or ask "
                            "the organizer to add seats.",
                            t[i].slug, t[i].taken, t[i].capacity);
    }
    for (size_t i = 0; !code && i < w->ntutorials; i++)
        for (size_t j = 0; !code && j < i; j++) {
            if (ids[i] == ids[j] || t[i].starts_at >= t[j].ends_at ||
                t[j].starts_at >= t[i].ends_at)
                continue;
            char a[64], b[64];
            slot_text(s, &t[j], a, sizeof(a));
            slot_text(s, &t[i], b, sizeof(b));
            code = ck_fail(err, CK_EINVAL,
                           "The tutorials %s (%s) and %s (%s) are at the same "
                           "time; choose one of them.",
                           t[j].slug, a, t[i].slug, b);
        }
    return code;
}

static int check_walkin(store *s, const struct registration_walkin *w,
                        struct ck_error *err)
{
    if (blank(w->given_name) && blank(w->family_name))
        return ck_fail(err, CK_EINVAL,
                       "A walk-in needs a name: give the given name or the "
                       "family name (one may be empty for a person with one "
                       "name).");
    int code;
    if ((code = check_text(FIELD_GIVEN_NAME, w->given_name, err)) ||
        (code = check_text(FIELD_FAMILY_NAME, w->family_name, err)) ||
        (code = check_text(FIELD_COMPANY, w->company, err)) ||
        (code = check_email(w->email, err)))
        return code;
    if (w->comp_reason && blank(w->comp_reason))
        return ck_fail(err, CK_EINVAL,
                       "A comp walk-in needs a reason (who invited them, or "
                       "why they are free); give it after --comp.");
    if (w->comp_reason && w->pending)
        return ck_fail(err, CK_EINVAL,
                       "A walk-in is paid, pending or comp, not both pending "
                       "and comp; give one of them.");
    if (w->comp_reason && (code = check_text(FIELD_COUNT, w->comp_reason, err)))
        return code;
    sqlite3_stmt *q;
    if ((code = prepare(s,
                        "SELECT (SELECT count(*) FROM ticket_type WHERE slug"
                        " = ?1), (SELECT group_concat(slug, ', ') FROM"
                        " (SELECT slug FROM ticket_type ORDER BY id))",
                        &q, err)))
        return code;
    sqlite3_bind_text(q, 1, w->ticket_type ? w->ticket_type : "", -1,
                      SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW)
        code = store_sqlite_fail(s, rc, N_("reading the ticket types"), err);
    else if (sqlite3_column_int(q, 0) == 0)
        code = ck_fail(err, CK_ENOTFOUND,
                       "There is no ticket type '%.60s'; the ticket types "
                       "are: %s.",
                       w->ticket_type ? w->ticket_type : "", col(q, 1));
    sqlite3_finalize(q);
    return code ? code : check_tutorials(s, w, err);
}

static char *walkin_json(const struct registration_walkin *w)
{
    json_t *tuts = json_array();
    for (size_t i = 0; tuts && i < w->ntutorials; i++)
        json_array_append_new(tuts, json_string(w->tutorials[i]));
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "ticket_type", w->ticket_type,
        "status", w->pending ? "pending" : "paid", "given_name",
        w->given_name ? w->given_name : "", "family_name",
        w->family_name ? w->family_name : "", "email", w->email ? w->email : "",
        "company", w->company ? w->company : "", "tutorials", tuts);
    if (o && w->comp_reason)
        json_object_set_new(o, "comp_reason", json_string(w->comp_reason));
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

int registration_walkin(store *s, struct registration_writer *wr,
                        const struct registration_walkin *w,
                        char ticket_id[REGISTRATION_TICKET_CAP],
                        int64_t *attendee_id, char *supervisor,
                        struct ck_error *err)
{
    ticket_id[0] = '\0';
    char who[SUPERVISOR_NAME_CAP] = "";
    int code = check_station(wr->station, err);
    if (!code)
        code = check_walkin(s, w, err);
    if (code) {
        if (wr->pin)
            sodium_memzero(wr->pin, strlen(wr->pin));
        return code;
    }
    if ((code =
             allow(s, wr, w->comp_reason != NULL, "A comp walk-in", who, err)))
        return code;
    char *json = walkin_json(w);
    if (!json)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct key k;
    int64_t id = 0;
    if ((code = store_begin(s, err)))
        goto out;
    code = next_key(s, wr, &k, err);
    if (!code) {
        snprintf(ticket_id, REGISTRATION_TICKET_CAP, "%s%s:%lld",
                 REGISTRATION_PREFIX, k.station_id, (long long)k.seq);
        code = insert_change(s, wr, &k, ticket_id, "create", NULL, json, NULL,
                             who[0] ? who : NULL, err);
    }
    if (!code)
        code = registration_apply(s, ticket_id, err);
    if (!code)
        code = attendee_id_of(s, ticket_id, &id, err);
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
    if (code)
        ticket_id[0] = '\0';
out:
    free(json);
    if (!code && attendee_id)
        *attendee_id = id;
    if (!code && supervisor)
        snprintf(supervisor, SUPERVISOR_NAME_CAP, "%s", who);
    return code;
}

/* ---- edits ---- */

static int ticket_of(store *s, int64_t id, char **ticket_id,
                     struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        prepare(s, "SELECT ticket_id FROM attendee WHERE id = ?1", &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    *ticket_id = rc == SQLITE_ROW ? g_strdup(col(q, 0)) : NULL;
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no attendee %lld in this event; find them "
                       "with 'checkin attendees'.",
                       (long long)id);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading an attendee"), err);
    return CK_OK;
}

/* The values now in effect and the bases edits are measured against. */
static int current(store *s, const char *ticket_id, int64_t id,
                   struct values *base, struct values *eff,
                   struct ck_error *err)
{
    bool walkin = is_walkin(ticket_id);
    json_t *create = NULL;
    int code =
        walkin ? create_row(s, ticket_id, &create, NULL, NULL, 0, err) : CK_OK;
    if (!code)
        code = base_values(s, id, create, base, err);
    if (!code)
        code = in_effect(s, ticket_id, walkin, base, eff, NULL, NULL, err);
    json_decref(create);
    return code;
}

int registration_edit(store *s, struct registration_writer *wr,
                      int64_t attendee_id,
                      const struct registration_edit *edits, size_t n,
                      size_t *changed, char *supervisor, struct ck_error *err)
{
    char *ticket = NULL;
    char who[SUPERVISOR_NAME_CAP] = "";
    struct values base = {0}, eff = {0};
    enum registration_field fields[FIELD_COUNT];
    bool want[FIELD_COUNT] = {false};
    const char *value[FIELD_COUNT] = {NULL};
    size_t nchange = 0;
    int code = check_station(wr->station, err);
    bool whole = false, parts = false;
    for (size_t i = 0; !code && i < n; i++) {
        enum registration_field f = 0;
        const char *v = edits[i].value ? edits[i].value : "";
        bool is_whole = !strcmp(edits[i].field, REGISTRATION_WHOLE_NAME);
        parts |= !strcmp(edits[i].field, FIELD[FIELD_GIVEN_NAME]) ||
                 !strcmp(edits[i].field, FIELD[FIELD_FAMILY_NAME]);
        if ((is_whole && (whole || parts)) || (whole && parts)) {
            code = ck_fail(err, CK_EINVAL,
                           "Give the whole name, or the given and family "
                           "names, not both; the whole name is kept as the "
                           "given name with no family name.");
            break;
        }
        if (is_whole) {
            whole = true;
            code = check_field(FIELD_GIVEN_NAME, v, err);
            want[FIELD_GIVEN_NAME] = want[FIELD_FAMILY_NAME] = true;
            value[FIELD_GIVEN_NAME] = v;
            value[FIELD_FAMILY_NAME] = "";
            continue;
        }
        code = registration_field_parse(edits[i].field, &f, err);
        if (!code)
            code = check_field(f, edits[i].value ? edits[i].value : "", err);
        if (!code) {
            want[f] = true;
            value[f] = edits[i].value ? edits[i].value : "";
        }
    }
    if (!code && n == 0)
        code = ck_fail(err, CK_EINVAL,
                       "Nothing to edit; give the new value of a field, "
                       "e.g. --given-name Priya.");
    if (!code)
        code = ticket_of(s, attendee_id, &ticket, err);
    if (!code)
        code = current(s, ticket, attendee_id, &base, &eff, err);
    if (!code) {
        const char *g = want[FIELD_GIVEN_NAME] ? value[FIELD_GIVEN_NAME]
                                               : eff.v[FIELD_GIVEN_NAME];
        const char *fam = want[FIELD_FAMILY_NAME] ? value[FIELD_FAMILY_NAME]
                                                  : eff.v[FIELD_FAMILY_NAME];
        if (!*g && !*fam)
            code = ck_fail(err, CK_EINVAL,
                           "The given and family names cannot both be "
                           "empty; keep one of them.");
    }
    for (int f = 0; !code && f < FIELD_COUNT; f++)
        if (want[f] && strcmp(value[f], eff.v[f]))
            fields[nchange++] = (enum registration_field)f;
    if (!code && nchange == 0)
        code = ck_fail(err, CK_EINVAL,
                       "Nothing changed: %s already has those values; check "
                       "the spelling with 'checkin attendees'.",
                       ticket);
    if (code) {
        if (wr->pin)
            sodium_memzero(wr->pin, strlen(wr->pin));
        goto out;
    }
    if ((code = allow(s, wr, true, "An edit of a registration", who, err)))
        goto out;
    if ((code = store_begin(s, err)))
        goto out;
    struct key k;
    code = next_key(s, wr, &k, err);
    bool walkin = is_walkin(ticket);
    for (size_t i = 0; !code && i < nchange; i++, k.seq++) {
        enum registration_field f = fields[i];
        code =
            insert_change(s, wr, &k, ticket, "edit", FIELD[f], value[f],
                          walkin ? NULL : base.v[f], who[0] ? who : NULL, err);
    }
    if (!code)
        code = registration_apply(s, ticket, err);
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
out:
    if (!code && changed)
        *changed = nchange;
    if (!code && supervisor)
        snprintf(supervisor, SUPERVISOR_NAME_CAP, "%s", who);
    values_free(&base);
    values_free(&eff);
    g_free(ticket);
    return code;
}

/* ---- for `attendees` ---- */

int registration_describe(store *s, const char *ticket_id, bool *walkin,
                          int64_t *at_ms, char *station, char *comp_reason,
                          struct registration_mark marks[FIELD_COUNT],
                          size_t *nmarks, struct ck_error *err)
{
    *walkin = false;
    *at_ms = 0;
    station[0] = comp_reason[0] = '\0';
    *nmarks = 0;
    json_t *create = NULL;
    int64_t id = 0;
    /* Most people were never changed at a desk: one look says so. */
    sqlite3_stmt *q;
    int code = prepare(s,
                       "SELECT 1 FROM registration_change WHERE ticket_id ="
                       " ?1 LIMIT 1",
                       &q, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return CK_OK;
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading registration changes"),
                                 err);
    if (is_walkin(ticket_id)) {
        code = create_row(s, ticket_id, &create, at_ms, station, 64, err);
        if (!code && create) {
            *walkin = true;
            snprintf(comp_reason, REGISTRATION_FIELD_MAX + 1, "%s",
                     jstr(create, "comp_reason"));
        }
    }
    if (!code)
        code = attendee_id_of(s, ticket_id, &id, err);
    if (code || !id) {
        json_decref(create);
        return code;
    }
    struct values base = {0}, eff = {0};
    code = base_values(s, id, create, &base, err);
    if (!code)
        code =
            in_effect(s, ticket_id, *walkin, &base, &eff, marks, nmarks, err);
    values_free(&base);
    values_free(&eff);
    json_decref(create);
    return code;
}

/* ---- finding whom to edit ---- */

int registration_find(store *s, const char *who, int64_t *attendee_id,
                      struct ck_error *err)
{
    *attendee_id = 0;
    struct attendee_list l;
    int code = store_attendee_find_one(s, who, &l, err);
    if (!code) {
        *attendee_id = l.items[0].id;
        attendee_list_free(&l);
        return CK_OK;
    }
    if (code != CK_EINVAL)
        return code;
    /* Ambiguous: name the candidates, so the next try is a ticket id. */
    struct ck_error quiet = {0};
    if (store_attendee_search(s, who, REGISTRATION_CANDIDATES, &l, &quiet))
        return code;
    if (l.n < 2) {
        attendee_list_free(&l);
        return code;
    }
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < l.n; i++)
        g_string_append_printf(names, "%s%s (ticket %s, order %s)",
                               i ? "; " : "", l.items[i].badge_name,
                               l.items[i].ticket_id, l.items[i].order_code);
    if (l.total > l.n)
        g_string_append_printf(names, "; and %zu more", l.total - l.n);
    code = ck_fail(err, CK_EINVAL,
                   "'%s' matches %zu people: %s; give the ticket id of the "
                   "one you mean.",
                   who, l.total, names->str);
    g_string_free(names, TRUE);
    attendee_list_free(&l);
    return code;
}

int registration_ticket_types(store *s, struct registration_ticket_type *out,
                              size_t cap, size_t *n, struct ck_error *err)
{
    *n = 0;
    sqlite3_stmt *q;
    int code =
        prepare(s, "SELECT slug, label FROM ticket_type ORDER BY id", &q, err);
    if (code)
        return code;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && *n < cap) {
        snprintf(out[*n].slug, sizeof(out[*n].slug), "%s", col(q, 0));
        snprintf(out[*n].label, sizeof(out[*n].label), "%s", col(q, 1));
        (*n)++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the ticket types"), err);
    return CK_OK;
}

int registration_file_version(store *s, int64_t *version, struct ck_error *err)
{
    *version = 0;
    sqlite3_stmt *q;
    int code = store_prepare(s, "PRAGMA data_version", NULL, &q,
                             N_("reading the tutorials"), err);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int64(q, 0);
    else
        code = store_sqlite_fail(s, rc, N_("reading the tutorials"), err);
    sqlite3_finalize(q);
    return code;
}

int registration_tutorials(store *s, struct registration_tutorial *out,
                           size_t cap, size_t *n, struct ck_error *err)
{
    *n = 0;
    sqlite3_stmt *q;
    int code =
        prepare(s, "SELECT id FROM tutorial ORDER BY starts_at, slug", &q, err);
    if (code)
        return code;
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW && *n < cap)
        if (!(code =
                  tutorial_row(s, sqlite3_column_int64(q, 0), &out[*n], err)))
            (*n)++;
    sqlite3_finalize(q);
    if (!code && rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the tutorials"), err);
    return code;
}
