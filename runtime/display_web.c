/* See display_web.h. */
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/ack.h"
#include "checkin/display_web.h"
#include "checkin/expo.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/needs_text.h"
#include "checkin/station_sentence.h"
#include "display_web_auction.h"
#include "display_web_board.h"
#include "display_web_sprint.h"

struct web_display {
    display base;
    web_station *ws;
    bool kiosk;
    long gen;        /* of the search results last published */
    size_t nresults; /* how many they were */
    enum scan_direction direction;
    uint64_t ticket;     /* the phone's code being decided (0: none) */
    station *st;         /* the expo hall's, for its booths (NULL: none) */
    bool roll;           /* a desk with a printer: a new roll may be said */
    int64_t kiosk_asked; /* the kiosk's attendee asked to acknowledge */
};

/* The answer when memory ran out for the JSON: "Out of memory." in the
 * station's language, in `buf` (no translation holds a quote). */
static const char *out_of_memory(char *buf, size_t cap)
{
    snprintf(buf, cap, "{\"message\":\"%s\"}", _("Out of memory."));
    return buf;
}

/* Answer the phone whose code is being decided, once: with `what` under
 * `key` ("decision", "message"), or that the station saw it as the same
 * presentation again (no decision: the badge is still in view). */
static void answer(struct web_display *w, const char *key, json_t *what)
{
    if (!w->ticket) {
        json_decref(what);
        return;
    }
    json_t *o =
        what ? json_pack("{s:o}", key, what) : json_pack("{s:b}", "repeat", 1);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL, oom[200];
    web_station_answer(w->ws, w->ticket,
                       s ? s : out_of_memory(oom, sizeof(oom)));
    free(s);
    json_decref(o);
    w->ticket = 0;
}

static void publish(struct web_display *w, const char *event, json_t *o,
                    bool keep)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s)
        web_station_publish(w->ws, event, s, keep);
    free(s);
    json_decref(o);
}

/* Where a decision's labels are: "", "queued", "printed", "sent" or
 * "failed" (with print_error). */
static const char *print_state(const struct station_result *r)
{
    if (station_print_error(r)[0])
        return "failed";
    switch (r->print) {
    case STATION_PRINT_PRINTED:
        return "printed";
    case STATION_PRINT_SENT:
        return "sent";
    case STATION_PRINT_OWED:
    case STATION_PRINT_QUEUED:
        return "queued";
    case STATION_PRINT_NONE:
    case STATION_PRINT_FAILED:
        break;
    }
    return "";
}

static json_t *counters_json(const struct station_counters *c)
{
    json_t *o = json_pack(
        "{s:I,s:I,s:I,s:I,s:I,s:I}", "checked_in", (json_int_t)c->checked_in,
        "inside", (json_int_t)c->inside, "capacity", (json_int_t)c->capacity,
        "leads", (json_int_t)c->leads, "scans", (json_int_t)c->scans,
        "not_recorded", (json_int_t)c->not_recorded);
    /* A door holding a seat lease: its seats (docs/admission.md). */
    if (o && c->leased)
        json_object_set_new(o, "seats",
                            json_pack("{s:I,s:I}", "held",
                                      (json_int_t)c->seats_here, "taken",
                                      (json_int_t)c->seats_taken));
    return o;
}

/* Who allowed an override or an undo, whether the check-in shown may be
 * undone, and how many an undo took back (issue 30). */
static void supervisor_json(json_t *o, const struct station_result *r)
{
    json_object_set_new(o, "supervisor", json_string(r->supervisor));
    json_object_set_new(
        o, "undoable", json_boolean(r->undoable && station_result_recorded(r)));
    json_object_set_new(o, "undone", json_integer(r->undone));
}

/* The others of the person's order (issue 30.5): offered after a
 * check-in, or checked in together and left out after the confirm,
 * each with their tutorials. */
static void group_json(json_t *o, const struct station_result *r)
{
    json_t *g = json_array();
    for (size_t i = 0; g && r->personal && i < station_result_ngroup(r); i++) {
        const struct station_group_member *m = station_result_group(r, i);
        json_t *tuts = display_member_tutorials(r, m);
        json_t *one = json_pack(
            "{s:I,s:s,s:s,s:s,s:b,s:b,s:s,s:b,s:b,s:o,s:i}", "attendee_id",
            (json_int_t)m->attendee_id, "ticket_id", m->ticket_id, "name",
            station_group_name(r, m), "order_status", m->order_status,
            "admissible", m->admissible, "done", m->done, "why", m->why,
            "overridable", m->overridable, "overridden", m->overridden,
            "tutorials", tuts ? tuts : json_array(), "tutorials_more",
            (int)m->tutorials_more);
        /* The status as the page says it, in the station's language
         * ("order_status" stays the code). */
        if (one)
            json_object_set_new(
                one, "order_status_text",
                json_string(order_status_word(m->order_status)));
        json_array_append_new(g, one);
    }
    json_object_set_new(o, "group", g ? g : json_array());
    json_object_set_new(
        o, "group_offer",
        json_boolean(r->group_offer && station_result_recorded(r)));
    /* Issue 55: the pre-printed badge's box and number, and whether it is
     * still there to hand over (the page's one tap). */
    if (r->preprint_box[0]) {
        json_object_set_new(o, "preprint_box", json_string(r->preprint_box));
        json_object_set_new(o, "preprint_position",
                            json_integer(r->preprint_position));
        json_object_set_new(
            o, "preprint_offer",
            json_boolean(r->preprint_offer && station_result_recorded(r)));
    }
    char group[STATION_SENTENCE_CAP];
    json_object_set_new(
        o, "group_text",
        json_string(station_group_sentence(r, group, sizeof(group))));
}

/* A check-in list's part of a verdict (issue 29): the list, what to hand
 * over ("T-shirt: M") and the answers the list shows. */
static void list_json(json_t *o, const struct station_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && r->personal && i < station_result_nanswers(r); i++)
        json_array_append_new(
            a,
            json_pack("{s:s,s:s}", "question",
                      station_answer_question(r, station_result_answer(r, i)),
                      "answer",
                      station_answer_text(r, station_result_answer(r, i))));
    json_object_set_new(o, "list", json_string(r->list));
    char hand[STATION_HAND_CAP];
    json_object_set_new(
        o, "hand", json_string(station_result_hand(r, hand, sizeof(hand))));
    char left[STATION_STOCK_CAP];
    json_object_set_new(
        o, "stock_left",
        json_string(station_result_stock(r, left, sizeof(left))));
    json_object_set_new(o, "stock_warn", json_boolean(r->stock_warn));
    json_object_set_new(
        o, "swappable",
        json_boolean(r->swappable && station_result_recorded(r)));
    json_object_set_new(o, "answers", a ? a : json_array());
}

