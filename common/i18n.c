/* The text domain's binding and the language it speaks (see
 * checkin/i18n.h): which catalogues, from which folder, and how a
 * language named on the command line wins over the locale. */
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/i18n.h"

#ifndef CHECKIN_BUILD_DIR
#define CHECKIN_BUILD_DIR ""
#endif
#ifndef CHECKIN_LINGUAS
#define CHECKIN_LINGUAS ""
#endif

static char lang_now[16];
static bool lang_given;
static char localedir[4096];

/* The build tree's catalogues for a command that runs from the build
 * tree (the tests, `checkin demo` before installing), else the
 * installed ones. */
const char *i18n_localedir(void)
{
    if (localedir[0])
        return localedir;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    size_t blen = strlen(CHECKIN_BUILD_DIR);
    bool built = n > 0 && blen && (size_t)n > blen &&
                 !memcmp(exe, CHECKIN_BUILD_DIR, blen) && exe[blen] == '/';
    if (built) {
        snprintf(localedir, sizeof(localedir), "%s", CHECKIN_BUILD_LOCALEDIR);
        return localedir;
    }
    /* Installed: PREFIX/bin/checkin beside PREFIX/share/locale, wherever
     * the prefix was moved (a package's staging folder), else where the
     * build was told it would be. */
    char *slash = n > 0 ? memrchr(exe, '/', (size_t)n) : NULL;
    struct stat st;
    if (slash) {
        snprintf(localedir, sizeof(localedir), "%.*s/../share/locale",
                 (int)(slash - exe), exe);
        if (stat(localedir, &st) == 0 && S_ISDIR(st.st_mode))
            return localedir;
    }
    snprintf(localedir, sizeof(localedir), "%s", CHECKIN_INSTALL_LOCALEDIR);
    return localedir;
}

/* "es", "pt_BR", "hi": two or three small letters, then perhaps '_'
 * and two capitals. */
static bool lang_name(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    if (!s[n])
        return true;
    return s[n] == '_' && s[n + 1] >= 'A' && s[n + 1] <= 'Z' &&
           s[n + 2] >= 'A' && s[n + 2] <= 'Z' && !s[n + 3];
}

static bool have_catalogue(const char *lang)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", i18n_localedir(),
             lang, CHECKIN_TEXTDOMAIN);
    return access(path, R_OK) == 0;
}

/* Whether po/LINGUAS names `lang`. */
static bool listed(const char *lang)
{
    size_t n = strlen(lang);
    for (const char *p = CHECKIN_LINGUAS; *p;) {
        size_t w = strcspn(p, " ");
        if (w == n && !memcmp(p, lang, n))
            return true;
        p += w;
        p += strspn(p, " ");
    }
    return false;
}

int checkin_lang_set(const char *lang, struct ck_error *err)
{
    if (!lang_name(lang))
        return ck_fail(err, CK_EINVAL,
                       "'%.40s' is not a language: give one as 'es' or "
                       "'pt_BR' (checkin speaks en %s).",
                       lang, CHECKIN_LINGUAS);
    char base[4] = "";
    snprintf(base, sizeof(base), "%.*s", (int)strcspn(lang, "_"), lang);
    bool english = !strcmp(base, "en");
    if (!english && !have_catalogue(lang) && !have_catalogue(base)) {
        if (listed(lang) || listed(base))
            return ck_fail(err, CK_EINVAL,
                           "The '%s' catalogue is not in %s: build checkin "
                           "with msgfmt installed (scripts/setup) or "
                           "install it.",
                           lang, i18n_localedir());
        return ck_fail(err, CK_EINVAL,
                       "checkin has no '%s' catalogue: it speaks en %s "
                       "(docs/translating.md adds a language).",
                       lang, CHECKIN_LINGUAS);
    }
    if (english) {
        /* The C locale's messages: the English, given back at once (an
         * "en" in LANGUAGE would look for a catalogue on every call). */
        unsetenv("LANGUAGE");
        setlocale(LC_MESSAGES, "C");
    } else {
        /* glibc reads LANGUAGE unless messages are in the "C" locale. */
        const char *now = setlocale(LC_MESSAGES, NULL);
        if (!now || !strcmp(now, "C") || !strcmp(now, "POSIX"))
            setlocale(LC_MESSAGES, "C.UTF-8");
        setenv("LANGUAGE", lang, 1);
    }
    snprintf(lang_now, sizeof(lang_now), "%s", lang);
    /* Naming the domain again tells gettext its catalogues changed. */
    textdomain(CHECKIN_TEXTDOMAIN);
    return CK_OK;
}

const char *checkin_lang(void)
{
    return lang_now;
}

/* The locale's language when the locale itself is not installed
 * (LANG=es_ES.UTF-8 on a machine with only C.UTF-8): "es_ES". */
static void lang_from_environment(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (!v || !v[0])
            continue;
        char lang[16];
        snprintf(lang, sizeof(lang), "%.*s", (int)strcspn(v, ".@"), v);
        struct ck_error ignored = {0};
        if (lang_name(lang))
            (void)!checkin_lang_set(lang, &ignored);
        return;
    }
}

int i18n_start(int *argc, char **argv, struct ck_error *err)
{
    bindtextdomain(CHECKIN_TEXTDOMAIN, i18n_localedir());
    bind_textdomain_codeset(CHECKIN_TEXTDOMAIN, "UTF-8");
    /* The C library's own words (strerror: "Conexión rehusada") said
     * inside checkin's sentences: UTF-8 too, not '?' for each accent
     * under LC_CTYPE "C" (libpq's domain: pg/pg.c). */
    bind_textdomain_codeset("libc", "UTF-8");
    textdomain(CHECKIN_TEXTDOMAIN);
    if (!setlocale(LC_MESSAGES, ""))
        lang_from_environment();
    const char *lang = NULL;
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (!strncmp(argv[i], "--lang=", 7))
            lang = argv[i] + 7;
        else if (!strcmp(argv[i], "--lang") && i + 1 < *argc)
            lang = argv[++i];
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    lang_given = lang != NULL;
    return lang ? checkin_lang_set(lang, err) : CK_OK;
}

bool checkin_lang_given(void)
{
    return lang_given;
}
