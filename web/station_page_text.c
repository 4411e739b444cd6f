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
#include <stdbool.h>
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
    /* TRANSLATORS: the auction door's button: print the bidder's paddle
     * label again (issue 56). */
    N_("Reprint paddle"),
    N_("Printing the paddle label..."),
    /* TRANSLATORS: the auction door's page once the paddle's label
     * printed; %s the paddle's number. */
    N_("Printed: hand over paddle %s."),
    N_("Sent paddle %s's label to the printer; check that it came out."),
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
    /* TRANSLATORS: the kiosk's two buttons under an acknowledgement
     * ("I have read the Code of Conduct"), tapped by the attendee. */
    N_("I have read it"),
    N_("I decline"),
    /* TRANSLATORS: the desk's page (the station's web screen), read by
     * the volunteer: its title, header, buttons and panels. */
    N_("checkin station"),
    N_("Station"),
    /* TRANSLATORS: a sprint station's page: the label of its row of
     * project buttons (issue 56). */
    N_("Sprint projects"),
    /* TRANSLATORS: an exit door's two directions, as buttons. */
    N_("IN"),
    N_("OUT"),
    N_("Sound"),
    N_("New roll…"),
    N_("Swap size…"),
    N_("Undo handing over"),
    N_("Correct…"),
    N_("Note about this lead"),
    N_("Save note"),
    /* TRANSLATORS: %s is the person's name, picked from the search. */
    N_("Check in %s?"),
    N_("Reprint for %s: the old badge stops working."),
    N_("Why (lost, misspelt name...)"),
    N_("Supervisor's PIN"),
    N_("Reprint"),
    /* TRANSLATORS: the name, then the order's state (pending, cancelled). */
    N_("Supervisor's override: check in %s although the order is %s? The "
       "desk records it as an override with your reason, and prints the "
       "badge."),
    N_("Reason (e.g. paid in cash at the desk)"),
    N_("Reason for the override"),
    N_("Check in on override"),
    N_("Ask before %s is checked in:"),
    N_("Check in with these answers"),
    /* TRANSLATORS: a counter that hands things out (T-shirts): %s is
     * the person's name. */
    N_("Swap what %s was handed for:"),
    N_("Size, e.g. L"),
    N_("The size to hand instead"),
    N_("Swap"),
    N_("Supervisor's undo: %s is no longer checked in, and may be checked "
       "in again."),
    N_("Why (optional, e.g. wrong person)"),
    N_("Why the check-in is undone"),
    N_("Undo the check-in"),
    N_("A new roll of labels is loaded: the count of labels left starts "
       "over from it."),
    N_("Labels on it (empty: as many as the last)"),
    N_("Labels on the new roll"),
    N_("Start the count over"),
    N_("Type how many labels the new roll holds (such as 300), or leave it "
       "empty for as many as the last."),
    N_("Register a walk-in: they are checked in and their badge is "
       "printed."),
    N_("Ticket type"),
    N_("Given name"),
    N_("Family name"),
    N_("Email (optional)"),
    N_("Email"),
    N_("Company (optional)"),
    N_("Company"),
    N_("Tutorials (optional): a full or past one cannot be ticked"),
    N_("Payment"),
    N_("Paid"),
    N_("Will pay later (pending)"),
    N_("Free (comp)"),
    N_("Why free (e.g. keynote guest)"),
    N_("Why free"),
    N_("Register and check in"),
    N_("Correct %s: a field left empty stays as it is."),
    N_("Name"),
    N_("Badge name"),
    N_("Pronouns"),
    N_("Save the correction"),
    N_("Sent to the printer; check that the labels came out."),
    /* TRANSLATORS: %s is a number of tutorials past those listed. */
    N_("and %s more (their tickets print with the badge)"),
    /* TRANSLATORS: %s is when and where the person was seen before. */
    N_("Earlier: %s"),
    /* TRANSLATORS: an order's code, then its state (paid, pending). */
    N_("order %s %s"),
    N_("no tutorials"),
    /* TRANSLATORS: a tutorial a walk-in cannot take: no seat left, or
     * it is over. */
    N_("full"),
    N_("already over"),
    /* TRANSLATORS: a search result's state. */
    N_("checked in"),
    N_("not checked in"),
    N_("connected to this station; the hub is not"),
    /* TRANSLATORS: the label roll's forecast ("about 120 left"). */
    N_("Labels: %s"),
    /* TRANSLATORS: the header's counters; %s are numbers. */
    N_("%s checked in"),
    N_("%s inside"),
    N_("%s inside of %s"),
    N_("%s leads"),
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
    N_("You declined, so you are not checked in. Please go to the "
       "registration desk to talk it over."),
    N_("Before you are checked in, please read this and tell us whether you "
       "accept it."),
    N_("This tutorial add-on was cancelled. Scan your conference ticket "
       "instead, or go to the registration desk."),
    N_("We could not check you in here. Please go to the registration "
       "desk."),
    N_("ATTENTION: please wait here and show your ticket to a volunteer "
       "before you go in."),
    /* The attendee's still-needs line (issue 55 item 2,
     * runtime/needs_text.c): the page fills each %s in order. */
    N_("Still needs: %s."),
    N_("Badge: box %s, #%s"),
    N_("Badge: at the registration desk"),
    N_("Ticket for %s: at the registration desk"),
    N_("%s %s: at %s"),
    N_("%s: at %s"),
    N_("%s today: at %s"),
    N_("%s today"),
    N_("%s: to acknowledge"),
    N_("Order %s: not paid"),
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
    /* TRANSLATORS: the phones' /scan and /booth pages (issue 53), held
     * by the volunteer at a door or by a sponsor at a booth; their
     * titles, "checkin" the program's name. */
    N_("checkin: scan"),
    N_("checkin: booth"),
    N_("Starting the camera..."),
    /* TRANSLATORS: a phone's verdict word (ADMIT, DENY...) when the
     * station could not record it. */
    N_("%s - NOT RECORDED"),
    N_("The labels did not print: %s"),
    N_("Hand over the badge"),
    /* TRANSLATORS: a phone's page at the auction's door; %s the paddle's
     * number. */
    N_("Hand over paddle %s"),
    N_("Lead saved."),
    N_("ATTENTION: %s"),
    N_("Seat: %s"),
    N_("Ready"),
    N_("Hold a badge or ticket in the frame."),
    N_("Waiting for the station..."),
    N_("The station has not answered in %s s; this phone decided."),
    N_("Scanning"),
    N_("This browser would not keep codes on the phone (%s); "
       "codes read now are lost until the station answers."),
    /* TRANSLATORS: a phone's list of codes sent later: the name, the
     * verdict word and the time ("Grace ADMIT at 09:12"). */
    N_("%s %s at %s"),
    N_("the same code again"),
    N_("no answer"),
    /* TRANSLATORS: the name, what the phone said ("refused", "a lead
     * kept"), the station's verdict word and its sentence. */
    N_("Corrected by the station: %s, %s on this phone, is %s: %s"),
    N_("Sent later: %s as this phone decided"),
    N_("Sent later: %s"),
    N_("Answered late: %s"),
    /* TRANSLATORS: a line of that list, then the time the code was read. */
    N_("%s (read %s)"),
    N_("No camera on this address: a browser lends its camera "
       "only to a secure page (https, or this machine's own "
       "127.0.0.1).  See docs/phones.md."),
    N_("The decoder did not start in this browser."),
    N_("Starting the decoder..."),
    N_("The camera was refused; allow it for this page in the "
       "browser's settings."),
    N_("No camera: %s"),
    N_("Badge %s: %s"),
    /* TRANSLATORS: a sponsor's booth page; %s is a badge's number. */
    N_("Badge %s"),
    N_("Badge %s at %s"),
    N_("Saved."),
    N_("The station did not answer; try again."),
    N_("The station cannot be reached; download again when it is "
       "back online."),
    /* TRANSLATORS: verdict words a booth's phone says when it decides
     * itself while the station cannot be reached. */
    N_("DENY (this phone)"),
    N_("refused"),
    N_("This code is not a conference badge; scan the attendee's "
       "badge."),
    N_("This badge is of a newer kind than this phone knows; it "
       "goes to the station when it answers."),
    N_("This badge code is damaged or incomplete; scan it again."),
    N_("This badge is for another event; ask for this event's "
       "badge."),
    N_("This badge was signed with a key this phone does not "
       "know, so it may be forged; no lead is kept."),
    N_("This badge's signature does not match, so it was altered "
       "or forged; no lead is kept."),
    N_("This is a tutorial ticket; scan the attendee's conference "
       "badge."),
    N_("This badge was replaced by a newer one (a reprint or a "
       "changed order); ask for the newest badge."),
    N_("ALREADY A LEAD"),
    N_("already a lead"),
    N_("Already a lead of %s; nothing new kept (decided on this "
       "phone)."),
    N_("LEAD KEPT"),
    N_("a lead kept"),
    N_("Lead kept (decided on this phone) for %s; it goes to the "
       "station when the station answers."),
    N_("This browser cannot check badges itself (%s); codes are "
       "kept and the station decides them when it answers."),
    N_("Light"),
    /* TRANSLATORS: a booth's page: its leads, a lead's note, rating
     * and tags (the four tags offered to tap). */
    N_("Leads"),
    N_("Your leads"),
    N_("Download CSV"),
    N_("Scan"),
    N_("Lead"),
    N_("Note"),
    N_("Rating"),
    N_("none"),
    N_("Tags"),
    N_("hiring"),
    N_("demo"),
    N_("follow-up"),
    N_("student"),
    N_("another tag"),
    N_("Add"),
    N_("Save"),
    N_("Close"),
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
    /* TRANSLATORS: the button that frees the host's own session. */
    N_("Release"),
    /* TRANSLATORS: a claim lost to an earlier claim of its slot (made
     * while the boards were cut off): its title, its host, its room and
     * slot, then the room and slot offered instead. */
    N_("\"%s\" by %s lost %s at %s to an earlier claim; the next free slot "
       "is %s at %s."),
    N_("\"%s\" by %s lost %s at %s to an earlier claim; no slot is free."),
    N_("The station did not answer; is it still running?"),
    /* TRANSLATORS: the auction's pay desk (issue 56): the form a volunteer
     * types each winning bid into as the auctioneer calls it. */
    N_("Winning bids"),
    N_("Lot"),
    N_("Paddle"),
    N_("Amount"),
    N_("Record the win"),
    N_("Wins recorded, newest first"),
    /* TRANSLATORS: the pay desk's button beside a win typed by mistake
     * (issue 56), and the panel that confirms it. */
    N_("Void…"),
    N_("Void lot %s"),
    /* TRANSLATORS: a lot, the paddle, the amount, the currency. */
    N_("Void lot %s's win by paddle %s for %s %s?"),
    /* TRANSLATORS: a win listed at the pay desk, voided. */
    N_("%s (void)"),
    N_("Reason"),
    /* TRANSLATORS: a box to tick: the winner's money for this lot was
     * given back at the pay desk. */
    N_("Given back"),
    N_("Void the win"),
    N_("Keep it"),
    /* TRANSLATORS: a win recorded: the lot, its title, the paddle, the
     * amount and the currency. */
    N_("Lot %s \"%s\": paddle %s, %s %s"),
};

