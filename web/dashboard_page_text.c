/* The organizer's dashboard's words in the dashboard's language (issue
 * 53): the English texts its page shows (web/assets/dashboard.html,
 * dashboard.js), each marked for xgettext here, served by the
 * dashboard's /api/messages as the station's page's are
 * (station_page_text.c), in the language `checkin dashboard --lang`
 * speaks. */
#include <stddef.h>

#include "checkin/i18n.h"
#include "dashboard_page_text.h"
#include "station_page_text.h"

static const char *const TEXTS[] = {
    /* TRANSLATORS: the organizer's dashboard (issue 53), a page on a big
     * screen in the organizers' room: its title, headings, table heads. */
    N_("checkin dashboard"),
    /* TRANSLATORS: the headline: numbers, then the percentage ("42.0%"). */
    N_("%s checked in of %s paid (%s)"),
    N_("%s pending, %s cancelled or refunded, %s scans"),
    N_("Connecting…"),
    N_("Waiting at the registration desks"),
    N_("Desk"),
    N_("Decisions, last 15 min"),
    N_("Service time"),
    N_("Serves per hour"),
    /* TRANSLATORS: the desks' lines from the triage at the queue's
     * entrance (issue 55.4): a heading, table heads, then the split the
     * dashboard proposes ("Desk 2's line is 2.4x desk 1's: move M-N from
     * desk 2 to desk 1."): desks are [desks]'s names, M-N letters of the
     * alphabet. */
    N_("Lines at the desks, from the triage"),
    N_("Letters"),
    N_("In line"),
    N_("Sent, last hour"),
    N_("Wait (median)"),
    N_("No desk's line is twice another's."),
    N_("Desk %s's line is %sx desk %s's: move %s from desk %s to desk %s."),
    N_("Desk %s has %s in line and desk %s none: move %s from desk %s to "
       "desk %s."),
    /* TRANSLATORS: "6 wait at desk Speakers and 1 at desk 2: open a
     * second desk for desk Speakers's ticket types, and split them by
     * family name: A-K at desk Speakers, L-Z at the new desk."  The first
     * desk takes ticket types (issue 55); A-K and L-Z are letters of the
     * family name. */
    N_("%s wait at desk %s and %s at desk %s: open a second desk for desk "
       "%s's ticket types, and split them by family name: %s at desk %s, %s "
       "at the new desk."),
    N_("By ticket type"),
    N_("Checked in"),
    N_("Pending"),
    N_("Arrivals per 10 minutes, by desk"),
    N_("Arrivals per 10 minutes"),
    N_("Tutorial rooms now"),
    N_("Tutorial"),
    N_("Inside"),
    N_("Seats"),
    N_("Registered"),
    N_("Admitted"),
    N_("Check-in lists"),
    N_("List"),
    N_("Admitted or handed"),
    N_("Stock left"),
    N_("Lunch for the caterer"),
    N_("Diet"),
    N_("Projected"),
    N_("Seen so far"),
    N_("Took lunch"),
    N_("Earlier day"),
    N_("Projected then"),
    N_("Stations"),
    N_("Kind"),
    N_("Last scan"),
    N_("Scans"),
    N_("Admitted per hour"),
    N_("At the hub"),
    N_("State"),
    N_("Last synced"),
    N_("Not yet sent"),
    N_("Clock"),
    N_("Conflicts"),
    /* TRANSLATORS: the checkin version a station runs; "unknown" when it
     * has not told the hub (hub format 29). */
    N_("Version"),
    N_("unknown"),
    N_("Printer"),
    N_("Labels done"),
    N_("Waiting"),
    N_("Failed"),
    N_("Last failure"),
    N_("Anomalies"),
    N_("Leads per sponsor"),
    N_("Sponsor"),
    /* The sprints' people per project and day (issue 56 item 2). */
    N_("Sprints per project and day"),
    N_("Project"),
    N_("People"),
    /* Each open-space session's attendance (issue 56). */
    N_("Open spaces per session"),
    N_("Slot"),
    N_("Room"),
    N_("Title"),
    N_("Undo a check-in"),
    N_("Ticket"),
    N_("Why"),
    N_("Undo check-in"),
    N_("Latest check-ins"),
    N_("Time"),
    N_("Ticket type"),
    N_("Paid"),
    N_("Station"),
    N_("Leads"),
    N_("Name"),
    /* TRANSLATORS: a door holding seats of a room (issue 33): its
     * name, the seats it holds, then those used. */
    N_("%s holds %s (%s used, full)"),
    N_("%s holds %s (%s used)"),
    N_("%s free"),
    N_("%s over the capacity: each door gives back as its people "
       "leave and admits nobody meanwhile"),
    N_("%s seats"),
    N_("never"),
    N_("%s (just now)"),
    N_("%s (%s min ago)"),
    N_("(not heard for %s s)"),
    /* TRANSLATORS: a bar of the arrivals' chart: the desk, the number
     * of arrivals, the time. */
    N_("%s: %s at %s"),
    N_("No check-ins in these two hours."),
    N_("No desk has decided anything in the last 15 minutes"),
    N_("The desks are not keeping up: open another desk"),
    N_("Too few check-ins yet to estimate the wait"),
    /* TRANSLATORS: the wait at the desks; %s is "4 min". */
    N_("About %s in line"),
    /* TRANSLATORS: after "N people an hour at M open desks, "; the
     * second %s is a percentage ("75%"). */
    N_("which can serve %s an hour (%s busy)"),
    N_("%s paid registrations still to arrive."),
    N_("No projection yet: no earlier day has check-ins to learn "
       "the arrivals and the lunches taken from."),
    N_("No projection yet: on the earlier days nobody had arrived by %s."),
    N_("Seen so far: %s."),
    /* TRANSLATORS: the lunch's title, the day, the time, a number. */
    N_("%s on %s, projected at %s: %s lunches."),
    N_("Standard meal (%s or no answer)"),
    N_("Standard meal"),
    N_("Special meals seen so far (%s): %s"),
    N_("(over by %s)"),
    /* TRANSLATORS: a station's kind: a door or a sponsor's booth, then
     * what it checks (a tutorial's or list's name, the sponsor). */
    N_("door %s"),
    N_("leads %s"),
    N_("in time"),
    /* TRANSLATORS: a duration on the dashboard (the wait in line, a
     * desk's service time): seconds, minutes, hours ("2,5"). */
    N_("%s s"),
    N_("%s min"),
    N_("%s h"),
    /* TRANSLATORS: a station's clock ahead or behind ("+12 s off"). */
    N_("%s s off"),
    N_("retired"),
    N_("live"),
    N_("offline"),
    /* TRANSLATORS: the anomalies: a name, the order's code, a ticket's
     * number, then desks, times and states as the sentence says. */
    N_("%s (%s, ticket %s) was admitted at %s desks: %s."),
    N_("%s (%s, ticket %s) was admitted and is now %s."),
    N_("%s (%s, ticket %s) was checked in on a supervisor's "
       "override at %s, %s (order %s): %s"),
    N_("%s (ticket %s) is booked into two tutorials at one time: %s "
       "and %s, both at %s."),
    N_("More people are booked into two tutorials at one time (%s "
       "in all): checkin stats EVENT.db lists the first %s."),
    /* TRANSLATORS: an auction door's station name, then the paddle
     * numbers whose label did not print ("3, 4"); Ctrl-R is the key. */
    N_("%s: paddle labels not printed: %s; print them again at the door "
       "with Ctrl-R once its printer is ready."),
    N_("%s of %s pre-printed badges not collected yet: checkin "
       "report EVENT.db uncollected lists them by box."),
    N_("%s (ticket %s) was checked in at %s, %s, and has no printed "
       "badge (%s)."),
    N_("its badge job is %s"),
    N_("no badge job"),
    N_("%s more checked in without a printed badge: checkin "
       "attendees EVENT.db --no-badge lists them all."),
    N_("None."),
    /* TRANSLATORS: the dashboard's status; %s is the time ("09:12:30"). */
    N_("Live · updated %s"),
    N_("Last update failed: %s"),
    N_("Not connected to checkin; retrying…"),
    N_("Undoing…"),
    /* TRANSLATORS: "Live" is the status above ("Live · updated %s"). */
    N_("The dashboard could not be reached; nothing was undone. Try "
       "again when it says Live."),
};

/* The texts the page says with a count (issue 53): each pair as
 * ngettext takes it, the page picking its form by the catalogue's plural
 * rule (/api/messages's "plurals"). */
static const char *const PLURALS[][2] = {
    NN_("%s people an hour at %s open desk",
        "%s people an hour at %s open desks"),
    NN_("%s badge went to printers that cannot confirm printing; the "
        "desks see whether they came out (checkin attendees EVENT.db "
        "--no-badge lists them).",
        "%s badges went to printers that cannot confirm printing; "
        "the desks see whether they came out (checkin attendees "
        "EVENT.db --no-badge lists them)."),
};

char *web_dashboard_messages(void)
{
    return web_page_messages(TEXTS, sizeof(TEXTS) / sizeof(TEXTS[0]), PLURALS,
                             sizeof(PLURALS) / sizeof(PLURALS[0]), NULL);
}
