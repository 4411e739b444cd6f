/* Station profiles: small INI files in config/stations/ that say what
 * a station is and which camera and printer it uses, so that volunteers
 * start it with one argument.  Parsing only; the command line applies the
 * profile, and options given on the command line win. */
#include <errno.h>
#include <float.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/station.h"
#include "checkin/util.h"
#include "kind.h"

struct ctx {
    struct station_profile *p;
    const char *path;
    struct util_ini_file in;
    struct ck_error *err;
    int code;
};

/* A line refused: `code` is ck_fail's, whose literal format names the
 * file and line ("%s:%d: ..."), so that a catalogue has it
 * (po/ERROR-ROOMS); stops the parse. */
static int bad(struct ctx *c, int code)
{
    c->code = code;
    return 0;
}

/* A number with an optional fraction, times `scale`. */
static int number(const char *v, double scale, int64_t max, int64_t *out)
{
    double d;
    if (!util_parse_double(v, 0, DBL_MAX, &d) || !(d * scale <= (double)max))
        return -1;
    *out = (int64_t)(d * scale + 0.5);
    return 0;
}

static int on_key(void *user, const char *section, const char *key,
                  const char *value)
{
    struct ctx *c = user;
    /* The line this text is on, also inside a line read in pieces (the
     * first line's pieces were once said as line 0, found by fuzz_profile
     * once it held refusals to lines in the file). */
    int line = c->in.line + c->in.pending;
    struct station_profile *p = c->p;
    if (c->code)
        return 0;
    if (strcmp(section, "station"))
        return bad(c, ck_fail(c->err, CK_EINVAL,
                              "%s:%d: unknown section [%s]; a profile has "
                              "only [station], so put its keys under it.",
                              c->path, line, section));
    int64_t n;
    if (!strcmp(key, "station")) {
        struct station_config cfg;
        struct ck_error e;
        if (station_parse_spec(value, &cfg, &e)) {
            char kinds[256];
            station_kinds_text(kinds, sizeof(kinds));
            return bad(c, ck_fail(c->err, CK_EINVAL,
                                  "%s:%d: station = %s: use %s.", c->path, line,
                                  value, kinds));
        }
        snprintf(p->station, sizeof(p->station), "%s", value);
    } else if (!strcmp(key, "name")) {
        snprintf(p->name, sizeof(p->name), "%s", value);
    } else if (!strcmp(key, "camera")) {
        snprintf(p->camera, sizeof(p->camera), "%s", value);
    } else if (!strcmp(key, "size")) {
        char *x;
        long w = strtol(value, &x, 10), h = 0;
        if (*x == 'x')
            h = strtol(x + 1, &x, 10);
        if (*x || w <= 0 || h <= 0 || w > 8192 || h > 8192)
            return bad(
                c,
                ck_fail(c->err, CK_EINVAL,
                        "%s:%d: size = %s: give WIDTHxHEIGHT, e.g. 1280x720.",
                        c->path, line, value));
        p->width = (int)w;
        p->height = (int)h;
    } else if (!strcmp(key, "printer")) {
        snprintf(p->printer, sizeof(p->printer), "%s", value);
    } else if (!strcmp(key, "badge-template")) {
        snprintf(p->badge_template, sizeof(p->badge_template), "%s", value);
    } else if (!strcmp(key, "ticket-template")) {
        snprintf(p->ticket_template, sizeof(p->ticket_template), "%s", value);
    } else if (!strcmp(key, "cooldown")) {
        if (number(value, 1000, 3600000, &n) || n == 0)
            return bad(c, ck_fail(c->err, CK_EINVAL,
                                  "%s:%d: cooldown = %s: give seconds, e.g. 3.",
                                  c->path, line, value));
        p->cooldown_ms = n;
    } else if (!strcmp(key, "open-before")) {
        if (number(value, 60000, 86400000, &n))
            return bad(
                c, ck_fail(c->err, CK_EINVAL,
                           "%s:%d: open-before = %s: give minutes, e.g. 15.",
                           c->path, line, value));
        p->open_before_ms = n;
    } else if (!strcmp(key, "close-after")) {
        if (number(value, 60000, 86400000, &n))
            return bad(c,
                       ck_fail(c->err, CK_EINVAL,
                               "%s:%d: close-after = %s: give minutes, e.g. 0.",
                               c->path, line, value));
        p->close_after_ms = n;
    } else if (!strcmp(key, "capacity")) {
        if (number(value, 1, 1000000, &n) || n == 0)
            return bad(c,
                       ck_fail(c->err, CK_EINVAL,
                               "%s:%d: capacity = %s: give a number of seats.",
                               c->path, line, value));
        p->capacity = (long)n;
    } else if (!strcmp(key, "exit")) {
        if (!strcmp(value, "yes") || !strcmp(value, "true"))
            p->exit = true;
        else if (!strcmp(value, "no") || !strcmp(value, "false"))
            p->exit = false;
        else
            return bad(c, ck_fail(c->err, CK_EINVAL,
                                  "%s:%d: exit = %s: give yes or no.", c->path,
                                  line, value));
    } else if (!strcmp(key, "lang")) {
        /* A language's name: letters, an '_' before a region ("pt_BR");
         * whether there is its catalogue the command asks (i18n). */
        size_t len = strspn(value, "abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
        if (len < 2 || len >= sizeof(p->lang) || value[len])
            return bad(
                c,
                ck_fail(
                    c->err, CK_EINVAL,
                    "%s:%d: lang = %.40s: give a language as es, de or pt_BR.",
                    c->path, line, value));
        snprintf(p->lang, sizeof(p->lang), "%s", value);
    } else {
        return bad(
            c,
            ck_fail(c->err, CK_EINVAL,
                    "%s:%d: unknown key '%s'; use station, name, camera, size, "
                    "printer, badge-template, ticket-template, cooldown, "
                    "open-before, close-after, capacity, exit or lang.",
                    c->path, line, key));
    }
    return 1;
}

int station_profile_load(const char *path, struct station_profile *out,
                         struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->open_before_ms = -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot open the station profile %s: %s.", path,
                       strerror(errno));
    struct ctx c = {out, path, {f, 0, false}, err, CK_OK};
    int rc = ini_parse_stream(util_ini_gets, &c.in, on_key, &c);
    fclose(f);
    if (c.code)
        return c.code;
    if (rc != 0)
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: this line is not 'key = "
                       "value'.",
                       path, rc);
    if (!out->station[0]) {
        char kinds[256];
        station_kinds_text(kinds, sizeof(kinds));
        return ck_fail(err, CK_EINVAL,
                       "%s: the profile does not say which station it is; "
                       "add 'station = KIND' under [station], KIND one of "
                       "%s.",
                       path, kinds);
    }
    return CK_OK;
}