/* The tokens of the traits of the station's kind, which the page asks
 * instead of its mode: ["personal", "checks-in", ...]. */
static json_t *traits_json(const station *st)
{
    json_t *a = json_array();
    for (unsigned i = 0; a && i < STATION_NTRAITS; i++)
        if (station_has(st, (enum station_trait)(1u << i)))
            json_array_append_new(a, json_string(station_trait_token(
                                         (enum station_trait)(1u << i))));
    return a;
}

static json_t *result_traits(const struct station_result *r)
{
    json_t *a = json_array();
    for (unsigned i = 0; a && i < STATION_NTRAITS; i++)
        if (station_result_has(r, (enum station_trait)(1u << i)))
            json_array_append_new(a, json_string(station_trait_token(
                                         (enum station_trait)(1u << i))));
    return a;
}

static void attendee_json(json_t *o, const struct station_result *r);
/* The still-needs line (issue 55 item 2): "needs_text" in the station's
 * language, "" none. */
static void needs_web_json(json_t *o, const struct station_result *r)
{
    char line[NEEDS_LINE_CAP] = "";
    if (r->personal && station_result_nneeds(r))
        needs_line(station_result_needs(r), station_result_nneeds(r), false,
                   line, sizeof(line));
    json_object_set_new(o, "needs_text", json_string(line));
}

/* The triage (issue 55.4): its line as the verdict's large word, which
 * the station's page and a phone's /scan page show in place of ADMIT,
 * and the desk as [desks] names it. */
static void sorts_json(json_t *o, const char *said,
                       const struct station_result *r)
{
    if (station_result_has(r, STATION_TRAIT_PADDLES) && r->paddle > 0) {
        /* the auction (issue 56 item 3): the paddle, large */
        char big[64];
        snprintf(big, sizeof(big), _("Paddle %d"), r->paddle);
        json_object_set_new(o, "word", json_string(big));
        json_object_set_new(o, "paddle", json_integer(r->paddle));
    }
    if (!station_result_has(r, STATION_TRAIT_SORTS))
        return;
    if (r->decision != DECISION_DENY)
        json_object_set_new(o, "word", json_string(said));
    json_object_set_new(o, "desk", json_string(r->desk));
    json_object_set_new(o, "desk_letters", json_string(r->desk_letters));
}

static json_t *result_json(const struct station_result *r)
{
    char said[STATION_SENTENCE_CAP];
    json_t *tuts = json_array();
    for (size_t i = 0; tuts && i < station_result_ntutorials(r); i++) {
        const struct station_tutorial *t = station_result_tutorial(r, i);
        json_array_append_new(
            tuts, json_pack("{s:s,s:s,s:s,s:s}", "title",
                            station_tutorial_title(r, t), "room",
                            station_tutorial_room(r, t), "slot",
                            station_slot_shown(station_tutorial_slot(r, t)),
                            "clash", station_tutorial_clash(t)));
    }
    char earlier[STATION_SENTENCE_CAP], at[STATION_HM_CAP];
    station_result_hm(r, r->at_ms, at);
    json_t *o = json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:b,s:I,s:s,s:s,s:s,s:s,s:s,"
        "s:s,s:s,s:o,s:s,s:I,s:s,s:s,s:o}",
        "seq", (json_int_t)r->seq, "time", at, "mode", scan_mode_str(r->mode),
        "decision", scan_decision_str(r->decision), "direction",
        scan_direction_str(r->direction), "reason",
        station_reason_token(r->reason), "text",
        station_result_sentence(r, said, sizeof(said)), "recorded",
        station_result_recorded(r), "record_error", station_record_error(r),
        "personal", r->personal, "attendee_id",
        (json_int_t)(r->personal ? r->attendee_id : 0), "name",
        r->personal ? r->badge_name : "", "pronouns", r->pronouns,
        "ticket_type", r->ticket_type, "order_code", r->order_code,
        "order_status", r->order_status, "history",
        station_result_history(r, earlier, sizeof(earlier)), "tutorial",
        r->tutorial, "tutorials", tuts ? tuts : json_array(), "print",
        print_state(r), "lead_seq", (json_int_t)r->lead_seq, "print_error",
        station_print_error(r), "station", r->station ? r->station : "",
        "counters", counters_json(&r->counters));
    if (o) {
        json_object_set_new(o, "traits", result_traits(r));
        json_object_set_new(o, "order_status_text",
                            json_string(order_status_word(r->order_status)));
        /* Why it was not recorded, and why its labels did not print:
         * "record_error" and "print_error" the English, these in the
         * station's language, for the page to show. */
        char why[1024];
        json_object_set_new(o, "record_error_text",
                            json_string(ck_error_text(station_record_why(r),
                                                      why, sizeof(why))));
        json_object_set_new(
            o, "print_error_text",
            json_string(ck_error_text(station_print_why(r), why, sizeof(why))));
    }
    /* A phone's read kept and sent later: decided at "time" by the time
     * it was read, "read_time" (both on the station's clock). */
    if (o && r->decided_ms) {
        char decided[STATION_HM_CAP];
        json_object_set_new(
            o, "time",
            json_string(station_result_hm(r, r->decided_ms, decided)));
        json_object_set_new(o, "read_time", json_string(at));
    }
    /* What pretix says at the door (issue 49): the attention cue and
     * the seats ("" none). */
    if (o) {
        json_object_set_new(o, "attention",
                            json_boolean(station_result_attention(r)[0]));
        json_object_set_new(o, "attention_text",
                            json_string(station_result_attention(r)));
        json_object_set_new(o, "seat", json_string(station_result_seat(r)));
    }
    /* A refusal a supervisor may overrule, and an admission that was one. */
    if (o) {
        json_object_set_new(o, "overridable", json_boolean(r->overridable));
        /* pretix's questions asked during check-in (issue 49). */
        json_object_set_new(o, "questions", display_questions(r));
        /* The correction form starts from it (issue 30). */
        json_object_set_new(o, "given_name",
                            json_string(r->personal ? r->given_name : ""));
        /* Known only whole (issue 49): corrected as one field. */
        json_object_set_new(o, "name_whole",
                            json_boolean(r->personal && r->name_whole));
        json_object_set_new(o, "override", json_string(r->override));
        if (r->tutorials_more)
            json_object_set_new(o, "tutorials_more",
                                json_integer((json_int_t)r->tutorials_more));
        supervisor_json(o, r);
        list_json(o, r);
        group_json(o, r);
        attendee_json(o, r);
        needs_web_json(o, r);
        sorts_json(o, said, r);
    }
    return o;
}

