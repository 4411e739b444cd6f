/* The station's page's words in the station's language: station_page_text.c. */
#ifndef CHECKIN_WEB_STATION_PAGE_TEXT_H
#define CHECKIN_WEB_STATION_PAGE_TEXT_H

#include <stddef.h>

/* /api/messages's JSON, {"lang":"es","dir":"ltr",
 * "messages":{ENGLISH:TRANSLATION},
 * "langs":[{"lang":"ja","name":"日本語"},...]}: in the station's language
 * for `lang` NULL (lang "" for the locale's), else in `lang` (a locale
 * as i18n_lang_for reads it: "ja", "pt-br").  The caller frees it; NULL
 * when `lang` is none checkin speaks, or memory ran out. */
char *web_station_messages(const char *lang);

/* The same JSON for another page's `n` English `texts` (the dashboard's,
 * dashboard_page_text.c) and `np` counted texts `plurals`, each its
 * English one and many; beside "messages", "plurals": {ONE: {"forms":
 * [...], "at": "0111..."}}, "at"'s digit k the place in "forms" of
 * count k's form, for k 0 to 199 (shared.js's tn). */
char *web_page_messages(const char *const *texts, size_t n,
                        const char *const (*plurals)[2], size_t np,
                        const char *lang);

#endif
