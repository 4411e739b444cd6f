/* What the organizer publishes to the hub from the event database: the
 * description, the signing keys and the registrations. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/atomic_file.h"
#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/pg.h"
#include "checkin/registration.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* ---- push: what the organizer publishes ------------------------------ */

/* A set the organizer publishes whole, in one statement: the file's rows
 * (`read`, ?1 the hub's format where it asks), each made a JSON object by
 * `row`; when `compare` is given the hub is asked first how many rows
 * differ, so that an unchanged set writes nothing and wakes no station;
 * then `write` (both take the rows as $1 and answer with one count).
 * Without `compare`, an empty set is not sent. */
struct publication {
    const char *read;
    json_t *(*row)(sqlite3_stmt *q);
    const char *compare;
    const char *write;
    const char *reading, *comparing, *publishing; /* for messages */
};

static int publish_set(struct ctx *c, const struct publication *p, long *count,
                       struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(c->l, p->read, &q, p->reading, err);
    if (code)
        return code;
    if (sqlite3_bind_parameter_count(q) > 0)
        sqlite3_bind_int(q, 1, c->format);
    json_t *batch = json_array();
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        json_array_append_new(batch, p->row(q));
    if (rc != SQLITE_DONE)
        code = local_fail(c->l, rc, p->reading, err);
    sqlite3_finalize(q);
    long differ = json_array_size(batch) > 0, got = 0;
    if (!code && p->compare)
        code = sync_push_json(c, p->compare, batch, NULL, 0, &differ, 1,
                              p->comparing, err);
    if (!code && differ > 0)
        code = sync_push_json(c, p->write, batch, NULL, 0, &got, 1,
                              p->publishing, err);
    *count += got;
    json_decref(batch);
    return code;
}

static json_t *key_row(sqlite3_stmt *q)
{
    json_t *o = json_object();
    json_object_set_new(o, "key_id", sync_col_int(q, 0));
    json_object_set_new(o, "public_key", sync_col_hex(q, 1));
    json_object_set_new(o, "created_ms", sync_col_int(q, 2));
    json_object_set_new(o, "retired_ms", sync_col_int(q, 3));
    return o;
}