char *display_web_result_json(const struct station_result *r)
{
    json_t *o = result_json(r);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

/* ---- the kiosk: what the attendee may see of their own check-in ---- */

/* TRANSLATORS: the self check-in kiosk; %s is the box's label ("L-M")
 * where the attendee's pre-printed badge waits. */
#define KIOSK_BOX N_("Your badge is ready at the desk: box %s.")

/* TRANSLATORS: the kiosk and a phone's page, above an acknowledgement's
 * title and text (the event's "Code of Conduct") and its two buttons. */
#define ASKS_ACK                                                               \
    N_("Before you are checked in, please read this and tell us whether you "  \
       "accept it.")

/* Whether each question `r` asks is an acknowledgement (issue 55): the
 * kiosk asks the attendee those itself, and sends them to the desk for
 * pretix's questions, which a volunteer asks. */
static bool kiosk_asks(const struct station_result *r)
{
    size_t n = station_result_nquestions(r);
    for (size_t i = 0; i < n; i++)
        if (station_result_question(r, i)->type != 'A')
            return false;
    return n && r->reason == STATION_REASON_QUESTION &&
           station_result_recorded(r);
}

/* One sentence for the attendee, by the desk's reason: the English, the
 * catalogue's message (said in the attendee's language by the caller).
 * A first check-in whose badge waits pre-printed in a box (issue 55) is
 * sent to the desk with the box: then the message has one %s, the box,
 * and `*box` points at it (else ""). */
static const char *kiosk_sentence(const struct station_result *r,
                                  const char **box)
{
    static const struct {
        enum station_reason reason;
        const char *sentence;
    } SAY[] = {
        {STATION_REASON_CHECKED_IN, N_("You are checked in.")},
        {STATION_REASON_SEE_HELP_DESK, N_("Please see the help desk.")},
        {STATION_REASON_QUESTION,
         N_("A volunteer has a question for you before you are checked in. "
            "Please go to the registration desk.")},
        {STATION_REASON_DECLINED,
         N_("You declined, so you are not checked in. Please go to the "
            "registration desk to talk it over.")},
        {STATION_REASON_ALREADY_CHECKED_IN,
         N_("You are already checked in. If you need your badge again, the "
            "registration desk can reprint it.")},
        {STATION_REASON_UNPAID, N_("Your order is not paid yet. Please go to "
                                   "the registration desk.")},
        {STATION_REASON_CANCELLED, N_("This order was cancelled. Please go to "
                                      "the registration desk.")},
        {STATION_REASON_REVOKED,
         N_("This code was replaced by a newer one. Show your newest "
            "confirmation, or go to the registration desk.")},
    };
    if (!station_result_recorded(r))
        return N_("Something went wrong here. Please go to the registration "
                  "desk.");
    if (r->reason == STATION_REASON_CHECKED_IN && r->preprint_box[0] &&
        r->preprint_offer) {
        *box = r->preprint_box;
        return KIOSK_BOX;
    }
    if (kiosk_asks(r))
        return ASKS_ACK;
    if (r->reason == STATION_REASON_REVOKED && r->addon_cancelled)
        return N_("This tutorial add-on was cancelled. Scan your conference "
                  "ticket instead, or go to the registration desk.");
    for (size_t i = 0; i < sizeof(SAY) / sizeof(SAY[0]); i++)
        if (r->reason == SAY[i].reason)
            return SAY[i].sentence;
    return N_("We could not check you in here. Please go to the registration "
              "desk.");
}

/* The first name only (the badge name's first word when there is no
 * given name), never the family name, the order or the email. */
static void first_name(const struct station_result *r, char *out, size_t cap)
{
    const char *n = r->given_name[0] ? r->given_name : r->badge_name;
    snprintf(out, cap, "%.*s", (int)strcspn(n, " "), n);
}

/* `msgid` in the attendee's language `lang` (issue 53, item 3), else
 * ("") in the station's. */
__attribute__((format_arg(2))) static const char *said_in(const char *lang,
                                                          const char *msgid)
{
    return lang[0] ? i18n_text_in(lang, msgid) : _(msgid);
}

static const char ATTENTION[] =
    N_("ATTENTION: please wait here and show your ticket to a volunteer "
       "before you go in.");

/* The attendee's own still-needs items, what is still to be done (issue
 * 55 item 2): each as its English format and arguments, for the page to
 * say in the language shown ("T-shirt M: at the swag table"). */
static json_t *kiosk_needs(const struct station_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && r->personal && i < station_result_nneeds(r); i++) {
        if (!needs_open(&station_result_needs(r)[i]))
            continue;
        struct needs_say s;
        needs_item_say(&station_result_needs(r)[i], &s);
        json_t *args = json_array();
        for (int k = 0; args && k < s.nargs; k++)
            json_array_append_new(args, json_string(s.args[k]));
        json_array_append_new(
            a, json_pack("{s:s,s:o*}", "say", s.fmt, "args", args));
    }
    return a;
}

/* An acknowledgement's `words` for the kiosk (issue 55): for each
 * language the kiosk speaks that the event words it in, its title and
 * text, {"de": {"title", "text"}}, keyed as the kiosk names languages
 * ("pt_BR"); NULL for none.  The page shows the one of the language it
 * speaks, the station's words otherwise. */
static json_t *ack_words_json(const char *words)
{
    if (!words[0])
        return NULL;
    json_t *by = json_object();
    char langs[16][16];
    size_t n = i18n_langs(langs, 16);
    for (size_t i = 0; by && i < n; i++) {
        char title[128], text[256];
        if (ack_words_for(words, langs[i], title, sizeof(title), text,
                          sizeof(text)))
            json_object_set_new(
                by, langs[i],
                json_pack("{s:s,s:s}", "title", title, "text", text));
    }
    return by;
}

/* What the attendee reads, in their order's language when checkin
 * speaks it ("lang"), else in the station's ("lang" ""); "say" is the
 * sentence's English, for the page to say it again in the language the
 * attendee picks.  The volunteer's screens keep the station's. */
