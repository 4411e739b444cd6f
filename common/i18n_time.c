/* Days and months in the language spoken (issue 53, item 3; see
 * checkin/i18n.h): strftime with the LC_TIME of a locale of the station's
 * language, from the C library (glibc's de_DE says "Fr 17 Mai"), so
 * that no catalogue translates a month.  The locale is looked for once a
 * language: the environment's own when it is of that language
 * (de_AT.UTF-8 for "de"), else the language's usual one (de_DE.UTF-8);
 * when none is installed the names are English, as in the "C" locale.
 * Not for the messages, which are gettext's (i18n.c). */
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/i18n.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char loaded_for[16] = "\x01"; /* no language yet */
static locale_t loaded;              /* the language's, else "C"'s */

/* The usual territory of each language of po/LINGUAS with none in its
 * name; another language tries its own name as one (it_IT). */
static const char *territory(const char *base)
{
    static const char *const usual[][2] = {
        {"es", "ES"}, {"de", "DE"}, {"fr", "FR"},
        {"ja", "JP"}, {"hi", "IN"}, {"pt", "BR"},
    };
    for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
        if (!strcmp(base, usual[i][0]))
            return usual[i][1];
    return NULL;
}

/* The environment's locale for time when it is of language `base`. */
static const char *environment_of(const char *base)
{
    const char *vars[] = {"LC_ALL", "LC_TIME", "LANG"};
    size_t n = strlen(base);
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0])
            return !strncmp(v, base, n) && (v[n] == '_' || v[n] == '.') ? v
                                                                        : NULL;
    }
    return NULL;
}

static locale_t try_locale(const char *name)
{
    return name ? newlocale(LC_TIME_MASK, name, (locale_t)0) : (locale_t)0;
}

/* A locale of language `lang` ("de", "pt_BR", "" the environment's), or
 * (locale_t)0 for English and when none is installed. */
static locale_t find(const char *lang)
{
    if (!lang[0])
        return try_locale("");
    char base[8], name[40];
    snprintf(base, sizeof(base), "%.*s", (int)strcspn(lang, "_"), lang);
    if (!strcmp(base, "en"))
        return (locale_t)0;
    locale_t l = try_locale(environment_of(base));
    if (!l && strchr(lang, '_')) {
        snprintf(name, sizeof(name), "%s.UTF-8", lang);
        l = try_locale(name);
    }
    const char *t = territory(base);
    if (!l && t) {
        snprintf(name, sizeof(name), "%s_%s.UTF-8", base, t);
        l = try_locale(name);
    }
    return l;
}

size_t i18n_strftime(char *out, size_t cap, enum i18n_day what,
                     const struct tm *tm)
{
    if (!cap)
        return 0;
    const char *lang = checkin_lang();
    pthread_mutex_lock(&mu);
    if (strcmp(loaded_for, lang)) {
        if (loaded)
            freelocale(loaded);
        loaded = find(lang);
        if (!loaded)
            loaded = newlocale(LC_TIME_MASK, "C", (locale_t)0);
        snprintf(loaded_for, sizeof(loaded_for), "%s", lang);
    }
    /* LC_TIME is never set in the process: strftime says "C"'s names. */
    size_t n;
    if (what == I18N_WEEKDAY)
        n = loaded ? strftime_l(out, cap, "%a", tm, loaded)
                   : strftime(out, cap, "%a", tm);
    else
        n = loaded ? strftime_l(out, cap, "%a %-d %b", tm, loaded)
                   : strftime(out, cap, "%a %-d %b", tm);
    pthread_mutex_unlock(&mu);
    if (!n)
        out[0] = '\0';
    return n;
}