static const struct publication KEYS = {
    .read = "SELECT key_id, public_key, created_ms, retired_ms FROM"
            " signing_key",
    .row = key_row,
    .write = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(key_id"
             " int, public_key text, created_ms bigint, retired_ms bigint)),"
             " up AS (INSERT INTO checkin.signing_key AS k (key_id,"
             " public_key, created_ms, retired_ms) SELECT key_id,"
             " decode(public_key, 'hex'), created_ms, retired_ms FROM x ON"
             " CONFLICT (key_id) DO UPDATE SET retired_ms ="
             " excluded.retired_ms WHERE k.retired_ms IS DISTINCT FROM"
             " excluded.retired_ms RETURNING 1)"
             " SELECT count(*) FROM up",
    .reading = "reading the signing keys",
    .publishing = "publishing the signing keys",
};

/* The event description as this file holds it, one row per kind and key,
 * in the order a station can take them (ticket types and tutorials
 * before the mapping that names them).  Settings: only the registration
 * system's (pretix.*), the sprint days and the acknowledgements' words
 * in other languages (ack.*); a file's own (a booth's role) never
 * travel. */
static const char DESCRIPTION_SQL[] =
    "SELECT 0, 'event', slug, json_object('name', name, 'first_day',"
    " first_day, 'last_day', last_day, 'timezone', timezone) FROM event"
    /* From format 10, a ticket type's days (none: every day). */
    " UNION ALL SELECT 1, 'ticket_type', slug, CASE WHEN ?1 >= 10 THEN"
    " json_object('label', label, 'colour', colour, 'days', json((SELECT"
    " json_group_array(day) FROM (SELECT day FROM ticket_type_day d WHERE"
    " d.ticket_type_id = t.id ORDER BY day)))) ELSE json_object('label',"
    " label, 'colour', colour) END FROM ticket_type t"
    " UNION ALL SELECT 2, 'tutorial', slug, json_object('id', id, 'title',"
    " title, 'room', room, 'starts_at', starts_at, 'ends_at', ends_at,"
    " 'capacity', capacity) FROM tutorial"
    " UNION ALL SELECT 3, 'sponsor', slug, json_object('name', name) FROM"
    " sponsor"
    " UNION ALL SELECT 4, 'source_item', s.source || ':' || s.item,"
    " json_object('ticket_type', tt.slug, 'tutorial', t.slug) FROM"
    " source_item s LEFT JOIN ticket_type tt ON tt.id = s.ticket_type_id"
    " LEFT JOIN tutorial t ON t.id = s.tutorial_id"
    " UNION ALL SELECT 5, 'setting', key, json_object('value', value) FROM"
    " setting WHERE key LIKE 'pretix.%' OR (?1 >= 31 AND key ="
    " 'sprints.days') OR (?1 >= 33 AND key = 'auction.plan')"
    " OR (?1 >= 26 AND key LIKE 'ack.%')"
    /* From format 9: the supervisors' PIN hashes, for the desks only
     * (hub_schema.c); an older hub has no such kind, and gets none. */
    " UNION ALL SELECT 6, 'supervisor', name, json_object('pin_hash',"
    " pin_hash, 'pin_chars', pin_chars) FROM supervisor WHERE ?1 >= 9"
    /* From format 10: the questions lists show, then the lists, each
     * with its rows (docs/admission.md, "A list"); from format 26 whether
     * pretix asks a question at check-in, and its type ("ask") and
     * whether it must be answered (a question not asked keeps its data,
     * and so is not sent again); an acknowledgement of the event's
     * (ask 'A', issue 55) its text too, which needs no new format. */
    " UNION ALL SELECT 7, 'question', identifier, CASE WHEN ask = 'A' AND"
    " ?1 >= 26 THEN json_object('label', label, 'ask', ask, 'required',"
    " required, 'detail', detail) WHEN ask IS NOT NULL"
    " AND ?1 >= 26 THEN json_object('label', label, 'ask', ask, 'required',"
    " required) ELSE json_object('label', label) END FROM question WHERE"
    " ?1 >= 10"
    " UNION ALL SELECT 8, 'list', slug, json_object('title', title, 'once',"
    " once, 'exits', exits, 'room', room, 'capacity', capacity, 'who',"
    " json((SELECT json_group_array(json_object('what', what, 'value',"
    " value)) FROM (SELECT what, value FROM list_who w WHERE w.list_id ="
    " l.id ORDER BY what, value))), 'windows', json((SELECT"
    " json_group_array(json_array(starts_at, ends_at)) FROM (SELECT"
    " starts_at, ends_at FROM list_window w WHERE w.list_id = l.id ORDER"
    " BY starts_at, ends_at))), 'show', json((SELECT"
    " json_group_array(json_object('what', what, 'question', question))"
    " FROM (SELECT what, question FROM list_show w WHERE w.list_id = l.id"
    " ORDER BY position))), 'stock', json((SELECT"
    " json_group_object(variation, stock) FROM list_stock w WHERE"
    " w.list_id = l.id))) FROM checkin_list l WHERE ?1 >= 10"
    /* From format 31: the sprints' projects (docs/sprints.md). */
    " UNION ALL SELECT 9, 'sprint_project', slug, json_object('title',"
    " title, 'lead', lead_ticket_id, 'room', room) FROM sprint_project"
    " WHERE ?1 >= 31"
    " ORDER BY 1, 3";

static json_t *description_row(sqlite3_stmt *q)
{
    json_error_t je;
    json_t *o = json_object();
    json_object_set_new(o, "ord", sync_col_int(q, 0));
    json_object_set_new(o, "kind", sync_col_text(q, 1));
    json_object_set_new(o, "slug", sync_col_text(q, 2));
    json_object_set_new(
        o, "data", json_loads((const char *)sqlite3_column_text(q, 3), 0, &je));
    return o;
}

/* The event description (`checkin event` changed it): rows whose data
 * changed are written, rows the file no longer has marked removed (data
 * NULL). */
static const struct publication DESCRIPTION = {
    .read = DESCRIPTION_SQL,
    .row = description_row,
    .compare = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(kind text,"
               " slug text, data jsonb)), d AS (SELECT kind, slug, data FROM"
               " checkin.event_description WHERE data IS NOT NULL)"
               " SELECT count(*) FROM x FULL JOIN d USING (kind, slug) WHERE"
               " x.data IS DISTINCT FROM d.data",
    .write = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(ord int,"
             " kind text, slug text, data jsonb)),"
             " up AS (INSERT INTO checkin.event_description AS d (kind, slug,"
             " data) SELECT kind, slug, data FROM x ORDER BY ord, slug ON"
             " CONFLICT (kind, slug) DO UPDATE SET data = excluded.data WHERE"
             " d.data IS DISTINCT FROM excluded.data RETURNING 1),"
             " gone AS (UPDATE checkin.event_description d SET data = NULL"
             " WHERE d.data IS NOT NULL AND NOT EXISTS (SELECT 1 FROM x WHERE"
             " x.kind = d.kind AND x.slug = d.slug) RETURNING 1)"
             " SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone)",
    .reading = "reading the event description",
    .comparing = "comparing the event description",
    .publishing = "publishing the event description",
};

/* Parse a JSON array text from SQLite's json_group_array. */
static json_t *col_json(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    /* Most registrations name no tutorial and no revoked code. */
    if (!t || !strcmp((const char *)t, "[]"))
        return json_array();
    json_error_t je;
    json_t *j = json_loads(t ? (const char *)t : "[]", 0, &je);
    return j ? j : json_array();
}

/* The registrations to publish, as COPY fills them: the columns of a
 * registration's row as publish_registrations makes it (format 10's
 * items, hold and answers NULL when a row has none), its lists of slugs
 * and codes as the arrays the hub keeps, so that the upsert takes them
 * as they are instead of building an array per row from JSON.  Dropped at the
 * publish's commit. */
static const char PUBLISH_TABLE[] =
    "CREATE TEMPORARY TABLE publish_registration (ticket_id text,"
    " order_code text, status text, given_name text, family_name text,"
    " badge_name text, pronouns text, company text, email text,"
    " ticket_type text, sponsor_consent boolean, testmode boolean,"
    " search_key text, fingerprint text, imported_ms bigint,"
    " updated_ms bigint, tutorials text[], secrets text[],"
    " revoked_secrets text[], digest text, items jsonb, hold boolean,"
    " answers jsonb, addon_secrets text[], door jsonb) ON COMMIT DROP";

/* publish_registration's columns up to format 9's digest, and format
 * 10's three after them (COPY names them when a row has fewer than the
 * table). */
#define COPY_COLUMNS_9                                                         \
    "ticket_id, order_code, status, given_name, family_name, badge_name,"      \
    " pronouns, company, email, ticket_type, sponsor_consent, testmode,"       \
    " search_key, fingerprint, imported_ms, updated_ms, tutorials, secrets,"   \
    " revoked_secrets, digest"
#define COPY_COLUMNS_10 COPY_COLUMNS_9 ", items, hold, answers"
#define COPY_COLUMNS_19 COPY_COLUMNS_10 ", addon_secrets"

/* The rows COPY put in publish_registration, as each statement below
 * reads them: the table itself, not a CTE of it, which PostgreSQL would
 * copy whole into a tuplestore first for the three statements that read
 * it (0.24 s of the upsert at 100,000, EXPLAIN ANALYZE at load 15). */
#define PUBLISHED "pg_temp.publish_registration x"

/* The upsert of the registrations COPY put in publish_registration;
 * LISTS_* the columns format 10 adds (and its answers, which ride with
 * their registration's digest).  REGISTRATION_INSERT: the same rows into
 * a hub that holds no registration yet (a first `hub init`), without
 * ON CONFLICT, whose speculative insertion PostgreSQL otherwise pays at
 * every row. */
#define REGISTRATION_ROWS(LISTS_COLS, LISTS_VALS)                              \
    "WITH up AS (INSERT INTO checkin.registration AS r (ticket_id,"            \
    " order_code, status, given_name, family_name, badge_name,"                \
    " pronouns, company, email, ticket_type, sponsor_consent, testmode,"       \
    " search_key, fingerprint, imported_ms, updated_ms, tutorials,"            \
    " secrets, revoked_secrets, digest, hub_seq, hub_xid" LISTS_COLS ")"       \
    " SELECT ticket_id,"                                                       \
    " order_code, status, given_name, family_name, badge_name, pronouns,"      \
    " company, email, ticket_type, sponsor_consent, testmode, search_key,"     \
    " decode(fingerprint, 'hex'), imported_ms, updated_ms,"                    \
    " coalesce(tutorials, '{}'), coalesce(secrets, '{}'),"                     \
    " coalesce(revoked_secrets, '{}'),"                                        \
    " decode(digest, 'hex'), nextval('checkin.hub_seq'),"                      \
    " pg_current_xact_id()" LISTS_VALS " FROM " PUBLISHED
#define REGISTRATION_UPSERT(LISTS_COLS, LISTS_VALS, LISTS_SET, LISTS_CTES)     \
    REGISTRATION_ROWS(LISTS_COLS, LISTS_VALS)                                  \
    " ON CONFLICT"                                                             \
    " (ticket_id) DO"                                                          \
    " UPDATE SET order_code = excluded.order_code, status ="                   \
    " excluded.status, given_name = excluded.given_name, family_name ="        \
    " excluded.family_name, badge_name = excluded.badge_name, pronouns"        \
    " = excluded.pronouns, company = excluded.company, email ="                \
    " excluded.email, ticket_type = excluded.ticket_type,"                     \
    " sponsor_consent = excluded.sponsor_consent, testmode ="                  \
    " excluded.testmode, search_key = excluded.search_key, fingerprint"        \
    " = excluded.fingerprint, imported_ms = excluded.imported_ms,"             \
    " updated_ms = excluded.updated_ms, tutorials = excluded.tutorials,"       \
    " secrets = excluded.secrets, revoked_secrets ="                           \
    " excluded.revoked_secrets, digest = excluded.digest, hub_seq ="           \
    " excluded.hub_seq, hub_xid = excluded.hub_xid" LISTS_SET                  \
    " WHERE r.digest != excluded.digest RETURNING 1)" LISTS_CTES               \
    " SELECT count(*) FROM up"
#define REGISTRATION_INSERT(LISTS_COLS, LISTS_VALS, LISTS_CTES)                \
    REGISTRATION_ROWS(LISTS_COLS, LISTS_VALS)                                  \
    " RETURNING 1)" LISTS_CTES " SELECT count(*) FROM up"

static const char UPSERT_9[] = REGISTRATION_UPSERT("", "", "", "");
static const char INSERT_9[] = REGISTRATION_INSERT("", "", "");
/* A registration's answers as its batch row gives them (none: every
 * answer the hub held for it is no longer given, answer NULL). */
#define ANSWERS_CTES                                                           \
    ", ans AS (INSERT INTO checkin.answer AS a (ticket_id, question, answer)"  \
    " SELECT x.ticket_id, e.key, e.value FROM " PUBLISHED ","                  \
    " jsonb_each_text(x.answers)"                                              \
    " e WHERE x.answers IS NOT NULL ON CONFLICT (ticket_id, question) DO"      \
    " UPDATE SET"                                                              \
    " answer = excluded.answer WHERE a.answer IS DISTINCT FROM"                \
    " excluded.answer RETURNING 1),"                                           \
    " gone AS (UPDATE checkin.answer a SET answer = NULL FROM " PUBLISHED      \
    " WHERE"                                                                   \
    " a.ticket_id = x.ticket_id AND a.answer IS NOT NULL AND NOT"              \
    " coalesce(x.answers, '{}') ? a.question RETURNING 1)"
static const char UPSERT_10[] = REGISTRATION_UPSERT(
    ", items, hold", ", coalesce(items, '[]'), coalesce(hold, false)",
    ", items = excluded.items, hold = excluded.hold", ANSWERS_CTES);
static const char INSERT_10[] = REGISTRATION_INSERT(
    ", items, hold", ", coalesce(items, '[]'), coalesce(hold, false)",
    ANSWERS_CTES);
/* From format 19, with which of its codes are its add-ons' (none given:
 * none). */
static const char UPSERT_19[] = REGISTRATION_UPSERT(
    ", items, hold, addon_secrets",
    ", coalesce(items, '[]'), coalesce(hold, false),"
    " coalesce(addon_secrets, '{}')",
    ", items = excluded.items, hold = excluded.hold, addon_secrets ="
    " excluded.addon_secrets",
    ANSWERS_CTES);
static const char INSERT_19[] =
    REGISTRATION_INSERT(", items, hold, addon_secrets",
                        ", coalesce(items, '[]'), coalesce(hold, false),"
                        " coalesce(addon_secrets, '{}')",
                        ANSWERS_CTES);
/* From format 24, with what the registration system says at the door
 * (none given: NULL). */
static const char UPSERT_24[] = REGISTRATION_UPSERT(
    ", items, hold, addon_secrets, door",
    ", coalesce(items, '[]'), coalesce(hold, false),"
    " coalesce(addon_secrets, '{}'), door",
    ", items = excluded.items, hold = excluded.hold, addon_secrets ="
    " excluded.addon_secrets, door = excluded.door",
    ANSWERS_CTES);
static const char INSERT_24[] =
    REGISTRATION_INSERT(", items, hold, addon_secrets, door",
                        ", coalesce(items, '[]'), coalesce(hold, false),"
                        " coalesce(addon_secrets, '{}'), door",
                        ANSWERS_CTES);

static json_t *invitee_row(sqlite3_stmt *q)
{
    json_t *o = json_object();
    json_object_set_new(o, "list", sync_col_text(q, 0));
    json_object_set_new(o, "ticket_id", sync_col_text(q, 1));
    return o;
}

/* The invitation lists, as a set: the organizer's rows added, those it no
 * longer has marked removed. */
static const struct publication INVITEES = {
    .read = "SELECT l.slug, v.ticket_id FROM list_invitee v"
            " JOIN checkin_list l ON l.id = v.list_id ORDER BY 1, 2",
    .row = invitee_row,
    .compare = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(list text,"
               " ticket_id text)), h AS (SELECT list, ticket_id FROM"
               " checkin.list_invitee WHERE NOT removed) SELECT count(*) FROM x"
               " FULL JOIN h USING (list, ticket_id) WHERE x.ticket_id IS NULL"
               " OR h.ticket_id IS NULL",
    .write = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(list text,"
             " ticket_id text)),"
             " up AS (INSERT INTO checkin.list_invitee AS v (list, ticket_id)"
             " SELECT list, ticket_id FROM x ON CONFLICT (list, ticket_id) DO"
             " UPDATE SET removed = false WHERE v.removed RETURNING 1),"
             " gone AS (UPDATE checkin.list_invitee v SET removed = true WHERE"
             " NOT v.removed AND NOT EXISTS (SELECT 1 FROM x WHERE x.list ="
             " v.list AND x.ticket_id = v.ticket_id) RETURNING 1)"
             " SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone)",
    .reading = "reading the invitation lists",
    .comparing = "comparing the invitation lists",
    .publishing = "publishing the invitation lists",
};

/* The export's values of the fields desks edit: attendee_source's where
 * an edit made the column differ (event/registration.h).  The columns
 * hold the values in effect; from format 11 every file applies the
 * desks' edits itself. */
#define SOURCE(FIELD)                                                          \
    " coalesce((SELECT value FROM attendee_source WHERE attendee_id = a.id"    \
    " AND field = '" FIELD "'), a." FIELD ")"
#define EXPORT_VALUES                                                          \
    SOURCE("given_name")                                                       \
    "," SOURCE("family_name") "," SOURCE("badge_name") "," SOURCE(             \
        "pronouns") "," SOURCE("company") "," SOURCE("email")

/* A registration the hub is given, noted in the file (sync_reg) once the
 * hub has taken them all. */
struct noted {
    char *ticket;
    uint8_t digest[16];
};

/* The registrations' rows in COPY's text format (PostgreSQL's
 * documentation, COPY, "Text Format"), made as the hub reads them:
 * each call of next_rows reads and hashes registrations until `rows`
 * holds COPY_CHUNK bytes or the file has no more. */
enum { COPY_CHUNK = 64 * 1024 };

/* A statement read beside the registrations' (rows of every attendee,
 * in the order of their ids, the id first): each registration's
 * tutorials and codes, a merge join in place of four subqueries a row
 * (sorting each registration's few codes, then JSON text that jansson
 * parsed again). */
struct beside {
    sqlite3_stmt *q;
    bool row; /* q stands on a row, of attendee `id` */
    sqlite3_int64 id;
};

/* A registration's tutorials' slugs or codes, in the statement's order,
 * as its digest's JSON array and as COPY's PostgreSQL array literal. */
struct strings {
    struct ck_buf json, copy;
    size_t n;
    bool bad; /* one is not UTF-8 or holds a NUL: none (see strings_add) */
};

struct reg_copy {
    struct ctx *c;
    sqlite3_stmt *q;
    struct beside tutorials, codes, addon_codes;
    struct strings tutorial, secret, revoked, addon;
    bool lists, addons; /* the hub's format: 10 or later, 19 or later */
    bool door;          /* 24 or later */
    struct ck_buf rows; /* the COPY text of the rows read */
    struct noted *note;
    size_t n, ncap;
    bool primed; /* rows holds rows read before the COPY began */
    bool done;   /* every row read (a step more would start again) */
    /* A row's canonical JSON, its digest's input, reused row to row. */
    struct ck_buf canon;
};

static bool put(struct reg_copy *rc, const char *s, size_t n)
{
    return ck_buf_add(&rc->rows, s, n);
}

/* Text with COPY's escapes: a backslash, tab, newline or carriage return
 * would end a field or the row. */
static bool copy_escaped(struct ck_buf *b, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *esc = s[i] == '\\'   ? "\\\\"
                          : s[i] == '\t' ? "\\t"
                          : s[i] == '\n' ? "\\n"
                          : s[i] == '\r' ? "\\r"
                                         : NULL;
        if (!esc)
            continue;
        if (!ck_buf_add(b, s + from, i - from) || !ck_buf_add(b, esc, 2))
            return false;
        from = i + 1;
    }
    return ck_buf_add(b, s + from, n - from);
}

static bool put_text(struct reg_copy *rc, const char *s, size_t n)
{
    return copy_escaped(&rc->rows, s, n);
}

/* One field of the row from `v` (NULL or null: \N), then `end`. */
static bool put_field(struct reg_copy *rc, json_t *v, char end)
{
    bool ok = true;
    if (!v || json_is_null(v)) {
        ok = put(rc, "\\N", 2);
    } else if (json_is_string(v)) {
        ok = put_text(rc, json_string_value(v), json_string_length(v));
    } else if (json_is_boolean(v)) {
        ok = put(rc, json_is_true(v) ? "t" : "f", 1);
    } else if (json_is_integer(v)) {
        char num[32];
        int n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                         json_integer_value(v));
        ok = put(rc, num, (size_t)n);
    } else {
        char *t = json_dumps(v, JSON_COMPACT);
        ok = t && put_text(rc, t, strlen(t));
        free(t);
    }
    return ok && put(rc, &end, 1);
}

static void strings_clear(struct strings *a)
{
    ck_buf_clear(&a->json);
    ck_buf_clear(&a->copy);
    a->n = 0;
    a->bad = false;
}

static void strings_free(struct strings *a)
{
    ck_buf_free(&a->json);
    ck_buf_free(&a->copy);
}

/* One more string: in JSON as canon.c writes it; in the array literal
 * (PostgreSQL's documentation, "Array Value Input") quoted, a quote or
 * backslash in it escaped by a backslash, all of it then escaped for
 * COPY.  Earlier builds had SQLite write the array as JSON and jansson
 * parse it, which refused the whole array (none: []) when one string
 * was not UTF-8 or held a NUL (\u0000); such an array is none here too,
 * so that no digest changes. */
static bool strings_add(struct strings *a, const char *s, size_t n)
{
    a->bad = a->bad || !text_valid_utf8(s, n);
    bool ok = ck_buf_add(&a->json, a->n ? "," : "[", 1) &&
              sync_canon_string(&a->json, s, n) &&
              ck_buf_add(&a->copy, a->n ? ",\"" : "{\"", 2);
    size_t from = 0;
    for (size_t k = 0; ok && k < n; k++)
        if (s[k] == '"' || s[k] == '\\') {
            ok = copy_escaped(&a->copy, s + from, k - from) &&
                 copy_escaped(&a->copy, "\\", 1);
            from = k;
        }
    a->n++;
    return ok && copy_escaped(&a->copy, s + from, n - from) &&
           ck_buf_addc(&a->copy, '"');
}

/* The array ends; false when memory ran out. */
static bool strings_end(struct strings *a)
{
    if (a->bad || !a->n) {
        strings_clear(a);
        a->bad = true; /* none: [] and {} */
        return ck_buf_add(&a->json, "[]", 2) && ck_buf_add(&a->copy, "{}", 2);
    }
    return ck_buf_addc(&a->json, ']') && ck_buf_addc(&a->copy, '}');
}

/* Whether the array holds any string (strings_end done). */
static bool strings_any(const struct strings *a)
{
    return !a->bad;
}

/* b's next row; false (and err) when reading failed. */
static int beside_step(struct reg_copy *rc, struct beside *b,
                       struct ck_error *err)
{
    int step = sqlite3_step(b->q);
    b->row = step == SQLITE_ROW;
    if (b->row)
        b->id = sqlite3_column_int64(b->q, 0);
    else if (step != SQLITE_DONE)
        return local_fail(rc->c->l, step, N_("reading the registrations"), err);
    return CK_OK;
}

/* Attendee id's strings from b (text column `col`; with `flag`, those
 * whose column 1 is 0 into `a`, 1 into `b1`), past the rows of attendees
 * before it (walk-ins, which are not published). */
static int beside_read(struct reg_copy *rc, struct beside *b, sqlite3_int64 id,
                       int col, struct strings *a, struct strings *a1,
                       struct ck_error *err)
{
    int code = CK_OK;
    strings_clear(a);
    if (a1)
        strings_clear(a1);
    while (!code && b->q && b->row && b->id < id)
        code = beside_step(rc, b, err);
    while (!code && b->q && b->row && b->id == id) {
        const unsigned char *t = sqlite3_column_text(b->q, col);
        size_t n = (size_t)sqlite3_column_bytes(b->q, col);
        struct strings *to = a1 && sqlite3_column_int(b->q, 1) ? a1 : a;
        if (!strings_add(to, t ? (const char *)t : "", n))
            return ck_fail(err, CK_ENOMEM,
                           "Out of memory while publishing the "
                           "registrations.");
        code = beside_step(rc, b, err);
    }
    if (!code && (!strings_end(a) || (a1 && !strings_end(a1))))
        return ck_fail(err, CK_ENOMEM,
                       "Out of memory while publishing the registrations.");
    return code;
}

/* A text or blob column of the registration being published, read from
 * the statement once for both its digest's text and its COPY row (each
 * sqlite3_column_* call takes the connection's mutex). */
struct reg_col {
    const char *s; /* NULL when the column is NULL */
    size_t n;
    /* In the object its digest is taken of: NULL is (null); text that
     * is not UTF-8 is not (jansson refused it as a string, and the
     * digests files note were taken so). */
    bool member;
};

/* The registration being published: its columns as the statement of
 * publish_registrations gives them, and what the file holds as JSON
 * (from format 10 its items and answers) parsed once, and its
 * tutorials and codes (reg_copy's); a JSON value or array NULL is not in
 * its object. */
struct reg_row {
    struct reg_col col[14]; /* 0-9, 12 text, 13 the fingerprint */
    bool consent, testmode, hold;
    bool has_imported, has_updated;
    json_int_t imported, updated;
    json_t *items, *answers;
    json_t *door; /* from format 24: what pretix says at the door */
    const struct strings *tutorials, *secrets, *revoked, *addons;
};

static void reg_row_free(struct reg_row *r)
{
    json_decref(r->items);
    json_decref(r->answers);
    json_decref(r->door);
}

/* v when it holds anything (an array's or an object's members), else
 * NULL, v (may be NULL) taken either way: only then is it in the
 * object, so that a registration no list names keeps its digest (and is
 * not sent again) after the hub's upgrade to format 10, and one without
 * add-ons after the upgrade to 19. */
static json_t *if_any(json_t *v)
{
    if (json_array_size(v) > 0 || json_object_size(v) > 0)
        return v;
    json_decref(v);
    return NULL;
}

static void read_col(sqlite3_stmt *q, int i, bool text, struct reg_col *c)
{
    *c = (struct reg_col){.member = true};
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return;
    c->s = text ? (const char *)sqlite3_column_text(q, i)
                : (const char *)sqlite3_column_blob(q, i);
    c->n = (size_t)sqlite3_column_bytes(q, i);
    if (!c->s)
        c->s = "";
    c->member = !text || text_is_utf8((const uint8_t *)c->s, c->n);
}

/* The registration rc->q stands on, its tutorials and codes read from
 * beside it. */
static int reg_row_read(struct reg_copy *rc, struct reg_row *r /* out */,
                        struct ck_error *err)
{
    sqlite3_stmt *q = rc->q;
    *r = (struct reg_row){0};
    for (int i = 0; i < 14; i++)
        if (i != 10 && i != 11)
            read_col(q, i, i != 13, &r->col[i]);
    r->consent = sqlite3_column_int(q, 10);
    r->testmode = sqlite3_column_int(q, 11);
    r->has_imported = sqlite3_column_type(q, 14) != SQLITE_NULL;
    r->imported = sqlite3_column_int64(q, 14);
    r->has_updated = sqlite3_column_type(q, 15) != SQLITE_NULL;
    r->updated = sqlite3_column_int64(q, 15);
    sqlite3_int64 id = sqlite3_column_int64(q, 16);
    if (rc->lists) {
        r->items = if_any(col_json(q, 18));
        r->hold = sqlite3_column_int(q, 19);
        const unsigned char *t = sqlite3_column_text(q, 20);
        json_error_t je;
        r->answers = if_any(json_loads(t ? (const char *)t : "{}", 0, &je));
    }
    if (rc->door) {
        const unsigned char *t = sqlite3_column_text(q, 21);
        json_error_t je;
        r->door = if_any(json_loads(t ? (const char *)t : "{}", 0, &je));
    }
    int code = beside_read(rc, &rc->tutorials, id, 1, &rc->tutorial, NULL, err);
    if (!code)
        code =
            beside_read(rc, &rc->codes, id, 2, &rc->secret, &rc->revoked, err);
    if (!code && rc->addons)
        code = beside_read(rc, &rc->addon_codes, id, 1, &rc->addon, NULL, err);
    r->tutorials = &rc->tutorial;
    r->secrets = &rc->secret;
    r->revoked = &rc->revoked;
    r->addons = rc->addons && strings_any(&rc->addon) ? &rc->addon : NULL;
    return code;
}

/* The next member's name: a comma after the one before it, the key. */
static bool canon_key(struct ck_buf *t, const char *key)
{
    return (t->len == 1 || ck_buf_addc(t, ',')) && ck_buf_addc(t, '"') &&
           ck_buf_adds(t, key) && ck_buf_add(t, "\":", 2);
}

/* A text column as a member: text, null, or (not UTF-8) none. */
static bool canon_text(struct ck_buf *t, const struct reg_col *c,
                       const char *key)
{
    if (!c->member)
        return true;
    if (!canon_key(t, key))
        return false;
    return c->s ? sync_canon_string(t, c->s, c->n) : ck_buf_add(t, "null", 4);
}

/* A column's exact bytes as hex text (NULL: null in JSON, \N in COPY),
 * quoted in JSON. */
static bool add_hex(struct ck_buf *t, const struct reg_col *c, bool json)
{
    if (!c->s)
        return json ? ck_buf_add(t, "null", 4) : ck_buf_add(t, "\\N", 2);
    if (json && !ck_buf_addc(t, '"'))
        return false;
    char *h = ck_buf_room(t, 2 * c->n);
    if (!h)
        return false;
    sodium_bin2hex(h, 2 * c->n + 1, (const unsigned char *)c->s, c->n);
    t->len += 2 * c->n;
    return !json || ck_buf_addc(t, '"');
}

/* A number (none: null in JSON, \N in COPY). */
static bool add_int(struct ck_buf *t, bool has, json_int_t v, bool json)
{
    if (!has)
        return json ? ck_buf_add(t, "null", 4) : ck_buf_add(t, "\\N", 2);
    char num[32];
    int n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, v);
    return ck_buf_add(t, num, (size_t)n);
}

static bool canon_json(struct ck_buf *t, const char *key, json_t *v)
{
    return !v || (canon_key(t, key) && sync_canon_add(t, v));
}

static bool canon_strings(struct ck_buf *t, const char *key,
                          const struct strings *a)
{
    return !a || (canon_key(t, key) && ck_buf_add(t, a->json.p, a->json.len));
}

static bool canon_bool(struct ck_buf *t, const char *key, bool v)
{
    return canon_key(t, key) && ck_buf_adds(t, v ? "true" : "false");
}

/* Registration r's canonical JSON, its digest's input, into t: what
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) wrote of the object earlier
 * builds made of the row, written here member by member in the order of
 * their keys, with no such object (its allocations, look-ups and the
 * sorting of its keys were a sixth of hub init's own instructions). */
static bool canon_row(struct ck_buf *t, const struct reg_row *r)
{
    const struct reg_col *c = r->col;
    ck_buf_clear(t);
    return ck_buf_addc(t, '{') &&
           canon_strings(t, "addon_secrets", r->addons) &&
           canon_json(t, "answers", r->answers) &&
           canon_text(t, &c[5], "badge_name") &&
           canon_text(t, &c[7], "company") && canon_json(t, "door", r->door) &&
           canon_text(t, &c[8], "email") &&
           canon_text(t, &c[4], "family_name") && canon_key(t, "fingerprint") &&
           add_hex(t, &c[13], true) && canon_text(t, &c[3], "given_name") &&
           (!r->hold || canon_bool(t, "hold", true)) &&
           canon_key(t, "imported_ms") &&
           add_int(t, r->has_imported, r->imported, true) &&
           canon_json(t, "items", r->items) &&
           canon_text(t, &c[1], "order_code") &&
           canon_text(t, &c[6], "pronouns") &&
           canon_strings(t, "revoked_secrets", r->revoked) &&
           canon_text(t, &c[12], "search_key") &&
           canon_strings(t, "secrets", r->secrets) &&
           canon_bool(t, "sponsor_consent", r->consent) &&
           canon_text(t, &c[2], "status") &&
           canon_bool(t, "testmode", r->testmode) &&
           canon_text(t, &c[0], "ticket_id") &&
           canon_text(t, &c[9], "ticket_type") &&
           canon_strings(t, "tutorials", r->tutorials) &&
           canon_key(t, "updated_ms") &&
           add_int(t, r->has_updated, r->updated, true) && ck_buf_addc(t, '}');
}

/* A text column as a field of COPY (NULL, or not UTF-8: \N), then a
 * tab. */
static bool copy_text(struct reg_copy *rc, const struct reg_col *c)
{
    return (c->s && c->member ? put_text(rc, c->s, c->n) : put(rc, "\\N", 2)) &&
           put(rc, "\t", 1);
}

/* An array (none: \N), then `end`. */
static bool put_strings(struct reg_copy *rc, const struct strings *a, char end)
{
    return (a ? put(rc, a->copy.p, a->copy.len) : put(rc, "\\N", 2)) &&
           put(rc, &end, 1);
}

/* Registration r (digest `digest`) as a row of COPY, in
 * publish_registration's columns, and noted. */
static int copy_row(struct reg_copy *rc, const struct reg_row *r,
                    const uint8_t *digest, struct ck_error *err)
{
    const struct reg_col *c = r->col;
    char hex[33];
    sodium_bin2hex(hex, sizeof(hex), digest, 16);
    bool ok = true;
    for (int i = 0; ok && i < 10; i++)
        ok = copy_text(rc, &c[i]);
    ok = ok && put(rc, r->consent ? "t\t" : "f\t", 2) &&
         put(rc, r->testmode ? "t\t" : "f\t", 2) && copy_text(rc, &c[12]) &&
         add_hex(&rc->rows, &c[13], false) && put(rc, "\t", 1) &&
         add_int(&rc->rows, r->has_imported, r->imported, false) &&
         put(rc, "\t", 1) &&
         add_int(&rc->rows, r->has_updated, r->updated, false) &&
         put(rc, "\t", 1) && put_strings(rc, r->tutorials, '\t') &&
         put_strings(rc, r->secrets, '\t') &&
         put_strings(rc, r->revoked, '\t') && put(rc, hex, 32);
    if (rc->lists)
        ok = ok && put(rc, "\t", 1) && put_field(rc, r->items, '\t') &&
             put(rc, r->hold ? "t\t" : "\\N\t", r->hold ? 2 : 3) &&
             put_field(rc, r->answers, rc->addons ? '\t' : '\n');
    if (rc->addons)
        ok = ok && put_strings(rc, r->addons, rc->door ? '\t' : '\n');
    if (rc->door)
        ok = ok && put_field(rc, r->door, '\n');
    if (!rc->lists)
        ok = ok && put(rc, "\n", 1);
    ok = ok && CK_VEC_ROOM(rc->note, rc->n, 1, rc->ncap);
    char *ticket = ok && c[0].s ? strndup(c[0].s, c[0].n) : NULL;
    if (!ticket)
        return ck_fail(err, CK_ENOMEM,
                       "Out of memory while publishing the registrations.");
    rc->note[rc->n].ticket = ticket;
    memcpy(rc->note[rc->n].digest, digest, 16);
    rc->n++;
    return CK_OK;
}

/* pg_copy_in's source: the next rows that differ from what the file
 * notes the hub holds. */
static int next_rows(void *arg, const char **data, size_t *len,
                     struct ck_error *err)
{
    struct reg_copy *rc = arg;
    if (rc->primed) {
        rc->primed = false;
        *data = rc->rows.p;
        *len = rc->rows.len;
        return CK_OK;
    }
    ck_buf_clear(&rc->rows);
    int code = CK_OK, step;
    while (!code && !rc->done && rc->rows.len < COPY_CHUNK) {
        step = sqlite3_step(rc->q);
        rc->done = step == SQLITE_DONE;
        if (rc->done)
            break;
        if (step != SQLITE_ROW)
            return local_fail(rc->c->l, step, N_("reading the registrations"),
                              err);
        struct reg_row r;
        /* The digest of its canonical JSON: unchanged since the last
         * publish means nothing to send. */
        code = reg_row_read(rc, &r, err);
        if (!code && !canon_row(&rc->canon, &r))
            code = ck_fail(err, CK_ENOMEM,
                           "Out of memory while publishing the "
                           "registrations.");
        if (code) {
            reg_row_free(&r);
            break;
        }
        uint8_t digest[16];
        crypto_generichash(digest, sizeof(digest),
                           (const unsigned char *)rc->canon.p, rc->canon.len,
                           NULL, 0);
        if (sqlite3_column_bytes(rc->q, 17) != (int)sizeof(digest) ||
            memcmp(sqlite3_column_blob(rc->q, 17), digest, sizeof(digest)))
            code = copy_row(rc, &r, digest, err);
        reg_row_free(&r);
    }
    /* The rows beside the last registration's (walk-ins') are not read:
     * their statements end here, not holding the file's read
     * transaction until the hub has taken the rows. */
    if (rc->done) {
        sqlite3_reset(rc->tutorials.q);
        sqlite3_reset(rc->codes.q);
        sqlite3_reset(rc->addon_codes.q);
    }
    *data = rc->rows.p;
    *len = rc->rows.len;
    return code;
}

/* What the hub is given, noted in the file (sync_reg) as published, in
 * a transaction left open (CK_OK) for the caller to commit once the hub
 * has committed, or to roll back. */
static int note_published(struct ctx *c, const struct reg_copy *rc,
                          struct ck_error *err)
{
    sqlite3_stmt *done = NULL;
    int code = local_prepare(c->l,
                             "INSERT OR REPLACE INTO sync_reg (ticket_id, "
                             "digest) VALUES (?1, ?2)",
                             &done, N_("noting what the hub holds"), err);
    if (!code)
        code = local_begin(c->l, err);
    if (code) {
        sqlite3_finalize(done);
        return code;
    }
    for (size_t i = 0; !code && i < rc->n; i++) {
        sqlite3_bind_text(done, 1, rc->note[i].ticket, -1, SQLITE_STATIC);
        sqlite3_bind_blob(done, 2, rc->note[i].digest, 16, SQLITE_STATIC);
        code = local_done(c->l, done, N_("noting what the hub holds"), err);
    }
    if (code)
        local_rollback(c->l);
    sqlite3_finalize(done);
    return code;
}

/* The registrations to publish opened in `rc`: the statement that reads
 * them and those that read the rows beside them, each stepped to its
 * first row.  On failure what was opened is closed by reg_copy_close. */
static int reg_copy_open(struct reg_copy *rc, struct ck_error *err)
{
    struct ctx *c = rc->c;
    int code = local_prepare(
        c->l,
        "SELECT a.ticket_id, a.order_code, a.status," EXPORT_VALUES ","
        " tt.slug, a.sponsor_consent, a.testmode, a.search_key,"
        " a.fingerprint, a.imported_ms, a.updated_ms, a.id, r.digest,"
        /* From format 10: the positions lists name, the hold and the
         * answers lists show (hub_schema.c, LISTS). */
        " (SELECT json_group_array(json_object('position', position,"
        " 'item', item, 'variation', variation, 'variation_name',"
        " variation_name)) FROM (SELECT * FROM attendee_item WHERE"
        " attendee_id = a.id ORDER BY position)), a.hold,"
        " (SELECT json_group_object(question, answer) FROM attendee_answer"
        " WHERE attendee_id = a.id),"
        /* From format 24: what pretix says at the door, never the
         * block's reason (hub_schema_steps.c, DOOR_FIELDS). */
        " CASE WHEN a.blocked OR coalesce(a.valid_from_ms,"
        " a.valid_until_ms, a.attention, a.seat, a.locale) IS NOT NULL"
        " THEN json_patch('{}', json_object('blocked', CASE WHEN a.blocked"
        " THEN json('true') END, 'valid_from_ms', a.valid_from_ms,"
        " 'valid_until_ms', a.valid_until_ms, 'attention', a.attention,"
        " 'seat', a.seat, 'locale', a.locale)) END"
        " FROM attendee a JOIN ticket_type tt ON tt.id ="
        " a.ticket_type_id LEFT JOIN sync_reg r ON r.ticket_id ="
        " a.ticket_id WHERE a.ticket_id NOT LIKE '" REGISTRATION_PREFIX "%'"
        " ORDER BY a.id",
        &rc->q, N_("reading the registrations to publish"), err);
    /* Beside them, in the order of the attendees' ids: the tutorials'
     * slugs of each in order; its codes, live then revoked, each in
     * order, the tutorial add-ons' among them (issue 30: they travel as
     * the registration's, and a station keeps them with its ticket's);
     * from format 19 which of those are add-ons'. */
    if (!code)
        code = local_prepare(c->l,
                             "SELECT x.attendee_id, t.slug FROM"
                             " attendee_tutorial x JOIN tutorial t ON t.id ="
                             " x.tutorial_id ORDER BY x.attendee_id, t.slug",
                             &rc->tutorials.q,
                             N_("reading the registrations to publish"), err);
    if (!code)
        code = local_prepare(c->l,
                             "SELECT attendee_id, revoked, secret FROM"
                             " ticket_secret UNION ALL SELECT attendee_id,"
                             " revoked, secret FROM addon_secret ORDER BY 1,"
                             " 2, 3",
                             &rc->codes.q,
                             N_("reading the registrations to publish"), err);
    if (!code && rc->addons)
        code = local_prepare(c->l,
                             "SELECT attendee_id, secret FROM addon_secret"
                             " ORDER BY 1, 2",
                             &rc->addon_codes.q,
                             N_("reading the registrations to publish"), err);
    struct beside *sides[] = {&rc->tutorials, &rc->codes, &rc->addon_codes};
    for (size_t i = 0; !code && i < 3; i++)
        if (sides[i]->q)
            code = beside_step(rc, sides[i], err);
    return code;
}

/* What reg_copy_open opened and the rows read closed and freed. */
static void reg_copy_close(struct reg_copy *rc)
{
    for (size_t i = 0; i < rc->n; i++)
        free(rc->note[i].ticket);
    free(rc->note);
    ck_buf_free(&rc->rows);
    ck_buf_free(&rc->canon);
    struct strings *arrays[] = {&rc->tutorial, &rc->secret, &rc->revoked,
                                &rc->addon};
    for (size_t i = 0; i < 4; i++)
        strings_free(arrays[i]);
    struct beside *sides[] = {&rc->tutorials, &rc->codes, &rc->addon_codes};
    for (size_t i = 0; i < 3; i++)
        sqlite3_finalize(sides[i]->q);
    sqlite3_finalize(rc->q);
}

/* The hub takes the rows `rc` reads, its first ones read already, in one
 * transaction: COPY into a temporary table, then one insert or upsert
 * from it, while the file notes what it was given (note_published);
 * both committed, or both rolled back. */
static int hub_takes(struct reg_copy *rc, struct ck_error *err)
{
    struct ctx *c = rc->c;
    const char *what = "publishing the registrations";
    int code = sync_pg_begin(c, err);
    if (!code)
        code = pg_exec(c->pg, PUBLISH_TABLE, what, err);
    if (!code)
        code = pg_copy_in(
            c->pg,
            rc->door     ? "COPY publish_registration FROM STDIN"
            : rc->addons ? "COPY publish_registration (" COPY_COLUMNS_19
                           ") FROM STDIN"
            : rc->lists
                ? "COPY publish_registration (" COPY_COLUMNS_10 ") FROM STDIN"
                : "COPY publish_registration (" COPY_COLUMNS_9 ") FROM STDIN",
            next_rows, rc, what, err);
    /* The upsert's estimated cost at 100,000 rows has PostgreSQL compile
     * it first (jit_above_cost), 0.14 s of JIT for a statement that
     * spends its time writing rows, not evaluating expressions. */
    if (!code && rc->n > 0)
        code = pg_exec(c->pg, "SET LOCAL jit = off", what, err);
    /* A hub holding no registration yet (a first `hub init`) takes them
     * without ON CONFLICT: in this transaction no other row can be
     * there to meet (another publish at once would fail on the key). */
    PGresult *r = NULL;
    bool none = false;
    if (!code && rc->n > 0) {
        code = pg_query(c->pg,
                        "SELECT NOT EXISTS (SELECT 1 FROM"
                        " checkin.registration)",
                        0, NULL, &r, what, err);
        none = !code && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
        PQclear(r);
        r = NULL;
    }
    if (!code && rc->n > 0)
        code = pg_query_send(c->pg,
                             rc->door     ? (none ? INSERT_24 : UPSERT_24)
                             : rc->addons ? (none ? INSERT_19 : UPSERT_19)
                             : rc->lists  ? (none ? INSERT_10 : UPSERT_10)
                             : none       ? INSERT_9
                                          : UPSERT_9,
                             0, NULL, what, err);
    /* While the hub runs the upsert (3.5 s at 100,000 registrations),
     * the file notes what it was given (0.2 s of inserts, which used to
     * come after), committed only once the hub has committed. */
    bool noted = false;
    if (!code && rc->n > 0) {
        struct ck_error noting = {0};
        int failed = note_published(c, rc, &noting);
        noted = !failed;
        code = pg_query_end(c->pg, &r, what, err);
        if (!code && failed) {
            code = failed;
            if (err)
                *err = noting;
        }
    }
    if (!code && r && PQntuples(r) > 0)
        c->rep->pushed.registrations += (long)sync_val_i64(r, 0, 0);
    PQclear(r);
    if (!code)
        code = sync_pg_commit(c, what, err);
    else
        pg_rollback(c->pg);
    if (noted && !code)
        code = local_commit(c->l, err);
    else if (noted)
        local_rollback(c->l);
    return code;
}

/* The registrations that changed since the hub last took them, in one
 * transaction on the hub: COPY into a temporary table, read and hashed
 * here while the hub takes the rows before them, then one upsert from
 * it, during which the file notes them (docs/sync.md, "Where `hub
 * init`'s time goes"): opened, the first rows read, taken by the hub when
 * there are any, closed.  Walk-ins ("ck:" tickets) are not published:
 * the hub makes their registrations from the desks' create rows
 * (sync_push_changes). */
static int publish_registrations(struct ctx *c, struct ck_error *err)
{
    struct reg_copy rc = {.c = c,
                          .lists = c->format >= HUB_FORMAT_LISTS,
                          .addons = c->format >= HUB_FORMAT_ADDONS,
                          .door = c->format >= HUB_FORMAT_DOOR_FIELDS};
    int code = reg_copy_open(&rc, err);
    /* The first rows that differ are read before the hub is asked for
     * anything: an unchanged file sends nothing. */
    const char *first;
    size_t first_len = 0;
    if (!code)
        code = next_rows(&rc, &first, &first_len, err);
    rc.primed = true;
    if (!code && first_len > 0)
        code = hub_takes(&rc, err);
    reg_copy_close(&rc);
    return code;
}

/* The columns of a registration the stations' statements choose a plan
 * by: a pull's mark, the key.  All of them took 2.9-3.7 s at 100,000
 * registrations (the arrays, jsonb and names sorted and counted for
 * nothing), these 0.56 s; autovacuum takes the rest at its next round,
 * as a column list does not reset its count of changed rows. */
#define ANALYZED "(ticket_id, hub_seq, hub_xid)"

/* The planner's statistics of the tables a publish fills, taken at once
 * when it sent more rows than autovacuum waits for (50 and a tenth of
 * the table, PostgreSQL's autovacuum_analyze_threshold and _scale_factor)
 * rather than at autovacuum's next round, a minute or more later.
 * Without them a desk's pull start, which asks whether any registration
 * lies at or above its mark (pull.c, pull_start), read all 3,000 of a
 * freshly published hub by a sequential scan, at every sync of every desk
 * (177 pages; 2 by the hub_xid index once analysed). */
static int analyze_published(struct ctx *c, long sent, struct ck_error *err)
{
    if (sent <= 50)
        return CK_OK;
    PGresult *r;
    int code = pg_query(c->pg,
                        "SELECT reltuples FROM pg_class WHERE oid ="
                        " 'checkin.registration'::regclass",
                        0, NULL, &r, N_("reading the hub's statistics"), err);
    if (code)
        return code;
    double held = PQntuples(r) == 1 ? strtod(PQgetvalue(r, 0, 0), NULL) : 0;
    PQclear(r);
    /* reltuples is -1 for a table never analysed. */
    if (held >= 0 && (double)sent <= 50 + 0.1 * held)
        return CK_OK;
    return pg_exec(c->pg,
                   c->format >= HUB_FORMAT_LISTS
                       ? "ANALYZE checkin.registration " ANALYZED
                         ", checkin.answer, checkin.list_invitee"
                       : "ANALYZE checkin.registration " ANALYZED,
                   N_("updating the hub's statistics"), err);
}

int sync_publish(struct ctx *c, struct ck_error *err)
{
    const struct sync_counts *sent = &c->rep->pushed;
    long before = sent->registrations + sent->invitations;
    int code = publish_set(c, &DESCRIPTION, &c->rep->pushed.description, err);
    if (!code)
        code = publish_set(c, &KEYS, &c->rep->pushed.keys, err);
    if (!code)
        code = publish_registrations(c, err);
    if (!code && c->format >= HUB_FORMAT_LISTS)
        code = publish_set(c, &INVITEES, &c->rep->pushed.invitations, err);
    if (!code)
        code = analyze_published(
            c, sent->registrations + sent->invitations - before, err);
    /* Before the badges: a walk-in's badge names its registration. */
    if (!code)
        code = sync_push_changes(c, err);
    if (!code)
        code = sync_push_badges(c, err);
    if (!code)
        code = sync_publish_preprints(c, err);
    if (!code)
        code = sync_push_open_spaces(c, err);
    if (!code)
        code = sync_push_triage(c, err);
    if (!code)
        code = sync_push_auction(c, err);
    if (!code)
        code = sync_publish_desk_keys(c, err);
    return code;
}