static json_t *kiosk_json(const struct station_result *r)
{
    bool welcome = r->decision == DECISION_ADMIT && station_result_recorded(r);
    char name[sizeof(r->given_name)];
    first_name(r, name, sizeof(name));
    char lang[16];
    i18n_lang_for(r->personal ? r->locale : "", lang, sizeof(lang));
    /* A ticket that asks for attention (issue 49): the attendee waits
     * for a volunteer; the reason is the organizer's, never shown here. */
    bool attention = welcome && station_result_attention(r)[0];
    const char *box = "";
    const char *say = kiosk_sentence(r, &box);
    char text[STATION_SENTENCE_CAP];
    if (box[0])
        snprintf(text, sizeof(text), said_in(lang, KIOSK_BOX), box);
    else
        snprintf(text, sizeof(text), "%s", said_in(lang, say));
    /* The acknowledgements the attendee is asked, as the event words
     * them (issue 55). */
    json_t *acks = json_array();
    for (size_t i = 0;
         acks && kiosk_asks(r) && i < station_result_nquestions(r); i++) {
        const struct station_question *q = station_result_question(r, i);
        json_array_append_new(
            acks,
            json_pack("{s:s,s:s,s:s,s:o*}", "id", station_question_ident(r, q),
                      "title", station_question_title(r, q), "text",
                      station_question_text(r, q), "words",
                      ack_words_json(station_question_words(r, q))));
    }
    return json_pack(
        "{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:b,s:s,s:o*,s:o*}", "seq",
        (json_int_t)r->seq, "decision", scan_decision_str(r->decision), "name",
        welcome ? name : "", "lang", lang, "say", say, "say_box", box, "text",
        text, "print", print_state(r), "tickets",
        (json_int_t)(welcome ? station_result_ntutorials(r) + r->tutorials_more
                             : 0),
        "attention", attention, "attention_text",
        attention ? said_in(lang, ATTENTION) : "", "needs", kiosk_needs(r),
        "acks", acks);
}

/* The part of a verdict a phone at a door shows the person in front of
 * it (issue 53, item 3), as the kiosk says it: "lang" their order's
 * language when checkin speaks it ("" unknown), "say" the sentence's
 * English (and "say_box" its %s), "attendee_text" the sentence in
 * "lang" ("" when "lang" is).  The rest of the verdict stays in the
 * station's language, the volunteer's. */
/* The person's sentence on a phone: the kiosk's for a desk's reasons,
 * else (a door, a counter) one by the verdict's kind. */
static const char *phone_sentence(const struct station_result *r,
                                  const char **box)
{
    switch (r->reason) {
    case STATION_REASON_CHECKED_IN:
    case STATION_REASON_SEE_HELP_DESK:
    case STATION_REASON_QUESTION:
    case STATION_REASON_DECLINED:
    case STATION_REASON_ALREADY_CHECKED_IN:
    case STATION_REASON_UNPAID:
    case STATION_REASON_CANCELLED:
    case STATION_REASON_REVOKED:
        return kiosk_sentence(r, box);
    default:
        break;
    }
    if (!station_result_recorded(r))
        return kiosk_sentence(r, box);
    /* TRANSLATORS: said to the person at a door's phone, in their own
     * language, under the volunteer's verdict (issue 53). */
    if (r->decision == DECISION_ADMIT && r->direction == DIRECTION_OUT)
        return N_("Goodbye!");
    if (r->decision == DECISION_ADMIT)
        return N_("Welcome! Please go in.");
    if (r->decision == DECISION_WARN)
        return N_("Please wait: the volunteer will help you.");
    return N_("Sorry, you cannot go in here. The volunteer will tell you "
              "why.");
}

/* The acknowledgements verdict `r` asks (issue 55), as the person in
 * front of a phone reads them, the kiosk's way: each title and text in
 * `lang` (their order's language) when the event words it so ("lang"
 * then `lang`), else as the station's volunteer reads it ("lang" ""); the
 * sentence above them and the two buttons said in `lang`. */
static void attendee_acks_json(json_t *o, const struct station_result *r,
                               const char *lang)
{
    json_t *a = json_array();
    bool asks =
        r->reason == STATION_REASON_QUESTION && station_result_recorded(r);
    for (size_t i = 0; a && asks && i < station_result_nquestions(r); i++) {
        const struct station_question *q = station_result_question(r, i);
        char title[128], text[256];
        if (q->type != 'A')
            continue;
        bool own =
            lang[0] && ack_words_for(station_question_words(r, q), lang, title,
                                     sizeof(title), text, sizeof(text));
        json_array_append_new(
            a,
            json_pack("{s:s,s:s,s:s,s:s}", "id", station_question_ident(r, q),
                      "title", own ? title : station_question_title(r, q),
                      "text", own ? text : station_question_text(r, q), "lang",
                      own ? lang : ""));
    }
    if (a && json_array_size(a))
        json_object_set_new(o, "ack_said",
                            json_pack("{s:s,s:s,s:s,s:s}", "lang", lang, "lead",
                                      said_in(lang, ASKS_ACK), "yes",
                                      said_in(lang, N_("I have read it")), "no",
                                      said_in(lang, N_("I decline"))));
    json_object_set_new(o, "acks", a ? a : json_array());
}

static void attendee_json(json_t *o, const struct station_result *r)
{
    char lang[16];
    i18n_lang_for(r->personal ? r->locale : "", lang, sizeof(lang));
    const char *box = "";
    const char *say = phone_sentence(r, &box);
    char text[STATION_SENTENCE_CAP] = "";
    if (lang[0] && box[0])
        snprintf(text, sizeof(text), said_in(lang, KIOSK_BOX), box);
    else if (lang[0])
        snprintf(text, sizeof(text), "%s", said_in(lang, say));
    json_object_set_new(o, "lang", json_string(lang));
    json_object_set_new(o, "say", json_string(say));
    json_object_set_new(o, "say_box", json_string(box));
    json_object_set_new(o, "attendee_text", json_string(text));
    attendee_acks_json(o, r, lang);
}

/* Whether `form`, a kiosk's answers, answers acknowledgements only
 * ("ack:SLUG"), and the kiosk asked someone: then they are that person's,
 * once. */
