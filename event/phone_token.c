/* A station's web token kept in its file (see phone_token.h).  Only the
 * making and keeping: the web server compares what a phone presents. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/phone_token.h"
#include "checkin/store.h"

#define KEY PHONE_TOKEN_KEY

/* Whether `t` is a token this module makes: 32 lowercase hex digits. */
static bool well_made(const char *t)
{
    if (strlen(t) != PHONE_TOKEN_CHARS)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

int phone_token_kept(store *s, bool renew, char out[PHONE_TOKEN_CHARS + 1],
                     struct ck_error *err)
{
    out[0] = '\0';
    if (!renew) {
        char held[PHONE_TOKEN_CHARS + 2];
        int code =
            store_setting_get(s, KEY, held, sizeof(held), NULL,
                              N_("reading the station's web token"), err);
        if (code)
            return code;
        if (well_made(held)) {
            memcpy(out, held, PHONE_TOKEN_CHARS + 1);
            return CK_OK;
        }
    }
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium did not start; reinstall it.");
    unsigned char raw[PHONE_TOKEN_CHARS / 2];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, PHONE_TOKEN_CHARS + 1, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
    int code = store_setting_put(s, KEY, out,
                                 N_("keeping the station's web token"), err);
    if (code)
        out[0] = '\0';
    return code;
}

#define ORIGINS_CAP 1024

/* The origins of `links` ("http://HOST:PORT/scan/?token=T", joined by
 * " or ") joined by " " into `out`; those past `cap` are left out. */
static void origins_of(const char *links, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = links; *p;) {
        const char *sep = strstr(p, " or ");
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        const char *host = strstr(p, "://");
        if (host && (size_t)(host - p) < len) {
            host += 3;
            size_t olen = (size_t)(host - p) + strcspn(host, "/ ");
            int n = snprintf(out + used, cap - used, "%s%.*s", used ? " " : "",
                             (int)(olen < len ? olen : len), p);
            if (n < 0 || (size_t)n >= cap - used) {
                out[used] = '\0';
                return;
            }
            used += (size_t)n;
        }
        if (!sep)
            return;
        p = sep + strlen(" or ");
    }
}

/* Whether `list` (origins joined by " ") holds `o` of `len` bytes. */
static bool holds(const char *list, const char *o, size_t len)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, " ");
        if (n == len && !memcmp(p, o, len))
            return true;
        p += n;
        if (*p)
            p++;
    }
    return false;
}

/* The port of origin `o` of `len` bytes ("" when it names none). */
static void port_of(const char *o, size_t len, char *out, size_t cap)
{
    const char *colon = NULL;
    for (size_t i = strlen("https://"); i < len; i++)
        if (o[i] == ':')
            colon = o + i;
        else if (o[i] == ']')
            colon = NULL;
    snprintf(out, cap, "%.*s", colon ? (int)(o + len - colon - 1) : 0,
             colon ? colon + 1 : "");
}

/* The sentence for the origins of `kept` that `now` does not hold; ""
 * when it holds them all. */
static void say_moved(const char *kept, const char *now, const char *where,
                      bool tls, char *said, size_t cap)
{
    char gone[ORIGINS_CAP] = "";
    size_t used = 0;
    const char *first = NULL;
    size_t first_len = 0;
    for (const char *p = kept; *p;) {
        size_t n = strcspn(p, " ");
        if (holds(now, p, n)) {
            p += n;
            if (*p)
                p++;
            continue;
        }
        if (!first) {
            first = p;
            first_len = n;
        }
        int w = snprintf(gone + used, sizeof(gone) - used, "%s%.*s",
                         used ? " or " : "", (int)n, p);
        if (w > 0 && (size_t)w < sizeof(gone) - used)
            used += (size_t)w;
        p += n;
        if (*p)
            p++;
    }
    if (!first)
        return;
    char old_port[8], new_port[8];
    port_of(first, first_len, old_port, sizeof(old_port));
    size_t now_len = strcspn(now, " ");
    port_of(now, now_len, new_port, sizeof(new_port));
    bool old_tls = !strncmp(first, "https://", strlen("https://"));
    const char *colon = strrchr(where, ':');
    int host_len = colon ? (int)(colon - where) : (int)strlen(where);
    if (strcmp(old_port, new_port) || old_tls != tls)
        snprintf(said, cap,
                 "Phones that kept scans for %s send them only when a station "
                 "serves that address again; start with --web %.*s:%s%s.",
                 gone, host_len, where, old_port,
                 old_tls && !tls   ? " --tls-cert FILE --tls-key FILE"
                 : !old_tls && tls ? " without --tls-cert and --tls-key"
                                   : "");
    else
        snprintf(said, cap,
                 "Phones that kept scans for %s send them only when a station "
                 "serves that address again; give this machine that address "
                 "again (a DHCP reservation at the router keeps it), or the "
                 "certificate of that name.",
                 gone);
}

int phone_origin_kept(store *s, const char *links, const char *where, bool tls,
                      char *said, size_t cap, struct ck_error *err)
{
    said[0] = '\0';
    char now[ORIGINS_CAP], kept[ORIGINS_CAP] = "";
    origins_of(links, now, sizeof(now));
    if (!now[0])
        return CK_OK;
    int code = store_setting_get(s, PHONE_ORIGIN_KEY, kept, sizeof(kept), NULL,
                                 N_("reading where phones were served"), err);
    if (code || !strcmp(kept, now))
        return code;
    say_moved(kept, now, where, tls, said, cap);
    code = store_setting_put(s, PHONE_ORIGIN_KEY, now,
                             N_("keeping where phones are served"), err);
    return code;
}
