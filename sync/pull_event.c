/* Pull, the event's side: the event description (the event, ticket
 * types, tutorials, sponsors, settings) and the check-in lists, their
 * invitations and the answers a station shows, as they come down from
 * the hub.  The tables of people and of the journal are pull.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/journal.h"
#include "checkin/util.h"
#include "pull_priv.h"

/* Run `st`, prepared from `sql` once in slot `slot`, with the text
 * bindings `v` (NULL: SQL NULL); *rc its last step. */
static int run_text(struct ctx *c, sqlite3_stmt **st, int slot, const char *sql,
                    const char *const *v, int n, int *rc, struct ck_error *err)
{
    int code = sync_pull_prep(c, st, slot, sql, err);
    if (code)
        return code;
    for (int k = 0; k < n; k++)
        if (v[k])
            sqlite3_bind_text(st[slot], k + 1, v[k], -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(st[slot], k + 1);
    code = sync_pull_step(c, st[slot], rc, err);
    sqlite3_clear_bindings(st[slot]);
    return code;
}

/* A ticket type's days (format 10): the file's set made the hub's. */
static int apply_days(struct ctx *c, sqlite3_stmt **st, const char *slug,
                      json_t *days, bool *applied, struct ck_error *err)
{
    char *arr = json_dumps(days, JSON_COMPACT);
    if (!arr)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    const char *v[2] = {slug, arr};
    int rc,
        code = run_text(
            c, st, 20,
            "DELETE FROM ticket_type_day WHERE ticket_type_id = (SELECT id FROM"
            " ticket_type WHERE slug = ?1) AND day NOT IN (SELECT value FROM"
            " json_each(?2))",
            v, 2, &rc, err);
    int changed = sqlite3_changes(c->l->db);
    if (!code)
        code = run_text(c, st, 21,
                        "INSERT OR IGNORE INTO ticket_type_day"
                        " (ticket_type_id, day) SELECT t.id, j.value FROM"
                        " ticket_type t, json_each(?2) j WHERE t.slug = ?1",
                        v, 2, &rc, err);
    changed += sqlite3_changes(c->l->db);
    free(arr);
    *applied = *applied || (!code && changed > 0);
    return code;
}

/* Whether list `slug` is the one this file's station decides by: a
 * door's own, or the admission list ('') at a desk. */
static bool own_list(const struct ctx *c, const char *slug)
{
    if (!strcmp(c->kind, "door"))
        return !strcmp(slug, c->target);
    return !strcmp(c->kind, "desk") && !*slug;
}

/* Reading again from the start, from the next pull table on: the
 * cursors of `again` go back to 0 in this transaction (so a pull cut
 * short reads again next time too) and this pull reads those tables
 * whatever it found at its start. */
static int read_again(struct ctx *c, unsigned again, struct ck_error *err)
{
    int code = CK_OK;
    /* A door's list names other people: their walk-ins and edits too. */
    if (again & PULL_AGAIN_REGISTRATIONS)
        code = sync_cursor_set(c, "registration", "0", err);
    if (!code && (again & PULL_AGAIN_REGISTRATIONS))
        code = sync_cursor_set(c, "registration_change", "0", err);
    if (!code && (again & PULL_AGAIN_ANSWERS))
        code = sync_cursor_set(c, "answer", "0", err);
    c->again |= again;
    return code;
}

/* A check-in list (format 10): the list row by its slug, its who, windows,
 * show and stock replaced by the hub's (publish.c writes the data); a
 * list removed goes with its rows and invitations.  When it is this
 * station's own list, what the hub shows it of registrations and answers
 * follows the list: they are read again, and the answers the file holds
 * are dropped first (those still shown come back in the same pull). */
static int apply_list(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    const char *slug = PQgetvalue(r, i, 1);
    const char *one[1] = {slug};
    int rc = SQLITE_DONE, code = CK_OK;
    static const char *const CLEAR[] = {
        "DELETE FROM list_who WHERE list_id = (SELECT id FROM checkin_list"
        " WHERE slug = ?1)",
        "DELETE FROM list_window WHERE list_id = (SELECT id FROM"
        " checkin_list WHERE slug = ?1)",
        "DELETE FROM list_show WHERE list_id = (SELECT id FROM checkin_list"
        " WHERE slug = ?1)",
        "DELETE FROM list_stock WHERE list_id = (SELECT id FROM checkin_list"
        " WHERE slug = ?1)",
    };
    if (PQgetisnull(r, i, 2)) {
        for (size_t k = 0; !code && k < UTIL_ARRAY_LEN(CLEAR); k++)
            code = run_text(c, st, 16 + (int)k, CLEAR[k], one, 1, &rc, err);
        if (!code)
            code = run_text(c, st, 22,
                            "DELETE FROM list_invitee WHERE list_id = (SELECT"
                            " id FROM checkin_list WHERE slug = ?1)",
                            one, 1, &rc, err);
        if (!code)
            code =
                run_text(c, st, 23, "DELETE FROM checkin_list WHERE slug = ?1",
                         one, 1, &rc, err);
        *applied = !code && sqlite3_changes(c->l->db) > 0;
        if (!code && *applied && own_list(c, slug))
            code = read_again(c, PULL_AGAIN_REGISTRATIONS | PULL_AGAIN_ANSWERS,
                              err);
        return code;
    }
    json_error_t je;
    json_t *d = json_loads(PQgetvalue(r, i, 2), 0, &je);
    if (!json_is_object(d)) {
        json_decref(d);
        *wait = true;
        return CK_OK;
    }
    code = sync_pull_prep(
        c, st, 24,
        "INSERT INTO checkin_list (slug, title, once, exits, room,"
        " capacity) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (slug)"
        " DO UPDATE SET title = excluded.title, once = excluded.once,"
        " exits = excluded.exits, room = excluded.room, capacity ="
        " excluded.capacity",
        err);
    if (code)
        goto out;
    sqlite3_stmt *q = st[24];
    json_t *cap = json_object_get(d, "capacity");
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, json_string_value(json_object_get(d, "title")), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, json_string_value(json_object_get(d, "once")), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 4, json_integer_value(json_object_get(d, "exits")));
    const char *room = json_string_value(json_object_get(d, "room"));
    sqlite3_bind_text(q, 5, room ? room : "", -1, SQLITE_TRANSIENT);
    if (json_is_integer(cap))
        sqlite3_bind_int64(q, 6, json_integer_value(cap));
    else
        sqlite3_bind_null(q, 6);
    code = sync_pull_step(c, q, &rc, err);
    sqlite3_clear_bindings(q);
    if (code || rc != SQLITE_DONE) {
        *wait = !code; /* a value this file's CHECKs refuse: a newer one */
        goto out;
    }
    for (size_t k = 0; !code && k < UTIL_ARRAY_LEN(CLEAR); k++)
        code = run_text(c, st, 16 + (int)k, CLEAR[k], one, 1, &rc, err);
    /* Each row of the data's arrays, by SQLite's own JSON reading. */
    char *text = json_dumps(d, JSON_COMPACT);
    const char *two[2] = {slug, text};
    static const char *const FILL[] = {
        "INSERT OR IGNORE INTO list_who (list_id, what, value) SELECT l.id,"
        " json_extract(j.value, '$.what'), coalesce(json_extract(j.value,"
        " '$.value'), '') FROM checkin_list l, json_each(?2, '$.who') j"
        " WHERE l.slug = ?1",
        "INSERT INTO list_window (list_id, starts_at, ends_at) SELECT l.id,"
        " json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM"
        " checkin_list l, json_each(?2, '$.windows') j WHERE l.slug = ?1",
        "INSERT OR IGNORE INTO list_show (list_id, position, what, question)"
        " SELECT l.id, j.key, json_extract(j.value, '$.what'),"
        " json_extract(j.value, '$.question') FROM checkin_list l,"
        " json_each(?2, '$.show') j WHERE l.slug = ?1",
        "INSERT OR IGNORE INTO list_stock (list_id, variation, stock) SELECT"
        " l.id, j.key, j.value FROM checkin_list l, json_each(?2, '$.stock')"
        " j WHERE l.slug = ?1",
    };
    for (size_t k = 0; text && !code && k < UTIL_ARRAY_LEN(FILL); k++) {
        code = run_text(c, st, 25 + (int)k, FILL[k], two, 2, &rc, err);
        if (!code && rc != SQLITE_DONE)
            *wait = true;
    }
    free(text);
    if (!text && !code)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    *applied = !code;
    if (!code && own_list(c, slug)) {
        code = run_text(c, st, 29, "DELETE FROM attendee_answer", NULL, 0, &rc,
                        err);
        if (!code)
            code = read_again(
                c,
                PULL_AGAIN_ANSWERS |
                    (!strcmp(c->kind, "door") ? PULL_AGAIN_REGISTRATIONS : 0),
                err);
    }
out:
    json_decref(d);
    return code;
}