static bool kiosk_answers(struct web_display *w, const char *form)
{
    json_t *o = json_loads(form, 0, NULL);
    bool ours = w->kiosk_asked && json_object_size(o) > 0;
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (strncmp(k, "ack:", 4))
            ours = false;
    }
    json_decref(o);
    return ours;
}

static void w_show(display *d, const struct station_result *r)
{
    struct web_display *w = (struct web_display *)d;
    if (w->ticket && !w->kiosk)
        answer(w, "decision", result_json(r));
    if (w->kiosk)
        w->kiosk_asked = kiosk_asks(r) ? r->attendee_id : 0;
    publish(w, "decision", w->kiosk ? kiosk_json(r) : result_json(r), true);
}

static void w_printed(display *d, const struct station_result *r)
{
    struct web_display *w = (struct web_display *)d;
    char labels[STATION_STOCK_CAP], why[STATION_TEXT_CAP];
    station_labels_sentence(&r->labels, labels, sizeof(labels));
    publish(
        w, "print",
        json_pack("{s:I,s:s,s:s,s:s,s:s}", "seq", (json_int_t)r->seq, "print",
                  print_state(r), "print_error",
                  w->kiosk ? "" : station_print_error(r), "print_error_text",
                  w->kiosk
                      ? ""
                      : ck_error_text(station_print_why(r), why, sizeof(why)),
                  "stock", w->kiosk ? "" : labels),
        true);
}

/* What the desk's walk-in and correction forms need (issue 30): the
 * event's ticket types, and whether a supervisor's PIN is asked; with
 * `tutorials`, the event's tutorials with their seats left as they are
 * now (read when the walk-in's form opens, not at every verdict). */
static void desk_form_fields(json_t *o, station *st, bool tutorials)
{
    struct registration_ticket_type types[32];
    size_t n = 0;
    struct ck_error ignored = {0};
    if (station_ticket_types(st, types, sizeof(types) / sizeof(types[0]), &n,
                             &ignored))
        n = 0;
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "slug", types[i].slug,
                                           "label", types[i].label));
    if (a)
        json_object_set_new(o, "ticket_types", a);
    json_object_set_new(o, "supervised", json_boolean(station_supervised(st)));
    if (!tutorials)
        return;
    struct station_walkin_tutorial tuts[ATTENDEE_MAX_TUTORIALS * 2];
    if (station_walkin_tutorials(st, tuts, sizeof(tuts) / sizeof(tuts[0]), &n,
                                 &ignored))
        n = 0;
    a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s}", "slug", tuts[i].slug,
                         "title", tuts[i].title, "room", tuts[i].room, "slot",
                         station_slot_shown(tuts[i].slot), "seats_left",
                         (json_int_t)tuts[i].seats_left, "closed",
                         tuts[i].closed));
    if (a)
        json_object_set_new(o, "tutorials", a);
}

static void w_status(display *d, const station *st)
{
    struct web_display *w = (struct web_display *)d;
    w->direction = station_direction(st);
    if (w->kiosk)
        return;
    struct station_counters c = station_counters(st);
    json_t *o = json_pack(
        "{s:s,s:s,s:s,s:s,s:o}", "station", station_name(st), "title",
        station_title(st), "mode", scan_mode_str(station_mode(st)), "direction",
        scan_direction_str(w->direction), "counters", counters_json(&c));
    if (o)
        json_object_set_new(o, "traits", traits_json(st));
    if (o && station_has(st, STATION_TRAIT_WALKINS))
        desk_form_fields(o, (station *)st, false);
    if (o && station_has(st, STATION_TRAIT_PRINTS))
        json_object_set_new(o, "roll", json_boolean(w->roll));
    if (o && station_has(st, STATION_TRAIT_PROJECTS))
        json_object_set_new(o, "projects", display_sprint_projects(st));
    publish(w, "status", o, false);
}

/* The email's domain: enough to tell two people apart, not their
 * address. */
static const char *domain(const char *email)
{
    const char *at = strrchr(email, '@');
    return at ? at + 1 : "";
}

static void w_results(display *d, const struct attendee_list *l)
{
    struct web_display *w = (struct web_display *)d;
    if (w->kiosk)
        return;
    json_t *items = json_array();
    for (size_t i = 0; items && l && i < l->n; i++) {
        const struct attendee *a = &l->items[i];
        const char *st = order_status_str(a->status);
        json_array_append_new(
            items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "name",
                             a->badge_name, "company", a->company, "domain",
                             domain(a->email), "order_code", a->order_code,
                             "ticket_type", a->ticket_type_label, "status", st,
                             "status_text", order_status_word(st), "checked_in",
                             a->checkin_ms != 0));
    }
    w->gen++;
    w->nresults = l ? l->n : 0;
    publish(w, "results",
            json_pack("{s:I,s:o,s:I}", "gen", (json_int_t)w->gen, "items",
                      items ? items : json_array(), "total",
                      (json_int_t)(l ? l->total : 0)),
            false);
}

static void w_message(display *d, const char *text)
{
    struct web_display *w = (struct web_display *)d;
    if (w->ticket)
        answer(w, "message", json_string(text));
    if (!w->kiosk) /* staff's sentences, not the attendee's */
        publish(w, "message", json_pack("{s:s}", "text", text), true);
}

static void w_link(display *d, const struct display_link *l)
{
    if (((struct web_display *)d)->kiosk)
        return;
    char text[1400];
    display_link_text(l, text, sizeof(text));
    publish((struct web_display *)d, "link",
            json_pack("{s:b,s:s}", "online", l->online, "text", text), false);
}

/* The PIN typed with a supervisor's action, moved into `ev` (issue 30). */
static void take_pin(struct display_event *ev, struct web_station_input *in)
{
    if (ev->kind == DISPLAY_OVERRIDE || ev->kind == DISPLAY_REPRINT ||
        ev->kind == DISPLAY_UNDO || ev->kind == DISPLAY_REGISTER ||
        ev->kind == DISPLAY_EDIT || ev->kind == DISPLAY_GROUP_OVERRIDE)
        snprintf(ev->pin, sizeof(ev->pin), "%s", in->pin);
    sodium_memzero(in->pin, sizeof(in->pin));
}

/* ---- a sponsor's booth at the expo hall (issue 31) ---- */

static void answer_json(struct web_display *w, uint64_t ticket, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL, oom[200];
    web_station_answer(w->ws, ticket, s ? s : out_of_memory(oom, sizeof(oom)));
    free(s);
    json_decref(o);
}

