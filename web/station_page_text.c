/* The station's page's words in the station's language (issue 53): the
 * English texts the station's and the kiosk's pages show, each marked for
 * xgettext here, and /api/messages's answer, {"lang":"es","messages":
 * {"READY":"LISTO",...}}: each text with its translation from the same
 * catalogue the terminal reads, so the page has no translations of its
 * own.  A text the catalogue lacks is left out (the page keeps its
 * English).  /api/messages?lang=ja gives them in another language, the
 * attendee's at a kiosk (issue 53, item 3), read from its catalogue
 * beside the station's (common/i18n_in.c), with the languages there are
 * to pick from, each named in itself. */
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
    /* TRANSLATORS: the desk's two buttons under an acknowledgement
     * ("I have read the Code of Conduct"), tapped by the volunteer. */
    N_("They have read it"),
    N_("They decline"),
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
    /* The kiosk's sentences to the attendee (runtime/display_web.c), so
     * that its page can say them again in the language the attendee
     * picks (issue 53, item 3). */
    N_("You are checked in."),
    N_("Please see the help desk."),
    N_("A volunteer has a question for you before you are checked in. "
       "Please go to the registration desk."),
    N_("You are already checked in. If you need your badge again, the "
       "registration desk can reprint it."),
    N_("Your order is not paid yet. Please go to the registration desk."),
    N_("This order was cancelled. Please go to the registration desk."),
    N_("This code was replaced by a newer one. Show your newest "
       "confirmation, or go to the registration desk."),
    N_("Something went wrong here. Please go to the registration desk."),
    N_("This tutorial add-on was cancelled. Scan your conference ticket "
       "instead, or go to the registration desk."),
    N_("We could not check you in here. Please go to the registration "
       "desk."),
    N_("ATTENTION: please wait here and show your ticket to a volunteer "
       "before you go in."),
    /* TRANSLATORS: the kiosk's button that lets the attendee choose the
     * language of their own screen. */
    N_("Language"),
    /* TRANSLATORS: a phone at a door asks pretix's questions asked
     * during check-in (issue 49). */
    N_("pretix asks before this person is let in:"),
    /* TRANSLATORS: %s is one of pretix's questions. */
    N_("%s (may be empty)"),
    N_("Yes"),
    N_("No"),
    N_("Let in with these answers"),
    N_("The station did not answer; scan the code again."),
    /* TRANSLATORS: the open spaces' board (issue 56), a screen in the
     * hallway: rooms by slots, and a host's claim of a free slot. */
    N_("HOST"),
    N_("Open spaces"),
    N_("Day"),
    N_("Room"),
    N_("Slot"),
    N_("Title"),
    N_("free"),
    N_("Rooms by slots: each session's title, host and people inside of "
       "the seats"),
    N_("Claim the slot"),
    /* TRANSLATORS: a session on the board: its host's name, then the
     * people inside and the room's seats. */
    N_("hosted by %s; %s of %s inside"),
    /* TRANSLATORS: a room and its seats on the board. */
    N_("%s (%s seats)"),
    /* TRANSLATORS: a free slot offered: the room, then the day and time. */
    N_("%s at %s"),
    N_("Hosting: %s. Type your session's title and choose a free slot."),
    N_("The station did not answer; is it still running?"),
};

/* TRANSLATORS: not the word "English" but the name of your language in
 * your language ("Español", "日本語"), on the kiosk's list of languages
 * an attendee picks from. */
static const char AUTONYM[] = N_("English");

/* The languages an attendee may pick, each named in itself:
 * [{"lang":"en","name":"English"},{"lang":"ja","name":"日本語"},...]. */
static json_t *langs_json(void)
{
    char langs[32][16];
    size_t n = i18n_langs(langs, 32);
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s,s:s}", "lang", langs[i], "name",
                                        i18n_text_in(langs[i], AUTONYM)));
    return a;
}

char *web_station_messages(const char *lang)
{
    char want[16] = "";
    if (lang && !i18n_lang_for(lang, want, sizeof(want))[0])
        return NULL;
    json_t *m = json_object();
    for (size_t i = 0; m && i < sizeof(TEXTS) / sizeof(TEXTS[0]); i++) {
        const char *said = lang ? i18n_text_in(want, TEXTS[i]) : _(TEXTS[i]);
        if (said != TEXTS[i] && strcmp(said, TEXTS[i]))
            json_object_set_new(m, TEXTS[i], json_string(said));
    }
    const char *now = lang ? want : checkin_lang();
    json_t *o = m ? json_pack("{s:s,s:o,s:o}", "lang", now, "messages", m,
                              "langs", langs_json())
                  : NULL;
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}
