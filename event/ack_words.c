/* An acknowledgement's words in the attendee's language (issue 55;
 * docs/import-formats.md, "Acknowledgements"): "title[de] = ..." and
 * "text[de] = ..." in an [acknowledge SLUG] section, kept as the setting
 * "ack.SLUG.LANG" ({"title": ..., "text": ...}), which travels with the
 * description's settings.  The language is a tag as pretix's locales
 * are ("de", "pt-BR"), kept lower case with '-' ("pt-br"); ack.h's
 * ack_words_for picks the one for a locale. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/ack.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "event_priv.h"

/* "title[pt-BR]" into field "title" and tag "pt-br"; false when `key` is
 * not of that form or its tag is no language tag. */
static bool split_key(const char *key, char field[8], char tag[ACK_TAG_CAP])
{
    const char *open = strchr(key, '[');
    size_t flen = open ? (size_t)(open - key) : 0;
    size_t len = strlen(key);
    if (!open || flen == 0 || flen >= 8 || key[len - 1] != ']')
        return false;
    size_t tlen = len - flen - 2;
    if (tlen < 2 || tlen >= ACK_TAG_CAP)
        return false;
    memcpy(field, key, flen);
    field[flen] = '\0';
    for (size_t i = 0; i < tlen; i++) {
        char c = open[1 + i];
        if (!isalnum((unsigned char)c) && c != '-' && c != '_')
            return false;
        tag[i] = c == '_' ? '-' : (char)tolower((unsigned char)c);
    }
    tag[tlen] = '\0';
    return isalpha((unsigned char)tag[0]) && isalpha((unsigned char)tag[1]);
}

bool ack_words_key(const char *key)
{
    return strchr(key, '[') != NULL;
}

int ack_words_add(char **words, const char *key, const char *value,
                  size_t title_max, size_t text_max,
                  const struct event_line *at)
{
    char field[8], tag[ACK_TAG_CAP];
    if (!split_key(key, field, tag) ||
        (strcmp(field, "title") && strcmp(field, "text"))) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: '%s' is no key of an acknowledgement; give "
                       "title, text, or either in a language as title[de] or "
                       "text[pt-BR]; fix it and run %s again.",
                       at->path, at->line, key, at->cmd);
    }
    if (strlen(value) > (strcmp(field, "title") ? text_max : title_max)) {
        return ck_fail(at->err, CK_EINVAL,
                       "%s:%d: '%s' is too long; keep a title under %zu bytes "
                       "and a text under %zu; fix it and run %s again.",
                       at->path, at->line, key, title_max, text_max, at->cmd);
    }
    json_error_t je;
    json_t *all = *words ? json_loads(*words, 0, &je) : json_object();
    json_t *one = all ? json_object_get(all, tag) : NULL;
    if (all && !one) {
        one = json_object();
        json_object_set_new(all, tag, one);
    }
    int code = CK_OK;
    if (!one) {
        code = CK_ENOMEM;
    } else if (json_object_get(one, field)) {
        code = ck_fail(at->err, CK_EINVAL,
                       "%s:%d: '%s' is given twice in this section; fix it "
                       "and run %s again.",
                       at->path, at->line, key, at->cmd);
    } else if (json_object_set_new(one, field, json_string(value))) {
        code = ck_fail(at->err, CK_EINVAL,
                       "%s:%d: '%s' has control characters or is not UTF-8; "
                       "fix it and run %s again.",
                       at->path, at->line, key, at->cmd);
    }
    char *text = code ? NULL : json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(all);
    if (!code && !text)
        code = CK_ENOMEM;
    if (!code) {
        free(*words);
        *words = text;
    }
    return code;
}

int ack_words_write(store *s, const char *slug, const char *words,
                    const char *path, struct ck_error *err)
{
    json_t *all = words ? json_loads(words, 0, NULL) : NULL;
    const char *tag;
    json_t *one;
    int code = CK_OK;
    json_object_foreach(all, tag, one)
    {
        if (!json_object_get(one, "title") || !json_object_get(one, "text")) {
            code = ck_fail(
                err, CK_EINVAL,
                "%s: [acknowledge %s] gives %s[%s] without %s[%s]; "
                "give both a title and a text in each language.",
                path, slug, json_object_get(one, "title") ? "title" : "text",
                tag, json_object_get(one, "title") ? "text" : "title", tag);
            break;
        }
        char key[256], *value = json_dumps(one, JSON_COMPACT | JSON_SORT_KEYS);
        snprintf(key, sizeof(key), "ack.%s.%s", slug, tag);
        sqlite3_stmt *q = NULL;
        code = value ? store_prepare(s,
                                     "INSERT INTO setting (key, value) VALUES"
                                     " (?1, ?2)",
                                     NULL, &q, N_("saving an acknowledgement"),
                                     err)
                     : ck_fail(err, CK_ENOMEM, "Out of memory.");
        if (!code) {
            sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
            int rc = sqlite3_step(q);
            if (rc != SQLITE_DONE)
                code = store_sqlite_fail(s, rc, N_("saving an acknowledgement"),
                                         err);
        }
        sqlite3_finalize(q);
        free(value);
        if (code)
            break;
    }
    json_decref(all);
    return code;
}

/* `x` as a tag: lower case, '-' for '_', no ".UTF-8" or "@..." */
static void tag_of(const char *x, char out[ACK_TAG_CAP])
{
    size_t n = 0;
    for (; x && x[n] && x[n] != '.' && x[n] != '@' && n + 1 < ACK_TAG_CAP; n++)
        out[n] = x[n] == '_' ? '-' : (char)tolower((unsigned char)x[n]);
    out[n] = '\0';
}

static size_t base_len(const char *tag)
{
    const char *dash = strchr(tag, '-');
    return dash ? (size_t)(dash - tag) : strlen(tag);
}

bool ack_words_for(const char *words, const char *locale, char *title,
                   size_t title_cap, char *text, size_t text_cap)
{
    char want[ACK_TAG_CAP];
    tag_of(locale, want);
    if (!words || !want[0] || !strcmp(want, "c"))
        return false;
    json_t *all = json_loads(words, 0, NULL);
    json_t *one = json_object_get(all, want), *v;
    const char *tag;
    /* Else one of the same language ("pt" for "pt-br", "pt-br" for
     * "pt-pt"). */
    json_object_foreach(all, tag, v)
    {
        if (one)
            break;
        if (base_len(tag) == base_len(want) &&
            !strncmp(tag, want, base_len(want)))
            one = v;
    }
    const char *ti = json_string_value(json_object_get(one, "title"));
    const char *te = json_string_value(json_object_get(one, "text"));
    bool found = ti && te;
    if (found) {
        snprintf(title, title_cap, "%s", ti);
        snprintf(text, text_cap, "%s", te);
    }
    json_decref(all);
    return found;
}