/* The tags kept one a line, as a JSON array. */
static json_t *tags_json(const char *tags)
{
    json_t *a = json_array();
    for (const char *p = tags; a && *p;) {
        size_t n = strcspn(p, "\n");
        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == '\n');
    }
    return a;
}

static int lead_json(void *ctx, const struct journal_booth_lead *l)
{
    json_array_append_new(
        ctx, json_pack("{s:I,s:I,s:s,s:s,s:s,s:i,s:o}", "id",
                       (json_int_t)l->seq, "at_ms", (json_int_t)l->at_ms, "at",
                       l->at, "badge_id", l->badge_id, "note", l->note,
                       "rating", l->rating, "tags", tags_json(l->tags)));
    return CK_OK;
}

static int lead_csv(void *ctx, const struct journal_booth_lead *l)
{
    FILE *f = ctx;
    char rating[8] = "";
    if (l->rating)
        snprintf(rating, sizeof(rating), "%d", l->rating);
    /* Tags in one cell, separated by "; " as the notes of a lead are in
     * 'checkin export leads'. */
    char tags[sizeof(l->tags) * 2];
    size_t used = 0;
    for (const char *p = l->tags; *p && used + 3 < sizeof(tags); p++) {
        if (*p == '\n') {
            tags[used++] = ';';
            tags[used++] = ' ';
        } else {
            tags[used++] = *p;
        }
    }
    tags[used] = '\0';
    const char *cell[] = {l->at, l->badge_id, l->note, rating, tags};
    for (size_t i = 0; i < sizeof(cell) / sizeof(cell[0]); i++) {
        if (i)
            fputc(',', f);
        export_csv_cell(f, cell[i]);
    }
    fputs("\r\n", f);
    return CK_OK;
}

/* What the booth's phone decides leads with while the station cannot
 * be reached (docs/phones.md, "A booth's phone decides by itself"): public
 * keys and revocation hashes in hex, and the sponsor's name; NULL with
 * the sentence in *e. */
static json_t *kit_json(station *st, const char *booth, struct ck_error *e)
{
    struct expo_phone_kit kit;
    if (station_expo_kit(st, booth, &kit, e))
        return NULL;
    json_t *keys = json_array(), *revoked = json_array();
    char hex[2 * BADGE_PUBLIC_KEY_BYTES + 1], tag[8];
    for (size_t i = 0; keys && i < kit.nkeys; i++) {
        sodium_bin2hex(hex, sizeof(hex), kit.keys[i].public_key,
                       BADGE_PUBLIC_KEY_BYTES);
        json_array_append_new(keys,
                              json_pack("{s:i,s:s}", "id", kit.keys[i].key_id,
                                        "public_key", hex));
    }
    for (size_t i = 0; revoked && i < kit.nrevoked; i++) {
        sodium_bin2hex(hex, sizeof(hex), kit.revoked[i],
                       BADGE_REVOCATION_HASH_BYTES);
        json_array_append_new(revoked, json_string(hex));
    }
    snprintf(tag, sizeof(tag), "%04x", kit.event_tag);
    json_t *o = NULL;
    if (keys && revoked) /* json_pack takes both, also when it fails */
        o = json_pack("{s:s,s:s,s:o,s:o}", "event_tag", tag, "sponsor",
                      kit.sponsor_name, "keys", keys, "revoked", revoked);
    else {
        json_decref(keys);
        json_decref(revoked);
    }
    if (!o)
        ck_fail(e, CK_ENOMEM, "Out of memory.");
    expo_phone_kit_free(&kit);
    return o;
}

/* A project lead's link (docs/sprints.md): only a sprint station serves
 * one (station_runtime.c).  The links are read again first, so that one
 * printed since counts and one revoked since is refused at once. */
static void lead_answer(struct web_display *w,
                        const struct web_station_input *in)
{
    struct ck_error e = {0};
    char said[2 * sizeof(e.msg)];
    bool current = false;
    json_t *o = NULL;
    if (!w->st || !station_has(w->st, STATION_TRAIT_PROJECTS))
        o = NULL;
    else if (display_sprint_serve_links(w->st, w->ws, in->booth, in->text,
                                        &current, &e))
        o = json_pack("{s:s}", "message",
                      ck_error_text(&e, said, sizeof(said)));
    else if (in->booth_ask == WEB_SPRINT_LINKS)
        o = json_object();
    else if (!current)
        o = json_pack("{s:b}", "refused", 1);
    else
        o = display_sprint_lead(w->st, in->booth,
                                in->booth_ask == WEB_SPRINT_CSV);
    answer_json(w, in->ticket, o);
}

/* What a booth asked, other than deciding a code, answered here on the
 * loop's thread: its leads, a lead's note, rating and tags, its CSV.
 * Only ever for the sponsor its token belongs to (in->booth). */
static void booth_answer(struct web_display *w, struct web_station_input *in)
{
    struct ck_error e = {0};
    int code = CK_OK;
    json_t *o = NULL;
    if (in->booth_ask == WEB_SPRINT_PAGE || in->booth_ask == WEB_SPRINT_CSV ||
        in->booth_ask == WEB_SPRINT_LINKS) {
        lead_answer(w, in);
        return;
    }
    if (!w->st || !station_has(w->st, STATION_TRAIT_BOOTHS)) {
        code =
            ck_fail(&e, CK_EINVAL, "This station serves no sponsors' booths.");
    } else if (in->booth_ask == WEB_BOOTH_LEADS) {
        json_t *arr = json_array();
        code = arr ? station_expo_leads(w->st, in->booth, lead_json, arr, &e)
                   : ck_fail(&e, CK_ENOMEM, "Out of memory.");
        o = code ? NULL : json_pack("{s:o}", "leads", arr);
        if (code)
            json_decref(arr);
    } else if (in->booth_ask == WEB_BOOTH_KEYS) {
        o = kit_json(w->st, in->booth, &e);
        code = o ? CK_OK : CK_EINVAL;
    } else if (in->booth_ask == WEB_BOOTH_EDIT) {
        const char *tags[WEB_BOOTH_TAGS];
        for (size_t i = 0; i < in->ntags && i < WEB_BOOTH_TAGS; i++)
            tags[i] = in->tags[i];
        code = station_expo_edit(w->st, in->booth, in->id, in->text,
                                 (int)in->number, tags, in->ntags, &e);
        o = code ? NULL : json_pack("{s:b}", "saved", 1);
    } else {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) {
            code = ck_fail(&e, CK_ENOMEM, "Out of memory.");
        } else {
            fputs("at,badge_id,note,rating,tags\r\n", f);
            code = station_expo_leads(w->st, in->booth, lead_csv, f, &e);
            fclose(f);
            o = code ? NULL : json_pack("{s:s%}", "csv", buf, len);
        }
        free(buf);
    }
    char said[2 * sizeof(e.msg)];
    if (code)
        o = json_pack("{s:s}", "message",
                      ck_error_text(&e, said, sizeof(said)));
    answer_json(w, in->ticket, o);
}

