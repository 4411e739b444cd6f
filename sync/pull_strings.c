/* A hub row's array columns applied to a station's rows: a registration's
 * tutorials, secrets and positions come as the hub's JSON text of an
 * array of strings, each run as one statement of the pull's; and a
 * door's search key.  Split from pull.c, which applies the tables. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/text.h"
#include "checkin/util.h"
#include "pull_priv.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* Whether `t` is the hub's text for an empty array (to_json of '{}', or
 * jsonb's '[]'): most registrations name no tutorial, no revoked secret
 * and no position, and a statement over json_each() of nothing costs
 * SQLite a temporary table all the same. */
bool sync_pull_empty_array(const char *t)
{
    return t && !strcmp(t, "[]");
}

/* Run `st` with one string as ?1 (`len` bytes at `v`, bound in place: a
 * hub row's, which outlives the run), `id` as ?2 and, when `revoked` is
 * 0 or 1, that as ?3; *rc: SQLite's answer. */
static int run_one(struct ctx *c, sqlite3_stmt *st, const char *v, int len,
                   int64_t id, int revoked, int *rc, struct ck_error *err)
{
    sqlite3_bind_text(st, 1, v, len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    if (revoked >= 0)
        sqlite3_bind_int(st, 3, revoked);
    return sync_pull_step(c, st, rc, err);
}

/* run_one with `plain` first when there is one (a plain insert, which
 * SQLite runs without the statement journal an upsert opens at each
 * run), and with `st` when `plain` is refused, or alone; *wait if the
 * file refuses the string. */
static int one_string(struct ctx *c, const struct pull_strings *to,
                      const char *v, int len, int64_t id, int revoked,
                      bool *wait, struct ck_error *err)
{
    int rc = SQLITE_CONSTRAINT;
    int code =
        to->plain ? run_one(c, to->plain, v, len, id, revoked, &rc, err) : 0;
    if (!code && rc != SQLITE_DONE)
        code = run_one(c, to->st, v, len, id, revoked, &rc, err);
    if (!code && rc != SQLITE_DONE)
        *wait = true;
    return code;
}

/* The strings of `arr` when it is a JSON array of strings without an
 * escape, as PostgreSQL's to_json writes a text[] of plain codes: each
 * run with one_string, without a JSON parse per registration (a first
 * pull reads 100,000 such arrays).  *done false: `arr` is something
 * else, and nothing was run. */
static int plain_strings(struct ctx *c, const struct pull_strings *to,
                         const char *arr, int64_t id, int revoked, bool *wait,
                         bool *done, struct ck_error *err)
{
    *done = false;
    if (!arr || arr[0] != '[' || strchr(arr, '\\'))
        return CK_OK;
    /* First only check the shape: ["a","b"] and nothing after it. */
    const char *p = arr + 1;
    while (*p == '"') {
        const char *end = strchr(p + 1, '"');
        if (!end)
            return CK_OK;
        p = end + 1;
        if (*p == ',')
            p++;
        else
            break;
    }
    if (p[0] != ']' || p[1] || p[-1] == ',')
        return CK_OK;
    *done = true;
    int code = CK_OK;
    for (p = arr + 1; !code && *p == '"';) {
        const char *end = strchr(p + 1, '"');
        code = one_string(c, to, p + 1, (int)(end - p - 1), id, revoked, wait,
                          err);
        p = end + 1 + (end[1] == ',');
    }
    return code;
}

/* Bind the JSON array text `arr` of strings one by one to `st` ?1 with
 * `id` as ?2 and run it; false if the array is not one. */
int sync_pull_each_string(struct ctx *c, const struct pull_strings *to,
                          const char *arr, int64_t id, int revoked, bool *wait,
                          struct ck_error *err)
{
    if (sync_pull_empty_array(arr))
        return CK_OK;
    bool done;
    int plain = plain_strings(c, to, arr, id, revoked, wait, &done, err);
    if (plain || done)
        return plain;
    json_error_t je;
    json_t *a = json_loads(arr ? arr : "[]", 0, &je);
    int code = CK_OK;
    size_t k;
    json_t *v;
    json_array_foreach(a, k, v)
    {
        if (code)
            break;
        code =
            one_string(c, to, json_string_value(v), -1, id, revoked, wait, err);
    }
    json_decref(a);
    return code;
}

/* A door's search key: its own tutorial's people by name and ticket id
 * (the hub's key also holds email, company and order code); others', whose
 * names a door is not sent, empty.  NULL: out of memory. */
char *sync_door_search_key(const char *badge_name, const char *given,
                           const char *family, const char *ticket)
{
    if (!*badge_name && !*given && !*family)
        return strdup("");
    const char *parts[] = {badge_name, given, family, ticket};
    char *key = text_search_key(parts, UTIL_ARRAY_LEN(parts));
    return key ? key : strdup("");
}