/* An invitation (format 10): a ticket on a list, or no longer.  At a door
 * of that list, who its people are changed: what the hub shows it of
 * them is read again. */
int sync_pull_invitee(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    bool removed = PQgetvalue(r, i, 2)[0] == 't';
    const char *v[2] = {PQgetvalue(r, i, 0), PQgetvalue(r, i, 1)};
    int rc;
    int code = run_text(
        c, st, removed,
        removed ? "DELETE FROM list_invitee WHERE list_id = (SELECT id FROM"
                  " checkin_list WHERE slug = ?1) AND ticket_id = ?2"
                : "INSERT OR IGNORE INTO list_invitee (list_id, ticket_id)"
                  " SELECT id, ?2 FROM checkin_list WHERE slug = ?1",
        v, 2, &rc, err);
    if (code)
        return code;
    *applied = rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    /* A list this file does not know yet: taken at a later pull. */
    if (!removed && !*applied) {
        code = run_text(c, st, 2, "SELECT 1 FROM checkin_list WHERE slug = ?1",
                        v, 1, &rc, err);
        *wait = !code && rc != SQLITE_ROW;
    }
    if (!code && *applied && !strcmp(c->kind, "door") &&
        !strcmp(v[0], c->target))
        code =
            read_again(c, PULL_AGAIN_REGISTRATIONS | PULL_AGAIN_ANSWERS, err);
    return code;
}

