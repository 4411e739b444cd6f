/* Local times in an event's time zone, converted with the zone as an
 * argument (GLib's GTimeZone and GDateTime), never through $TZ: the desk's
 * print thread renders tutorial times while the station's thread shows
 * others, and a process-wide $TZ switched per call let one thread read the
 * other's zone.  Which names are zones is what the installed tzdata lists
 * (tzdata.zi); GLib reads the zone files.  Not for parsing zone files or
 * formatting times for people (that is the callers' business). */
#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "checkin/localtime.h"

#define ZONEINFO "/usr/share/zoneinfo"
#define ZONE_NAME_CAP 64
#define ZONE_CACHE 16
#define DAY_S 86400

/* Zones already opened, for the life of the process (a handful: one per
 * event file opened).  GTimeZone is immutable and reference counted, so a
 * zone taken from here may be used by any thread. */
static pthread_mutex_t zones_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char name[ZONE_NAME_CAP];
    GTimeZone *zone;
} zones[ZONE_CACHE];
static int nzones;

/* A name tzdata could hold: letters, digits, '/', '_', '-', '+'.  No '.',
 * so no "..", "zone.tab" or "tzdata.zi"; and not the files and folders of
 * zoneinfo that are not a place's zone. */
static bool plausible_name(const char *tz)
{
    size_t n = strlen(tz);
    if (n == 0 || n >= ZONE_NAME_CAP || tz[0] == '/' || tz[n - 1] == '/')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = tz[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' ||
                  (c == '/' && tz[i + 1] != '/');
        if (!ok)
            return false;
    }
    /* posixrules and localtime are copies or links of some other zone,
     * posix/ and right/ whole other trees (right/ counts leap seconds),
     * Factory the "no zone set" placeholder. */
    return strcmp(tz, "posixrules") && strcmp(tz, "localtime") &&
           strcmp(tz, "Factory") && strncmp(tz, "posix/", 6) &&
           strncmp(tz, "right/", 6);
}

/* 1 if tzdata's own list names `tz` as a zone ("Z NAME ...") or a link
 * ("L TARGET NAME"), 0 if not, -1 if there is no list to read. */
static int listed(const char *tz)
{
    FILE *f = fopen(ZONEINFO "/tzdata.zi", "re");
    if (!f)
        return -1;
    size_t n = strlen(tz);
    char line[512];
    int found = 0;
    while (!found && fgets(line, sizeof(line), f)) {
        const char *name = NULL;
        if (line[0] == 'Z' && line[1] == ' ')
            name = line + 2;
        else if (line[0] == 'L' && line[1] == ' ')
            name = strchr(line + 2, ' ');
        if (name && *name == ' ')
            name++;
        if (name)
            found = strcspn(name, " \t\n") == n && !strncmp(name, tz, n);
    }
    fclose(f);
    return found;
}

/* True if `path` is a compiled zone file (RFC 8536 magic "TZif"); GLib
 * complains on standard error about anything else. */
static bool tzif_file(const char *path)
{
    FILE *f = fopen(path, "rbe");
    if (!f)
        return false;
    char magic[4];
    bool ok = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "TZif", 4);
    fclose(f);
    return ok;
}

/* A new reference to zone `tz` (the caller unrefs it), or NULL if `tz` is
 * not a zone tzdata lists. */
static GTimeZone *zone_get(const char *tz)
{
    GTimeZone *z = NULL;
    pthread_mutex_lock(&zones_mu);
    for (int i = 0; i < nzones && !z; i++)
        if (!strcmp(zones[i].name, tz))
            z = g_time_zone_ref(zones[i].zone);
    pthread_mutex_unlock(&zones_mu);
    if (z || !plausible_name(tz))
        return z;
    char path[sizeof(ZONEINFO) + ZONE_NAME_CAP];
    snprintf(path, sizeof(path), ZONEINFO "/%s", tz);
    /* Without tzdata.zi (not a Debian-like tzdata), any compiled zone. */
    if (listed(tz) == 0 || !tzif_file(path))
        return NULL;
    /* An absolute path: the file just checked, whatever $TZDIR says. */
    z = g_time_zone_new_identifier(path);
    if (!z)
        return NULL;
    pthread_mutex_lock(&zones_mu);
    bool have = false;
    for (int i = 0; i < nzones && !have; i++)
        have = !strcmp(zones[i].name, tz);
    if (!have && nzones < ZONE_CACHE) {
        snprintf(zones[nzones].name, sizeof(zones[nzones].name), "%s", tz);
        zones[nzones].zone = g_time_zone_ref(z);
        nzones++;
    }
    pthread_mutex_unlock(&zones_mu);
    return z;
}

