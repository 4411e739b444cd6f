/* A registration's canonical JSON text, the input of its digest
 * (publish.c): byte for byte what jansson's json_dumps(v, JSON_COMPACT |
 * JSON_SORT_KEYS) writes, into a buffer the caller keeps from one row to
 * the next.  hub init hashes one such text per registration, and
 * json_dumps's own allocation, key sorting and character-by-character
 * UTF-8 walk were a quarter of its CPU at 100,000 registrations.
 * publish.c now writes a registration's object itself, its members in
 * their keys' order, each string and value with sync_canon_string and
 * sync_canon_add (no jansson object per registration).  This only
 * writes JSON; every JSON text checkin reads is parsed by jansson.
 * test_hub_admin's canonical_json_is_jansson_s_byte_for_byte holds it to
 * json_dumps's output, and
 * hub_init_digests_each_registration_as_jansson_dumps_it the hub's
 * digests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_parts.h"

/* `s` quoted as jansson's dump_string writes it without JSON_ENSURE_ASCII:
 * a quote, a backslash and the characters below U+0020 escaped (the five
 * with a short form by it, the rest as \u00XX in upper-case hex); every
 * other byte, UTF-8 included, as it is. */
static bool add_string(struct ck_buf *t, const char *s, size_t n)
{
    if (!ck_buf_add(t, "\"", 1))
        return false;
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        char esc[8];
        size_t e = 2;
        esc[0] = '\\';
        switch (ch) {
        case '"':
        case '\\':
            esc[1] = (char)ch;
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            e = (size_t)snprintf(esc, sizeof(esc), "\\u%04X", ch);
        }
        if (!ck_buf_add(t, s + from, i - from) || !ck_buf_add(t, esc, e))
            return false;
        from = i + 1;
    }
    return ck_buf_add(t, s + from, n - from) && ck_buf_add(t, "\"", 1);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool add_value(struct ck_buf *t, json_t *v);

/* An object's members in the order of their keys (strcmp's, which is
 * jansson's for keys without a NUL, and json_loads makes none). */
static bool add_object(struct ck_buf *t, json_t *v)
{
    size_t n = json_object_size(v), k = 0;
    const char *stack[32];
    const char **keys = n <= 32 ? stack : malloc(n * sizeof(*keys));
    if (!keys)
        return false;
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m)
    {
        keys[k++] = key;
    }
    qsort(keys, k, sizeof(*keys), by_key);
    bool ok = ck_buf_add(t, "{", 1);
    for (size_t i = 0; ok && i < k; i++)
        ok = (!i || ck_buf_add(t, ",", 1)) &&
             add_string(t, keys[i], strlen(keys[i])) && ck_buf_add(t, ":", 1) &&
             add_value(t, json_object_get(v, keys[i]));
    if (keys != stack)
        free(keys);
    return ok && ck_buf_add(t, "}", 1);
}

static bool add_value(struct ck_buf *t, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return add_object(t, v);
    case JSON_ARRAY: {
        bool ok = ck_buf_add(t, "[", 1);
        for (size_t i = 0; ok && i < json_array_size(v); i++)
            ok = (!i || ck_buf_add(t, ",", 1)) &&
                 add_value(t, json_array_get(v, i));
        return ok && ck_buf_add(t, "]", 1);
    }
    case JSON_STRING:
        return add_string(t, json_string_value(v), json_string_length(v));
    case JSON_INTEGER: {
        char num[32];
        int n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                         json_integer_value(v));
        return ck_buf_add(t, num, (size_t)n);
    }
    case JSON_TRUE:
        return ck_buf_add(t, "true", 4);
    case JSON_FALSE:
        return ck_buf_add(t, "false", 5);
    case JSON_NULL:
        return ck_buf_add(t, "null", 4);
    default: {
        /* A real: jansson's own digits (none of a registration's). */
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        bool ok = s && ck_buf_add(t, s, strlen(s));
        free(s);
        return ok;
    }
    }
}

bool sync_canon_json(json_t *v, struct ck_buf *out)
{
    ck_buf_clear(out);
    return v && add_value(out, v);
}

bool sync_canon_add(struct ck_buf *out, json_t *v)
{
    return v && add_value(out, v);
}

bool sync_canon_string(struct ck_buf *out, const char *s, size_t n)
{
    return add_string(out, s, n);
}
