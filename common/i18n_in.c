/* A sentence in the attendee's language beside the station's (issue 53,
 * item 3; see checkin/i18n.h): glibc's gettext speaks one language a
 * process (LANGUAGE, the locale), so a kiosk that greets a Japanese
 * attendee while its volunteer reads Spanish reads the compiled
 * catalogue, LOCALEDIR/LANG/LC_MESSAGES/checkin.mo, itself: whole, once
 * a language, looked up in its table of messages sorted by msgid (GNU
 * gettext manual, "The Format of GNU MO Files").  Not for the station's
 * own language, which stays gettext's. */
#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/i18n.h"

#ifndef CHECKIN_LINGUAS
#define CHECKIN_LINGUAS ""
#endif

#define MO_MAGIC 0x950412deu
#define MO_CAP (16u << 20) /* a catalogue is some 50 KiB; refuse nonsense */
#define NCATALOGUES 32

struct mo {
    char lang[16];
    unsigned char *data; /* NULL: none here, or not a catalogue */
    size_t len;
    uint32_t n, orig, trans; /* messages, their two tables' offsets */
    bool swap;               /* written on a machine of the other order */
    bool sorted;             /* else looked up one by one */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct mo mos[NCATALOGUES];
static size_t nmos;

static uint32_t word(const struct mo *m, size_t at)
{
    uint32_t v;
    memcpy(&v, m->data + at, sizeof(v));
    return m->swap ? __builtin_bswap32(v) : v;
}

/* String `i` of the table at `table`: NULL when it lies outside the
 * file or has no NUL at its end. */
static const char *entry(const struct mo *m, uint32_t table, uint32_t i)
{
    size_t at = (size_t)table + (size_t)i * 8;
    if (at + 8 > m->len)
        return NULL;
    uint32_t len = word(m, at), off = word(m, at + 4);
    if ((size_t)off + len >= m->len || m->data[off + len] != '\0')
        return NULL;
    return (const char *)m->data + off;
}

/* Whether the file holds what its header says, every string whole. */
static bool check(struct mo *m)
{
    if (m->len < 28)
        return false;
    uint32_t magic;
    memcpy(&magic, m->data, sizeof(magic));
    if (magic != MO_MAGIC && __builtin_bswap32(magic) != MO_MAGIC)
        return false;
    m->swap = magic != MO_MAGIC;
    m->n = word(m, 8);
    m->orig = word(m, 12);
    m->trans = word(m, 16);
    m->sorted = true;
    const char *last = NULL;
    for (uint32_t i = 0; i < m->n; i++) {
        const char *o = entry(m, m->orig, i);
        if (!o || !entry(m, m->trans, i))
            return false;
        if (last && strcmp(last, o) >= 0)
            m->sorted = false;
        last = o;
    }
    return true;
}

static void load(struct mo *m)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", i18n_localedir(),
             m->lang, CHECKIN_TEXTDOMAIN);
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size > 0 && (unsigned long)size <= MO_CAP && fseek(f, 0, SEEK_SET) == 0)
        m->data = malloc((size_t)size);
    if (m->data && fread(m->data, 1, (size_t)size, f) == (size_t)size) {
        m->len = (size_t)size;
        if (!check(m)) {
            free(m->data);
            m->data = NULL;
        }
    } else {
        free(m->data);
        m->data = NULL;
    }
    fclose(f);
}

/* Language `lang`'s catalogue, read the first time it is asked for;
 * NULL when there is none. */
static const struct mo *catalogue(const char *lang)
{
    pthread_mutex_lock(&mu);
    struct mo *m = NULL;
    for (size_t i = 0; i < nmos && !m; i++)
        if (!strcmp(mos[i].lang, lang))
            m = &mos[i];
    if (!m && nmos < NCATALOGUES) {
        m = &mos[nmos++];
        snprintf(m->lang, sizeof(m->lang), "%s", lang);
        load(m);
    }
    pthread_mutex_unlock(&mu);
    return m && m->data ? m : NULL;
}

/* Message `msgid`'s translation in `m` and its length (a plural's forms
 * one after another, each ended by a NUL); NULL when `m` lacks it. */