/* An answer shown at this station (format 10), or its removal (NULL). */
int sync_pull_answer(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait, struct ck_error *err)
{
    bool removed = PQgetisnull(r, i, 2);
    const char *v[3] = {PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
                        removed ? NULL : PQgetvalue(r, i, 2)};
    int rc;
    int code = run_text(
        c, st, removed,
        removed ? "DELETE FROM attendee_answer WHERE attendee_id = (SELECT id"
                  " FROM attendee WHERE ticket_id = ?1) AND question = ?2"
                : "INSERT INTO attendee_answer (attendee_id, question,"
                  " answer) SELECT id, ?2, ?3 FROM attendee WHERE ticket_id ="
                  " ?1 ON CONFLICT (attendee_id, question) DO UPDATE SET"
                  " answer = excluded.answer WHERE answer IS NOT"
                  " excluded.answer",
        v, removed ? 2 : 3, &rc, err);
    if (code)
        return code;
    *applied = rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    /* A question or registration not here yet: taken at a later pull. */
    if (!removed && !*applied) {
        code = run_text(c, st, 2,
                        "SELECT 1 FROM attendee a, question q WHERE"
                        " a.ticket_id = ?1 AND q.identifier = ?2",
                        v, 2, &rc, err);
        *wait = !code && rc != SQLITE_ROW;
    }
    return code;
}

/* Each kind of description row: its upsert and its removal (K), and the
 * fields of its data, bound from ?2 on (FIELDS). */
