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

/* The language set ("es", or the locale's when it is not installed:
 * "es_ES"), "" for the installed locale's or English. */
const char *checkin_lang(void);

/* Where the catalogues are read from, LOCALEDIR/LANG/LC_MESSAGES/
 * checkin.mo: the build tree's locale/ for a command run from the build
 * tree; installed, PREFIX/share/locale beside PREFIX/bin/checkin, else
 * the install prefix the build was configured with. */
const char *i18n_localedir(void);

#endif