/* The walk-in's form opening on a page (issue 30): its fields as the
 * station reads them now, so that a tutorial filled or added since the
 * page loaded shows as it is. */
static void walkin_answer(struct web_display *w,
                          const struct web_station_input *in)
{
    json_t *o = NULL;
    if (!w->kiosk && w->st && station_has(w->st, STATION_TRAIT_WALKINS)) {
        o = json_object();
        if (o)
            desk_form_fields(o, w->st, true);
    } else {
        o = json_pack("{s:s}", "message",
                      _("Only a desk's screen registers walk-ins."));
    }
    answer_json(w, in->ticket, o);
}

/* The open spaces' board as it is now, or a claim typed on it (issue
 * 56), at a board's screen only. */
static void board_answer(struct web_display *w,
                         const struct web_station_input *in)
{
    json_t *o = NULL;
    if (w->kiosk || !w->st || !station_has(w->st, STATION_TRAIT_BOARD)) {
        o = json_pack("{s:s}", "message",
                      _("Only the open spaces' board takes claims."));
    } else {
        int64_t now = station_clock(w->st, station_source_now(w->st));
        o = in->kind == WEB_INPUT_CLAIM
                ? display_board_claim(w->st, in->form, now)
                : display_board_json(w->st, now);
    }
    answer_json(w, in->ticket, o);
}

/* A lot's win typed at the auction's pay desk (issue 56 item 3), at its
 * screen only. */
static void win_answer(struct web_display *w,
                       const struct web_station_input *in)
{
    json_t *o = NULL;
    if (w->kiosk || !w->st || !station_has(w->st, STATION_TRAIT_WINS))
        o = json_pack("{s:s}", "message",
                      _("Only the auction's pay desk records wins."));
    else
        o = display_auction_win(
            w->st, in->form, station_clock(w->st, station_source_now(w->st)));
    answer_json(w, in->ticket, o);
}

/* What a page asks that is answered here, not by the loop: a booth's
 * request, the walk-in's form, the board, a claim at it and a win. */
static bool answered_here(struct web_display *w, struct web_station_input *in)
{
    if (in->booth_ask != WEB_BOOTH_NONE && in->booth_ask != WEB_BOOTH_SCAN)
        booth_answer(w, in);
    else if (in->kind == WEB_INPUT_WALKIN)
        walkin_answer(w, in);
    else if (in->kind == WEB_INPUT_BOARD || in->kind == WEB_INPUT_CLAIM)
        board_answer(w, in);
    else if (in->kind == WEB_INPUT_WIN)
        win_answer(w, in);
    else
        return false;
    return true;
}

void display_web_set_station(display *d, station *st)
{
    ((struct web_display *)d)->st = st;
}

void display_web_set_roll(display *d, bool roll)
{
    ((struct web_display *)d)->roll = roll;
}

/* What the new roll's form says to a count that is not one. */
static const char ROLL_ASK[] =
    N_("Type how many labels the new roll holds (such as 300), or leave it "
       "empty for as many as the last.");

/* What only a desk's screen asks (a kiosk's never does, whatever
 * reaches the server): an override, an undo, a counter's swap, a group,
 * a walk-in or a correction, a new roll; as an event in *ev, or a
 * message when it cannot be one. */
static void desk_event(display *d, const struct web_station_input *in,
                       struct display_event *ev)
{
    switch (in->kind) {
    case WEB_INPUT_OVERRIDE:
        ev->kind = DISPLAY_OVERRIDE;
        ev->id = in->id;
        break;
    case WEB_INPUT_UNDO:
        ev->kind = DISPLAY_UNDO;
        ev->id = in->id;
        break;
    case WEB_INPUT_SWAP:
        ev->kind = DISPLAY_SWAP;
        snprintf(ev->text, sizeof(ev->text), "%s", in->text);
        break;
    case WEB_INPUT_GROUP:
        /* "number":1: those left out too, on a supervisor's override
         * ("text" the reason, "pin"). */
        ev->kind = in->number == 1 ? DISPLAY_GROUP_OVERRIDE : DISPLAY_GROUP;
        ev->id = in->id;
        break;
    case WEB_INPUT_REGISTER:
    case WEB_INPUT_EDIT:
        ev->kind =
            in->kind == WEB_INPUT_REGISTER ? DISPLAY_REGISTER : DISPLAY_EDIT;
        ev->id = in->id;
        snprintf(ev->form, sizeof(ev->form), "%s", in->form);
        break;
    case WEB_INPUT_ROLL:
        /* As the terminal's Ctrl-L: the count, or 0 for as many as the
         * last; the print worker says what it makes of it. */
        if (in->number < 0) {
            w_message(d, _(ROLL_ASK));
            break;
        }
        ev->kind = DISPLAY_ROLL;
        ev->number = in->number > INT_MAX ? INT_MAX : (int)in->number;
        ev->text[0] = '\0';
        break;
    default:
        break;
    }
}

