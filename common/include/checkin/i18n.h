/* What people read, in their language: GNU gettext from glibc, the
 * "checkin" text domain, its catalogues compiled from po/ into the
 * build tree (when the command runs from there) or share/locale (when
 * installed).  _() marks and translates a sentence, N_() only marks one
 * for xgettext (a table's), ngettext() picks a count's form ("1 more in
 * order" / "4 more in order").  Machine output (JSON field names, reason
 * codes) never goes through these. */
#ifndef CHECKIN_I18N_H
#define CHECKIN_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "checkin/error.h"

#define CHECKIN_TEXTDOMAIN "checkin"
#define _(s) gettext(s)
#define N_(s) (s)

/* Bind the text domain to its catalogues and take the language from the
 * command line, else the locale: removes "--lang LANG" and "--lang=LANG"
 * from `argv` (before a "--"), as checkin_lang_set.  Call once, first,
 * before any thread starts.  CK_EINVAL with one sentence for a language
 * checkin has no catalogue of. */
int i18n_start(int *argc, char **argv, struct ck_error *err) CK_MUST_CHECK;

/* Speak `lang` ("es", "pt_BR", "en") from now on, whatever the locale:
 * glibc's LANGUAGE, with messages taken out of the "C" locale that would
 * ignore it.  CK_EINVAL with one sentence (naming the languages there
 * are) when `lang` is not a language name or has no catalogue.  Not
 * while other threads translate. */
int checkin_lang_set(const char *lang, struct ck_error *err) CK_MUST_CHECK;

/* Whether "--lang" was on the command line (i18n_start): a station
 * profile's language then gives way to it. */
bool checkin_lang_given(void);

/* The language set ("es", or the locale's when it is not installed:
 * "es_ES"), "" for the installed locale's or English. */
const char *checkin_lang(void);

/* What i18n_strftime writes of a day. */
enum i18n_day {
    I18N_WEEKDAY,  /* "Fri", "Fr" */
    I18N_DAY_MONTH /* "Fri 17 May", "Fr 17 Mai" */
};

/* Day `tm` (its tm_wday, tm_mday, tm_mon) into `out` (`cap` bytes) as
 * `what` says, in the language spoken: the day and month names of a
 * locale of that language (the environment's when it is of it, else
 * the language's usual one: de_DE.UTF-8 for "de"), English when it is
 * English or no such locale is installed.  The bytes written, 0 (and
 * "") when it does not fit.  Safe from any thread (i18n_time.c). */
size_t i18n_strftime(char *out, size_t cap, enum i18n_day what,
                     const struct tm *tm);

/* Where the catalogues are read from, LOCALEDIR/LANG/LC_MESSAGES/
 * checkin.mo: the build tree's locale/ for a command run from the build
 * tree; installed, PREFIX/share/locale beside PREFIX/bin/checkin, else
 * the install prefix the build was configured with. */
const char *i18n_localedir(void);

/* ---- the attendee's language (issue 53, item 3; i18n_in.c) ----
 * A registration's own language beside the station's: the kiosk shows a
 * person's verdict in it while the volunteer's screen keeps the
 * station's.  glibc speaks one language a process, so these read the
 * compiled catalogues themselves. */

/* The language checkin speaks for a registration's `locale` (pretix's
 * "de", "pt-br", "de-informal", or "ja_JP.UTF-8"): "en", a language
 * whose catalogue is here ("pt_BR", else "pt", else the first of
 * po/LINGUAS with the same base, "pt_BR" for "pt-pt"), written into
 * `out` and returned; "" when checkin speaks none of it. */
const char *i18n_lang_for(const char *locale, char *out, size_t cap);

/* `msgid` in language `lang`'s catalogue ("ja"): its translation, or
 * `msgid` itself for "en", "", a language with no catalogue here and a
 * message the catalogue lacks.  Singular forms only.  Safe from any
 * thread; each catalogue is read once, the first time it is asked for,
 * and kept until the process ends. */
const char *i18n_text_in(const char *lang, const char *msgid);

/* The languages checkin speaks, "en" first, then each of po/LINGUAS
 * whose catalogue is here, into `out` (at most `cap`); how many. */
size_t i18n_langs(char (*out)[16], size_t cap);

#endif