static const struct {
    const char *kind, *upsert, *remove;
} K[] = {
    {"event",
     "UPDATE event SET name = ?2, first_day = ?3, last_day = ?4, timezone"
     " = ?5 WHERE slug = ?1 AND (name, first_day, last_day, timezone) IS"
     " NOT (?2, ?3, ?4, ?5)",
     NULL},
    {"ticket_type",
     "INSERT INTO ticket_type (slug, label, colour) VALUES (?1, ?2, ?3)"
     " ON CONFLICT (slug) DO UPDATE SET label = excluded.label, colour ="
     " excluded.colour WHERE (label, colour) IS NOT (excluded.label,"
     " excluded.colour)",
     "DELETE FROM ticket_type WHERE slug = ?1"},
    {"tutorial",
     "INSERT INTO tutorial (id, slug, title, room, starts_at, ends_at,"
     " capacity) VALUES (?2, ?1, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (slug)"
     " DO UPDATE SET title = excluded.title, room = excluded.room,"
     " starts_at = excluded.starts_at, ends_at = excluded.ends_at,"
     " capacity = excluded.capacity WHERE (title, room, starts_at,"
     " ends_at, capacity) IS NOT (excluded.title, excluded.room,"
     " excluded.starts_at, excluded.ends_at, excluded.capacity)",
     "DELETE FROM tutorial WHERE slug = ?1 AND NOT EXISTS (SELECT 1 FROM"
     " " JOURNAL_EVERY_ROW " WHERE mode = 'door' AND target = ?1)"},
    {"sponsor",
     "INSERT INTO sponsor (slug, name) VALUES (?1, ?2) ON CONFLICT (slug)"
     " DO UPDATE SET name = excluded.name WHERE name IS NOT"
     " excluded.name",
     "DELETE FROM sponsor WHERE slug = ?1 AND NOT EXISTS (SELECT 1 FROM"
     " lead WHERE sponsor_slug = ?1) AND NOT EXISTS (SELECT 1 "
     "FROM " JOURNAL_EVERY_ROW " WHERE mode = 'leads' AND target = ?1)"},
    {"source_item",
     "INSERT INTO source_item (source, item, ticket_type_id, tutorial_id)"
     " VALUES (substr(?1, 1, instr(?1, ':') - 1), substr(?1, instr(?1,"
     " ':') + 1), (SELECT id FROM ticket_type WHERE slug = ?2), (SELECT"
     " id FROM tutorial WHERE slug = ?3)) ON CONFLICT (source, item) DO"
     " UPDATE SET ticket_type_id = excluded.ticket_type_id, tutorial_id"
     " = excluded.tutorial_id WHERE (ticket_type_id, tutorial_id) IS NOT"
     " (excluded.ticket_type_id, excluded.tutorial_id)",
     "DELETE FROM source_item WHERE source = substr(?1, 1, instr(?1, ':')"
     " - 1) AND item = substr(?1, instr(?1, ':') + 1)"},
    {"setting",
     "INSERT INTO setting (key, value) SELECT ?1, ?2 WHERE ?1 LIKE"
     " 'pretix.%' OR ?1 IN ('sprints.days', 'auction.plan') OR ?1 LIKE"
     " 'ack.%' ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE"
     " value IS NOT excluded.value",
     "DELETE FROM setting WHERE key = ?1 AND (key LIKE 'pretix.%' OR key IN"
     " ('sprints.days', 'auction.plan') OR key LIKE 'ack.%')"},
    /* Format 9: a supervisor's PIN hash, at a desk only (the hub shows
     * it to no other station). */
    {"supervisor",
     "INSERT INTO supervisor (name, pin_hash, created_ms, pin_chars)"
     " VALUES (?1, ?2, 0, ?3) ON CONFLICT (name) DO UPDATE SET pin_hash"
     " = excluded.pin_hash, pin_chars = excluded.pin_chars WHERE"
     " (pin_hash, pin_chars) IS NOT (excluded.pin_hash,"
     " excluded.pin_chars)",
     "DELETE FROM supervisor WHERE name = ?1"},
    /* Format 10: a question some list shows (its answers follow);
     * from 26 whether pretix asks it at check-in (ask NULL: not), and
     * an acknowledgement's text (ask 'A', issue 55). */
    {"question",
     "INSERT INTO question (identifier, label, ask, required, detail)"
     " VALUES (?1, ?2, ?3, coalesce(?4, 0) != 0, ?5) ON CONFLICT"
     " (identifier) DO UPDATE SET label = excluded.label, ask ="
     " excluded.ask, required = excluded.required, detail ="
     " excluded.detail WHERE (label, ask, required, detail) IS NOT"
     " (excluded.label, excluded.ask, excluded.required, excluded.detail)",
     "DELETE FROM question WHERE identifier = ?1 AND NOT EXISTS (SELECT"
     " 1 FROM attendee_answer WHERE question = ?1)"},
    /* Format 31: a sprint project (docs/sprints.md); its check-ins are
     * journal rows and stay when it is removed. */
    {"sprint_project",
     "INSERT INTO sprint_project (slug, title, lead_ticket_id, room) VALUES"
     " (?1, ?2, ?3, coalesce(?4, '')) ON CONFLICT (slug) DO UPDATE SET"
     " title = excluded.title, lead_ticket_id = excluded.lead_ticket_id,"
     " room = excluded.room WHERE (title, lead_ticket_id, room) IS NOT"
     " (excluded.title, excluded.lead_ticket_id, excluded.room)",
     "DELETE FROM sprint_project WHERE slug = ?1"},
};
static const char *const FIELDS[][6] = {
    {"name", "first_day", "last_day", "timezone"},
    {"label", "colour"},
    {"id", "title", "room", "starts_at", "ends_at", "capacity"},
    {"name"},
    {"ticket_type", "tutorial"},
    {"value"},
    {"pin_hash", "pin_chars"},
    {"label", "ask", "required", "detail"},
    {"title", "lead", "room"},
};

