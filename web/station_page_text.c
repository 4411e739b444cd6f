/* The station's page's words in the station's language (issue 53): the
 * English texts the station's and the kiosk's pages show, each marked for
 * xgettext here, and /api/messages's answer, {"lang":"es","messages":
 * {"READY":"LISTO",...}}: each text with its translation from the same
 * catalogue the terminal reads, so the page has no translations of its
 * own.  A text the catalogue lacks is left out (the page keeps its
 * English). */
#include <jansson.h>
#include <string.h>

#include "checkin/i18n.h"
#include "station_page_text.h"

static const char *const TEXTS[] = {
    /* The verdict words, as the terminal's (station_sentence.c). */
    N_("ADMIT"),
    N_("DENY"),
    N_("WARNING"),
    N_("LEFT"),
    /* TRANSLATORS: the station's page before the first scan. */
    N_("READY"),
    N_("Scan a code."),
    N_("Scan a code, or type a name to search"),
    N_("Scan or search"),
    N_("Reprint badge and tickets"),
    N_("Override…"),
    N_("Undo check-in…"),
    N_("Check them in too"),
    /* TRANSLATORS: a pre-printed badge's box label ("L-M"), then its
     * number in the box (issue 55). */
    N_("Pre-printed: box %s, #%s"),
    /* TRANSLATORS: the desk's button once the volunteer gave the person
     * their pre-printed badge from its box. */
    N_("Badge handed over"),
    N_("Walk-in…"),
    N_("Check in"),
    N_("Cancel"),
    N_("connected"),
    N_("not connected"),
    N_("Printing the labels..."),
    N_("Printed."),
    /* TRANSLATORS: the self check-in kiosk's page, read by the attendee. */
    N_("Self check-in"),
    N_("Welcome!"),
    N_("Show the QR code from your confirmation email to the scanner."),
    N_("Code"),
    N_("connecting"),
    N_("ready"),
    /* TRANSLATORS: the kiosk's greeting; %s is the attendee's name. */
    N_("Welcome, %s!"),
    N_("Sorry"),
    N_("Your badge is printing..."),
    N_("Your badge and tutorial ticket are printing..."),
    N_("Your badge and tutorial tickets are printing..."),
    N_("Please take your badge from the printer."),
    N_("Please take your badge and tickets from the printer."),
    N_("The printer needs a hand; please go to the registration desk."),
};

char *web_station_messages(void)
{
    json_t *m = json_object();
    for (size_t i = 0; m && i < sizeof(TEXTS) / sizeof(TEXTS[0]); i++) {
        const char *said = _(TEXTS[i]);
        if (said != TEXTS[i] && strcmp(said, TEXTS[i]))
            json_object_set_new(m, TEXTS[i], json_string(said));
    }
    const char *lang = checkin_lang();
    json_t *o =
        m ? json_pack("{s:s,s:o}", "lang", lang[0] ? lang : "", "messages", m)
          : NULL;
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}