/* The texts the page says with a count (issue 53): each pair as
 * ngettext takes it, the page picking its form by the catalogue's plural
 * rule (/api/messages's "plurals"). */
static const char *const PLURALS[][2] = {
    NN_("%s seat left", "%s seats left"),
    NN_("Your badge and tutorial ticket are printing...",
        "Your badge and tutorial tickets are printing..."),
    NN_("Hand over the badge and %s tutorial ticket",
        "Hand over the badge and %s tutorial tickets"),
    NN_("Not sent: %s code kept on this phone; it is sent when the "
        "station answers.",
        "Not sent: %s codes kept on this phone; they are sent when "
        "the station answers."),
    NN_("%s code read on this phone waits under the station's "
        "earlier address, %s, and cannot be sent from this one: "
        "each address keeps its own.  Have the station started "
        "again on port %s, then open %s on this phone; it is sent "
        "once.",
        "%s codes read on this phone wait under the station's "
        "earlier address, %s, and cannot be sent from this one: "
        "each address keeps its own.  Have the station started "
        "again on port %s, then open %s on this phone; they are "
        "sent once."),
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

/* Whether language `lang` ("ar", "fa_IR") is written right to left: the
 * page's dir (issue 53, item 4).  None of po/LINGUAS is yet; a community
 * translator's Arabic, Persian, Hebrew or Urdu would be. */
static bool right_to_left(const char *lang)
{
    static const char *const RTL[] = {"ar", "ckb", "dv", "fa", "he",
                                      "ps", "sd",  "ug", "ur", "yi"};
    size_t base = strcspn(lang, "_@.");
    for (size_t i = 0; i < sizeof(RTL) / sizeof(RTL[0]); i++)
        if (strlen(RTL[i]) == base && !strncmp(lang, RTL[i], base))
            return true;
    return false;
}

char *web_station_messages(const char *lang)
{
    return web_page_messages(TEXTS, sizeof(TEXTS) / sizeof(TEXTS[0]), PLURALS,
                             sizeof(PLURALS) / sizeof(PLURALS[0]), lang);
}

/* Counts 0 to 199 stand for every count: a plural rule reads n % 10,
 * n % 100, or n below a hundred or two, and the page takes
 * 100 + n % 100 for a count past 199. */
#define PLURAL_COUNTS 200

/* A counted text's forms in `lang` (NULL: the station's, gettext's):
 * {"forms": [each distinct form, by its first count], "at": a digit a
 * count, 0 to 199, its form's place}; NULL when the catalogue says it
 * as English does. */
static json_t *plural_json(const char *one, const char *many, const char *lang)
{
    const char *forms[10];
    size_t nforms = 0;
    char at[PLURAL_COUNTS + 1];
    bool english = true;
    for (unsigned long k = 0; k < PLURAL_COUNTS; k++) {
        const char *said = lang ? i18n_ngettext_in(lang, one, many, k)
                                : ngettext(one, many, k);
        english = english && !strcmp(said, k == 1 ? one : many);
        size_t f = 0;
        while (f < nforms && strcmp(forms[f], said))
            f++;
        if (f == nforms && nforms < sizeof(forms) / sizeof(forms[0]))
            forms[nforms++] = said;
        at[k] = (char)('0' + (f < nforms ? f : 0));
    }
    at[PLURAL_COUNTS] = '\0';
    if (english)
        return NULL;
    json_t *a = json_array();
    for (size_t f = 0; a && f < nforms; f++)
        json_array_append_new(a, json_string(forms[f]));
    return a ? json_pack("{s:o,s:s}", "forms", a, "at", at) : NULL;
}

/* The days' and months' abbreviations in `lang` (NULL: the station's),
 * from the catalogue as the terminal says them (common/i18n_time.c), and
 * the order of a day: {"weekdays": [Sunday first], "months": [January
 * first], "date": "%1$s %2$d %3$s"}. */
static json_t *day_names(const char *lang)
{
    json_t *w = json_array(), *m = json_array();
    for (int i = 0; w && i < 7; i++)
        json_array_append_new(w, json_string(i18n_weekday_name(lang, i)));
    for (int i = 0; m && i < 12; i++)
        json_array_append_new(m, json_string(i18n_month_name(lang, i)));
    return json_pack("{s:o*,s:o*,s:s}", "weekdays", w, "months", m, "date",
                     i18n_date_pattern(lang));
}

char *web_page_messages(const char *const *texts, size_t n,
                        const char *const (*plurals)[2], size_t np,
                        const char *lang)
{
    char want[16] = "";
    if (lang && !i18n_lang_for(lang, want, sizeof(want))[0])
        return NULL;
    json_t *m = json_object();
    for (size_t i = 0; m && i < n; i++) {
        const char *said = lang ? i18n_text_in(want, texts[i]) : _(texts[i]);
        if (said != texts[i] && strcmp(said, texts[i]))
            json_object_set_new(m, texts[i], json_string(said));
    }
    json_t *pl = json_object();
    for (size_t i = 0; pl && i < np; i++) {
        json_t *forms =
            plural_json(plurals[i][0], plurals[i][1], lang ? want : NULL);
        if (forms)
            json_object_set_new(pl, plurals[i][0], forms);
    }
    const char *now = lang ? want : checkin_lang();
    json_t *o = NULL;
    if (m && pl)
        o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "lang", now, "dir",
                      right_to_left(now) ? "rtl" : "ltr", "messages", m,
                      "plurals", pl, "langs", langs_json(), "days",
                      day_names(lang ? want : NULL));
    else {
        json_decref(m);
        json_decref(pl);
    }
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}