static const char *lookup(const struct mo *m, const char *msgid, uint32_t *len)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t i = m->sorted ? lo + (hi - lo) / 2 : lo;
        int c = strcmp(msgid, entry(m, m->orig, i));
        if (!c) {
            *len = word(m, (size_t)m->trans + (size_t)i * 8);
            return entry(m, m->trans, i);
        }
        if (!m->sorted)
            lo++;
        else if (c < 0)
            hi = i;
        else
            lo = i + 1;
    }
    return NULL;
}

const char *i18n_text_in(const char *lang, const char *msgid)
{
    if (!lang || !lang[0] || !strcmp(lang, "en") || !msgid[0])
        return msgid;
    const struct mo *m = catalogue(lang);
    uint32_t len;
    const char *t = m ? lookup(m, msgid, &len) : NULL;
    return t && t[0] ? t : msgid;
}

const char *i18n_ngettext_in(const char *lang, const char *one,
                             const char *many, unsigned long n)
{
    const char *english = n == 1 ? one : many;
    if (!lang || !lang[0] || !strcmp(lang, "en") || !one[0])
        return english;
    const struct mo *m = catalogue(lang);
    uint32_t len, hlen;
    const char *t = m ? lookup(m, one, &len) : NULL;
    const char *header = m ? lookup(m, "", &hlen) : NULL;
    if (!t || !t[0])
        return english;
    /* The form the rule picks, if the message has that many. */
    int k = i18n_plural_form(header, n);
    const char *end = t + len;
    for (; k > 0 && t < end; k--)
        t += strlen(t) + 1;
    return t < end && t[0] ? t : english;
}

static bool have(const char *lang)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", i18n_localedir(),
             lang, CHECKIN_TEXTDOMAIN);
    return access(path, R_OK) == 0;
}

size_t i18n_langs(char (*out)[16], size_t cap)
{
    size_t n = 0;
    if (n < cap)
        snprintf(out[n++], sizeof(out[0]), "en");
    for (const char *p = CHECKIN_LINGUAS; *p && n < cap;) {
        size_t w = strcspn(p, " ");
        snprintf(out[n], sizeof(out[0]), "%.*s", (int)w, p);
        if (w && w < sizeof(out[0]) && have(out[n]))
            n++;
        p += w;
        p += strspn(p, " ");
    }
    return n;
}

const char *i18n_lang_for(const char *locale, char *out, size_t cap)
{
    char base[4] = "", region[3] = "";
    size_t b = 0;
    const char *p = locale ? locale : "";
    while (isalpha((unsigned char)p[b]) && b < 4)
        b++;
    if (cap)
        out[0] = '\0';
    if (b < 2 || b > 3 ||
        (p[b] && p[b] != '-' && p[b] != '_' && p[b] != '.' && p[b] != '@'))
        return out;
    for (size_t i = 0; i < b; i++)
        base[i] = (char)tolower((unsigned char)p[i]);
    const char *r = p + b + 1;
    if ((p[b] == '-' || p[b] == '_') && isalpha((unsigned char)r[0]) &&
        isalpha((unsigned char)r[1]) && !isalnum((unsigned char)r[2])) {
        region[0] = (char)toupper((unsigned char)r[0]);
        region[1] = (char)toupper((unsigned char)r[1]);
    }
    char want[16];
    snprintf(want, sizeof(want), "%s_%s", base, region);
    if (!strcmp(base, "en")) {
        snprintf(out, cap, "en");
        return out;
    }
    if ((region[0] && have(want)) || have(base)) {
        snprintf(out, cap, "%s", region[0] && have(want) ? want : base);
        return out;
    }
    /* Another region of the same language: Brazil's Portuguese for
     * Portugal's rather than the station's language. */
    char langs[NCATALOGUES][16];
    size_t n = i18n_langs(langs, NCATALOGUES);
    for (size_t i = 1; i < n; i++)
        if (!strncmp(langs[i], base, b) && langs[i][b] == '_') {
            snprintf(out, cap, "%s", langs[i]);
            break;
        }
    return out;
}