/* One row of the event description: the event, a ticket type, tutorial
 * or sponsor by slug (updated or added; a tutorial with the organizer's
 * number, which its tickets carry), the pretix mapping and settings.  A
 * row removed on the organizer's side is removed here only if nothing in
 * this file refers to it; otherwise it stays, unused by the organizer. */
int sync_pull_description(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                          bool *applied, bool *wait, struct ck_error *err)
{
    const char *kind = PQgetvalue(r, i, 0);
    if (!strcmp(kind, "list"))
        return apply_list(c, st, r, i, applied, wait, err);
    size_t k = 0;
    while (k < UTIL_ARRAY_LEN(K) && strcmp(K[k].kind, kind))
        k++;
    if (k == UTIL_ARRAY_LEN(K))
        return CK_OK; /* a kind a newer checkin publishes */
    if (!strcmp(kind, "supervisor") && strcmp(c->kind, "desk"))
        return CK_OK; /* never held but at a desk, whatever the hub sent */
    bool removed = PQgetisnull(r, i, 2);
    if (removed && !K[k].remove)
        return CK_OK;
    /* Slots 16 to 29 are the lists' (apply_list): the kinds after the
     * eighth take 30 and 31. */
    int slot = k < 8 ? (int)(2 * k + removed) : 30 + removed;
    int code =
        sync_pull_prep(c, st, slot, removed ? K[k].remove : K[k].upsert, err);
    if (code)
        return code;
    sqlite3_stmt *q = st[slot];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    json_t *data = NULL;
    if (!removed) {
        json_error_t je;
        data = json_loads(PQgetvalue(r, i, 2), 0, &je);
        if (!json_is_object(data)) {
            json_decref(data);
            *wait = true;
            return CK_OK;
        }
        for (int f = 0; f < 6 && FIELDS[k][f]; f++) {
            json_t *v = json_object_get(data, FIELDS[k][f]);
            if (json_is_integer(v))
                sqlite3_bind_int64(q, f + 2, json_integer_value(v));
            else if (json_is_string(v))
                sqlite3_bind_text(q, f + 2, json_string_value(v), -1,
                                  SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(q, f + 2);
        }
    }
    int rc;
    code = sync_pull_step(c, q, &rc, err);
    sqlite3_clear_bindings(q);
    *applied = rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    /* Format 10: a ticket type's days, all of them each time. */
    if (!code && rc == SQLITE_DONE && !removed &&
        !strcmp(kind, "ticket_type") &&
        json_is_array(json_object_get(data, "days")))
        code = apply_days(c, st, PQgetvalue(r, i, 1),
                          json_object_get(data, "days"), applied, err);
    json_decref(data);
    /* Format 26: a question now asked at check-in, or no longer: the
     * answers a desk reads of it changed (hub_schema_steps.c, ASKED). */
    if (!code && *applied && !strcmp(kind, "question") &&
        !strcmp(c->kind, "desk"))
        code = read_again(c, PULL_AGAIN_ANSWERS, err);
    if (code)
        return code;
    /* An addition that cannot be taken yet (a tutorial number this file
     * gives another tutorial, a mapping to a row not here) is read again
     * next time; a removal something here still refers to is not. */
    *wait = rc != SQLITE_DONE && !removed;
    return CK_OK;
}