int event_valid_zone(const char *tz)
{
    GTimeZone *z = zone_get(tz);
    if (!z)
        return 0;
    g_time_zone_unref(z);
    return 1;
}

/* Seconds east of UTC in zone `z` at UTC second `t`. */
static int32_t offset_at(GTimeZone *z, int64_t t)
{
    return g_time_zone_get_offset(
        z, g_time_zone_find_interval(z, G_TIME_TYPE_UNIVERSAL, t));
}

/* `min` to `max` decimal digits at *p, advancing it; false if fewer. */
static bool digits(const char **p, int min, int max, int *out)
{
    int v = 0, i = 0;
    for (; i < max && **p >= '0' && **p <= '9'; i++, (*p)++)
        v = v * 10 + (**p - '0');
    *out = v;
    return i >= min;
}

struct local {
    int y, mo, d, h, mi;
    bool date_only;
    bool has_offset;
    int32_t offset; /* seconds east of UTC, when has_offset */
};

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM", the last two
 * optionally followed by a UTC offset "+HH:MM" / "-HH:MM" (a space before
 * it allowed).  Month, day, hour and minute may have one digit, as
 * before. */
static bool parse_local(const char *s, struct local *l)
{
    memset(l, 0, sizeof(*l));
    const char *p = s;
    if (!digits(&p, 4, 4, &l->y) || *p++ != '-' || !digits(&p, 1, 2, &l->mo) ||
        *p++ != '-' || !digits(&p, 1, 2, &l->d))
        return false;
    if (!*p) {
        l->date_only = true;
        return true;
    }
    if ((*p != ' ' && *p != 'T') || (p++, !digits(&p, 1, 2, &l->h)) ||
        *p++ != ':' || !digits(&p, 2, 2, &l->mi))
        return false;
    if (l->h > 23 || l->mi > 59)
        return false;
    if (*p == ' ')
        p++;
    if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om;
        if (!digits(&p, 2, 2, &oh) || *p++ != ':' || !digits(&p, 2, 2, &om) ||
            oh > 14 || om > 59)
            return false;
        l->has_offset = true;
        l->offset = sign * (oh * 3600 + om * 60);
    }
    return *p == '\0';
}

/* "HH:MM" of wall-clock seconds `w`. */
static void wall_hm(int64_t w, char out[8])
{
    int64_t s = ((w % DAY_S) + DAY_S) % DAY_S;
    snprintf(out, 8, "%02d:%02d", (int)(s / 3600), (int)(s % 3600 / 60));
}

/* "+HH:MM" of an offset in seconds; "?" for one of 100 hours or more,
 * which no zone has (a damaged zone file). */
static void offset_text(int32_t off, char out[8])
{
    int64_t a = off < 0 ? -(int64_t)off : off;
    int n = snprintf(out, 8, "%c%02d:%02d", off < 0 ? '-' : '+',
                     (int)(a / 3600), (int)(a % 3600 / 60));
    if (n < 0 || n >= 8)
        snprintf(out, 8, "?");
}

/* The UTC second in (lo, hi] where zone `z` changes to offset `after`,
 * given offset_at(lo) != after and offset_at(hi) == after. */
