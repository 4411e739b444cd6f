/* Names in any direction on the terminal (issue 53, item 4): every text
 * the curses screen draws is made safe for the terminal
 * (text_for_terminal, which turns a name's own bidi controls into
 * U+FFFD) and then each name of the person on the screen in it (their
 * badge name, the supervisor's, the names of their order's others) is
 * isolated between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
 * (Unicode's bidi algorithm, UAX #9, section 2.7): an Arabic, Hebrew or
 * Urdu name then never reorders the sentence around it, in an English
 * sentence or in a Japanese one that opens with the name.  The
 * sentences are made with the names as they are (station_sentence.c),
 * for the JSON lines and the web page too, which isolate in their own
 * way (<bdi>); only the terminal's text carries the controls.  Not for
 * drawing: display_curses.c draws. */
#include <string.h>

#include "checkin/station.h"
#include "checkin/text.h"
#include "display_curses_priv.h"

#define FSI "\xe2\x81\xa8" /* U+2068 */
#define PDI "\xe2\x81\xa9" /* U+2069 */
#define ISOLATE_LEN 3
#define MAX_NAMES (STATION_GROUP_MAX + 2)
/* A badge name made safe: each byte at most U+FFFD's three. */
#define NAME_CAP (3 * sizeof(((struct station_result *)0)->badge_name))

static char names[MAX_NAMES][NAME_CAP];
static size_t name_len[MAX_NAMES];
static size_t nnames;

static void add(const char *name)
{
    if (!name || !name[strspn(name, " ")] || nnames == MAX_NAMES)
        return;
    name_len[nnames] =
        text_for_terminal(name, strlen(name), names[nnames], NAME_CAP);
    nnames++;
}

void curses_names_of(const struct station_result *r)
{
    nnames = 0;
    if (!r || !r->personal)
        return;
    add(r->badge_name);
    add(r->supervisor);
    for (size_t i = 0; i < station_result_ngroup(r); i++)
        add(station_group_name(r, station_result_group(r, i)));
}

/* A letter or digit of ASCII: a name inside a word ("Al" in "Already")
 * is no name.  Other scripts' letters around a name are not looked at:
 * Japanese writes a name with no space before its particle. */
static bool ascii_word(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* The length of the longest name at `p` of `text`, standing on its own;
 * 0 when none is. */
static size_t name_at(const char *text, const char *p)
{
    if (p > text && ascii_word(p[-1]))
        return 0;
    size_t best = 0;
    for (size_t i = 0; i < nnames; i++) {
        size_t n = name_len[i];
        if (n > best && !strncmp(p, names[i], n) && !ascii_word(p[n]))
            best = n;
    }
    return best;
}

size_t curses_clean(const char *s, size_t len, char *out, size_t cap)
{
    char text[3 * 1024 + 1];
    text_for_terminal(s, len, text, sizeof(text));
    size_t o = 0;
    if (!cap)
        return 0;
    for (const char *p = text; *p;) {
        size_t n = name_at(text, p);
        if (n) {
            if (o + n + 2 * ISOLATE_LEN >= cap)
                break;
            memcpy(out + o, FSI, ISOLATE_LEN);
            memcpy(out + o + ISOLATE_LEN, p, n);
            memcpy(out + o + ISOLATE_LEN + n, PDI, ISOLATE_LEN);
            o += n + 2 * ISOLATE_LEN;
            p += n;
            continue;
        }
        /* One whole character: text_for_terminal wrote valid UTF-8. */
        size_t k = 1;
        while ((p[k] & 0xc0) == 0x80)
            k++;
        if (o + k >= cap)
            break;
        memcpy(out + o, p, k);
        o += k;
        p += k;
    }
    out[o] = '\0';
    return o;
}

bool curses_is_isolate(const char *p)
{
    return !strncmp(p, FSI, ISOLATE_LEN) || !strncmp(p, PDI, ISOLATE_LEN);
}