static int w_poll(display *d, int timeout_ms, struct display_event *ev)
{
    struct web_display *w = (struct web_display *)d;
    struct web_station_input in;
    ev->kind = DISPLAY_NONE;
    /* The loop asks for the next event only once it has done with the
     * last: a phone's code that was neither shown nor refused with a
     * sentence was the same presentation again. */
    answer(w, NULL, NULL);
    if (!web_station_input(w->ws, timeout_ms, &in))
        return CK_OK;
    if (answered_here(w, &in))
        return CK_OK;
    /* A booth's code goes to the loop with its sponsor, and is answered
     * as a phone's code is. */
    if (in.booth_ask == WEB_BOOTH_SCAN)
        snprintf(ev->booth, sizeof(ev->booth), "%s", in.booth);
    w->ticket = in.ticket;
    snprintf(ev->text, sizeof(ev->text), "%s", in.text);
    switch (in.kind) {
    case WEB_INPUT_OVERRIDE:
    case WEB_INPUT_UNDO:
    case WEB_INPUT_SWAP:
    case WEB_INPUT_GROUP:
    case WEB_INPUT_REGISTER:
    case WEB_INPUT_EDIT:
    case WEB_INPUT_ROLL:
        /* The server takes only codes from a kiosk; an attendee's screen
         * never overrules the desk, whatever reaches it. */
        if (!w->kiosk)
            desk_event(d, &in, ev);
        break;
    case WEB_INPUT_CODE:
        ev->kind = DISPLAY_CODE;
        ev->read_age_ms = in.read_age_ms;
        snprintf(ev->read_id, sizeof(ev->read_id), "%s", in.read_id);
        break;
    case WEB_INPUT_SEARCH:
        ev->kind = DISPLAY_SEARCH;
        break;
    case WEB_INPUT_PICK:
        /* Only from the list on the screen now: a page showing an older
         * list must not check in whoever is at that place in a new one. */
        if (in.gen != w->gen || in.number < 0 ||
            (size_t)in.number >= w->nresults) {
            w_message(d, _("The list changed; choose the person again."));
            break;
        }
        ev->kind = DISPLAY_PICK;
        ev->number = (int)in.number;
        break;
    case WEB_INPUT_DIRECTION:
        /* Says which way, not "the other way": a second tap changes
         * nothing. */
        if ((in.number == 1) != (w->direction == DIRECTION_IN))
            ev->kind = DISPLAY_DIRECTION;
        break;
    case WEB_INPUT_NOTE:
        if (in.number < 0 || in.number > 5) {
            w_message(d, _("A rating is 0 to 5 stars."));
            break;
        }
        ev->kind = DISPLAY_NOTE;
        ev->id = in.id;
        ev->number = (int)in.number;
        break;
    case WEB_INPUT_REPRINT:
        ev->kind = DISPLAY_REPRINT;
        ev->id = in.id;
        break;
    case WEB_INPUT_ANSWER:
        /* A kiosk's attendee answers only the acknowledgements it asked
         * them last (issue 55), nothing for the desk. */
        if (w->kiosk && !kiosk_answers(w, in.form))
            break;
        ev->kind = DISPLAY_ANSWER;
        ev->id = w->kiosk ? w->kiosk_asked : in.id;
        /* A phone's, with its code. */
        ev->number = in.text[0] && !w->kiosk ? 1 : 0;
        snprintf(ev->form, sizeof(ev->form), "%s", in.form);
        break;
    case WEB_INPUT_WALKIN: /* answered above, as the board's two are */
    case WEB_INPUT_BOARD:
    case WEB_INPUT_CLAIM:
    case WEB_INPUT_WIN:
        break;
    case WEB_INPUT_REPEAT:
        /* Answered by the server already; the screens say it. */
        ev->kind = DISPLAY_REPEAT;
        snprintf(ev->read_id, sizeof(ev->read_id), "%s", in.read_id);
        break;
    }
    take_pin(ev, &in);
    return CK_OK;
}

static void w_free(display *d)
{
    free(d);
}

/* The header's label-stock forecast after a new roll (issue 30). */
static void w_stock(display *d, const char *text)
{
    struct web_display *w = (struct web_display *)d;
    if (!w->kiosk)
        publish(w, "stock", json_pack("{s:s}", "stock", text), true);
}

/* None: the web server writes the loop's wake fd with each input
 * (web_station_wake, set by station_runtime_run). */
static int w_wait_fds(display *d, struct pollfd *fds, int cap)
{
    (void)d;
    (void)fds;
    (void)cap;
    return 0;
}

/* A correction saved (issue 30): the page shows the person with their
 * badge name now, and offers the reprint when it changed.  Kept after
 * the verdict it corrects, so that a page opened or reloaded later shows
 * that verdict and then the name it has now, not the name it had. */
static void w_corrected(display *d, int64_t attendee_id, const char *name,
                        const char *was, const char *text)
{
    struct web_display *w = (struct web_display *)d;
    if (w->kiosk)
        return;
    char said[1400];
    display_reprint_hint(text, was, DISPLAY_REPRINT_BUTTON, said, sizeof(said));
    publish(w, "corrected",
            json_pack("{s:I,s:s,s:s,s:b}", "attendee_id",
                      (json_int_t)attendee_id, "name", name, "text", said,
                      "reprint", was[0] != '\0'),
            true);
}

static void w_settled(display *d)
{
    answer((struct web_display *)d, NULL, NULL);
}

/* A phone's read sent again, decided before (r->again): its first answer,
 * marked "repeat" beside it ({"repeat": true} alone for one taken as the
 * same presentation again, as it was answered then); the station's screen
 * says so in its message line and keeps the verdict it shows.  A read
 * the server answered from its memory comes with no phone waiting
 * (DISPLAY_REPEAT): the screen's line only. */
static void w_again(display *d, const struct station_result *r)
{
    struct web_display *w = (struct web_display *)d;
    if (r->same_again) {
        answer(w, NULL, NULL); /* {"repeat": true}, as the first time */
    } else if (w->ticket) {
        /* The phone's answer is its first one, its sentence too, as the
         * server's memory gives it; the screens below say the repeat. */
        struct station_result first;
        if (station_result_copy(&first, r) == CK_OK) {
            first.again = false;
            json_t *o =
                json_pack("{s:o,s:b}", "decision",
                          w->kiosk ? kiosk_json(&first) : result_json(&first),
                          "repeat", 1);
            station_result_free(&first);
            answer_json(w, w->ticket, o);
        } else {
            answer(w, NULL, NULL); /* out of memory: {"repeat": true} */
        }
        w->ticket = 0;
    }
    char said[STATION_SENTENCE_CAP];
    if (!w->kiosk)
        publish(w, "message",
                json_pack("{s:s}", "text",
                          station_repeat_sentence(r, said, sizeof(said))),
                true);
}

static const struct display_ops WEB_OPS = {
    w_show, w_printed,  w_status,    w_results, w_message,
    w_poll, w_free,     w_link,      w_message, w_stock,
    NULL,   w_wait_fds, w_corrected, w_settled, w_again};

int display_web_new(web_station *ws, bool kiosk, display **out,
                    struct ck_error *err)
{
    struct web_display *w = calloc(1, sizeof(*w));
    if (!w)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    w->base.ops = &WEB_OPS;
    w->ws = ws;
    w->kiosk = kiosk;
    *out = &w->base;
    return CK_OK;
}