static int64_t transition(GTimeZone *z, int64_t lo, int64_t hi, int32_t after)
{
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (offset_at(z, mid) == after)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Wall time `l` (already parsed, a valid date) in zone `z`: 0, or the
 * refusal in *r. */
static int resolve(GTimeZone *z, const struct local *l, int64_t wall,
                   int64_t *out, struct local_refusal *r)
{
    snprintf(r->when, sizeof(r->when), "%04d-%02d-%02d %02d:%02d", l->y, l->mo,
             l->d, l->h, l->mi);
    if (l->has_offset) {
        int64_t t = wall - l->offset;
        int32_t real = offset_at(z, t);
        if (real != l->offset) {
            offset_text(l->offset, r->a);
            offset_text(real, r->b);
            return r->what = LOCAL_WRONG_OFFSET;
        }
        *out = t;
        return CK_OK;
    }
    /* Offsets change at most once within a day either side (true of every
     * zone's rules in the years allowed), so the wall time is at UTC
     * wall - before, wall - after, both (an overlap) or neither (a gap). */
    int32_t before = offset_at(z, wall - DAY_S);
    int32_t after = offset_at(z, wall + DAY_S);
    int64_t c[2];
    int n = 0;
    if (offset_at(z, wall - before) == before)
        c[n++] = wall - before;
    if (after != before && offset_at(z, wall - after) == after)
        c[n++] = wall - after;
    if (n == 2 && c[1] < c[0]) {
        int64_t x = c[0];
        c[0] = c[1];
        c[1] = x;
    }
    if (n == 1 || (n == 2 && l->date_only)) {
        *out = c[0]; /* a date alone: the first moment of that day */
        return CK_OK;
    }
    if (before == after)
        return r->what = LOCAL_NEVER;
    if (n == 0) {
        /* A gap: the clocks jumped over this wall time. */
        int64_t t = transition(z, wall - after, wall - before, after);
        if (l->date_only) {
            *out = t; /* midnight skipped: the day starts when they jump */
            return CK_OK;
        }
        wall_hm(t + before, r->from);
        wall_hm(t + after, r->to);
        return r->what = LOCAL_SKIPPED;
    }
    int64_t t = transition(z, c[0], c[1], after);
    wall_hm(t + before, r->from);
    wall_hm(t + after, r->to);
    offset_text(before, r->a);
    offset_text(after, r->b);
    return r->what = LOCAL_TWICE;
}

int event_local_refused(const char *local, const char *tz, int64_t *out,
                        struct local_refusal *r)
{
    memset(r, 0, sizeof(*r));
    struct local l;
    if (!parse_local(local, &l) || l.y < 1970 || l.y > 2200 ||
        !g_date_valid_dmy((GDateDay)l.d, (GDateMonth)l.mo, (GDateYear)l.y))
        return r->what = LOCAL_MALFORMED;
    GTimeZone *z = zone_get(tz);
    if (!z)
        return r->what = LOCAL_UNKNOWN_ZONE;
    GDateTime *w = g_date_time_new_utc(l.y, l.mo, l.d, l.h, l.mi, 0);
    int code = w ? resolve(z, &l, g_date_time_to_unix(w), out, r)
                 : (r->what = LOCAL_MALFORMED);
    if (w)
        g_date_time_unref(w);
    g_time_zone_unref(z);
    return code;
}

int event_local_to_utc(const char *local, const char *tz, int64_t *out)
{
    struct local_refusal r;
    switch (event_local_refused(local, tz, out, &r)) {
    case 0:
        return CK_OK;
    case LOCAL_UNKNOWN_ZONE:
        return CK_ENOTFOUND;
    default:
        return CK_EINVAL;
    }
}

int event_utc_to_local(int64_t t, const char *tz, char *buf, size_t cap)
{
    GTimeZone *z = zone_get(tz);
    if (!z)
        return CK_ENOTFOUND;
    int code = CK_EINVAL;
    GDateTime *u = g_date_time_new_from_unix_utc(t);
    GDateTime *l = u ? g_date_time_to_timezone(u, z) : NULL;
    gchar *text = l ? g_date_time_format(l, "%Y-%m-%d %H:%M") : NULL;
    if (text && strlen(text) < cap) {
        memcpy(buf, text, strlen(text) + 1);
        code = CK_OK;
    }
    g_free(text);
    if (l)
        g_date_time_unref(l);
    if (u)
        g_date_time_unref(u);
    g_time_zone_unref(z);
    return code;
}

int event_iso_local_ms(int64_t ms, const char *tz, char *buf, size_t cap)
{
    GTimeZone *z = zone_get(tz);
    if (!z)
        return CK_ENOTFOUND;
    int64_t secs = ms / 1000 - (ms % 1000 < 0); /* floor, before 1970 too */
    int milli = (int)(ms - secs * 1000);
    int32_t off = offset_at(z, secs);
    g_time_zone_unref(z);
    /* The wall clock is UTC shifted by the offset: gmtime_r of it gives
     * the local date and time with no $TZ and no allocation per row. */
    time_t wall = (time_t)(secs + off);
    struct tm tm;
    if (!gmtime_r(&wall, &tm))
        return CK_EINVAL;
    char o[8];
    offset_text(off, o);
    int n = snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%s",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, milli, o);
    return n > 0 && (size_t)n < cap ? CK_OK : CK_EINVAL;
}
