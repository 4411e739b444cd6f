/* The display `checkin demo` runs its stations with: one plain line per
 * decision, so that the demo reads the same in a terminal, a log or a
 * test, with no terminal needed (the full-screen display is
 * display_curses.c).  It also counts the decisions for the summary and
 * carries a sponsor's notes to the leads it shows. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/i18n.h"
#include "checkin/station_sentence.h"
#include "demo_priv.h"

struct line_display {
    display base;
    FILE *out;
    struct demo_tally *tally;
    const char *printed;
    bool enter_quits;
    const struct demo_note *notes;
    size_t nnotes;
    size_t nleads;
    int64_t lead_seq[DEMO_LEADS];
    /* What the volunteer types next (demo_display_type), handed to the
     * station at its next poll. */
    struct display_event typed;
    /* A desk's: the event's acknowledgements, answered yes as the
     * volunteer does with `y` (demo_display_acknowledge); the question
     * said in full the first time, then at the end of the admission's
     * line. */
    bool acknowledge, ack_said, ack_given;
};

long demo_tally_reason(const struct demo_tally *t, enum scan_mode mode,
                       enum station_reason reason)
{
    for (size_t i = 0; i < t->nreasons; i++)
        if (t->reasons[i].mode == mode && t->reasons[i].reason == reason)
            return t->reasons[i].n;
    return 0;
}

static void count(struct demo_tally *t, const struct station_result *r)
{
    if (station_result_has(r, STATION_TRAIT_SORTS)) {
        /* The triage sends people on: no desk's decision. */
        char *end;
        long desk = strtol(r->desk, &end, 10);
        if (r->decision != DECISION_ADMIT || end == r->desk || *end)
            desk = 0;
        t->sent[desk >= 1 && desk <= DESKS_DEMO ? desk - 1 : DESKS_DEMO]++;
        return;
    }
    t->decisions[r->mode][r->decision]++;
    if (!station_result_recorded(r))
        t->not_recorded++;
    for (size_t i = 0; i < t->nreasons; i++) {
        if (t->reasons[i].mode == r->mode &&
            t->reasons[i].reason == r->reason) {
            t->reasons[i].n++;
            return;
        }
    }
    if (t->nreasons == DEMO_REASONS)
        return;
    t->reasons[t->nreasons].mode = r->mode;
    t->reasons[t->nreasons].decision = r->decision;
    t->reasons[t->nreasons].reason = r->reason;
    t->reasons[t->nreasons++].n = 1;
}

static const char *decision_word(enum scan_decision d)
{
    return d == DECISION_ADMIT  ? _("ADMIT")
           : d == DECISION_DENY ? _("DENY")
                                : _("WARNING");
}

/* An acknowledgement asked (the only questions asked): the volunteer's
 * yes for each, to hand to the station at its next poll.  True when
 * the result is shown no further. */
static bool answer_acknowledgement(struct line_display *l,
                                   const struct station_result *r)
{
    size_t n = station_result_nquestions(r);
    if (!l->acknowledge || r->reason != STATION_REASON_QUESTION || !n)
        return false;
    char form[DISPLAY_FORM_CAP];
    int used = snprintf(form, sizeof(form), "{");
    for (size_t i = 0; i < n; i++) {
        const struct station_question *q = station_result_question(r, i);
        if (q->type != 'A')
            return false;
        used += snprintf(form + used, sizeof(form) - (size_t)used,
                         "%s\"%s\":\"yes\"", i ? "," : "",
                         station_question_ident(r, q));
    }
    snprintf(form + used, sizeof(form) - (size_t)used, "}");
    l->typed.kind = DISPLAY_ANSWER;
    l->typed.id = r->attendee_id;
    snprintf(l->typed.form, sizeof(l->typed.form), "%s", form);
    l->ack_given = true;
    if (l->ack_said)
        return true;
    l->ack_said = true;
    char hm[STATION_HM_CAP], said[STATION_SENTENCE_CAP];
    station_result_sentence(r, said, sizeof(said));
    fprintf(l->out, "  %s  ", station_result_hm(r, r->at_ms, hm));
    /* TRANSLATORS: beside ADMIT, DENY and WARNING: a question asked. */
    demo_pad(l->out, _("ASK"), 7);
    /* TRANSLATORS: the person's name and the question the station asks
     * them; the volunteer reads it out and types y for their yes. */
    fprintf(l->out, _("  %s: %s Read out; they have (y).\n"), r->badge_name,
            said);
    return true;
}

static void l_show(display *d, const struct station_result *r)
{
    struct line_display *l = (struct line_display *)d;
    if (answer_acknowledgement(l, r))
        return; /* not a decision: the answer decides */
    count(l->tally, r);
    char hm[STATION_HM_CAP];
    fprintf(l->out, "  %s  ", station_result_hm(r, r->at_ms, hm));
    demo_pad(l->out, decision_word(r->decision), 7);
    fputs("  ", l->out);
    if (r->personal && r->attendee_id)
        fprintf(l->out, "%s: ", r->badge_name);
    char said[STATION_SENTENCE_CAP];
    station_result_sentence(r, said, sizeof(said));
    if (station_result_has(r, STATION_TRAIT_LEADS) && r->lead_seq) {
        /* The station's sentence goes on to ask the volunteer for a
         * note; the demo's note is the answer. */
        const char *stop = strstr(said, ". ");
        int len = stop ? (int)(stop - said) : (int)strlen(said);
        fprintf(l->out, "%.*s", len, said);
        if (l->nleads < l->nnotes && l->nleads < DEMO_LEADS) {
            const struct demo_note *n = &l->notes[l->nleads];
            /* TRANSLATORS: after "Lead recorded": the sponsor's note and
             * its rating out of 5. */
            fprintf(l->out, _("; note \"%s\", rated %d/5."), _(n->text),
                    n->rating);
            l->lead_seq[l->nleads++] = r->lead_seq;
        } else {
            fputc('.', l->out);
        }
    } else {
        fputs(said, l->out);
    }
    if (station_result_has(r, STATION_TRAIT_ROOM) &&
        r->decision == DECISION_ADMIT && r->direction == DIRECTION_IN) {
        fputc(' ', l->out);
        /* TRANSLATORS: people in the room, of its seats. */
        fprintf(l->out, _("Inside: %ld of %ld."), r->counters.inside,
                r->counters.capacity);
    }
    if (l->ack_given && r->decision == DECISION_ADMIT)
        fprintf(l->out, " %s", _("(Acknowledged.)"));
    l->ack_given = false;
    if (!station_result_recorded(r)) {
        const struct ck_error *why = station_record_why(r);
        char text[STATION_SENTENCE_CAP];
        fputc(' ', l->out);
        fprintf(l->out, _("NOT RECORDED: %s"),
                why ? ck_error_text(why, text, sizeof(text))
                    : station_record_error(r));
    }
    if (r->print != STATION_PRINT_OWED) /* else l_printed ends the line */
        fputc('\n', l->out);
    fflush(l->out);
}

/* Printing comes after the verdict, at the end of its line. */
static void l_printed(display *d, const struct station_result *r)
{
    struct line_display *l = (struct line_display *)d;
    bool what = l->printed && l->printed[0];
    if ((r->print == STATION_PRINT_PRINTED || r->print == STATION_PRINT_SENT) &&
        what)
        fputc(' ', l->out);
    else if (station_print_error(r)[0])
        fputc(' ', l->out);
    /* TRANSLATORS: what the desk's printer did with what it was sent
     * ("badge, ticket pandas-intro"). */
    if (r->print == STATION_PRINT_PRINTED && what)
        fprintf(l->out, _("Printed: %s."), l->printed);
    else if (r->print == STATION_PRINT_SENT && what)
        fprintf(l->out,
                _("Sent: %s (this printer cannot confirm the labels "
                  "printed)."),
                l->printed);
    else if (station_print_error(r)[0])
        fprintf(l->out, _("Not printed: %s"), station_print_error(r));
    fputc('\n', l->out);
    fflush(l->out);
}

static void l_status(display *d, const station *st)
{
    (void)d;
    (void)st;
}

static void l_results(display *d, const struct attendee_list *found)
{
    (void)d;
    (void)found;
}

static void l_message(display *d, const char *text)
{
    struct line_display *l = (struct line_display *)d;
    fprintf(l->out, "  %s\n", text);
}

/* With a live camera, a line on standard input (or its end) quits. */
static int l_poll(display *d, int timeout_ms, struct display_event *ev)
{
    struct line_display *l = (struct line_display *)d;
    ev->kind = DISPLAY_NONE;
    if (l->typed.kind != DISPLAY_NONE) {
        *ev = l->typed;
        l->typed.kind = DISPLAY_NONE;
        return CK_OK;
    }
    if (!l->enter_quits)
        return CK_OK;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0)
        return CK_OK;
    char buf[256];
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
    if (n <= 0 || memchr(buf, '\n', (size_t)n))
        ev->kind = DISPLAY_QUIT;
    return CK_OK;
}

static void l_free(display *d)
{
    free(d);
}

static const struct display_ops LINE_OPS = {
    l_show, l_printed, l_status, l_results, l_message, l_poll, l_free, NULL};

int demo_display_new(FILE *out, struct demo_tally *tally, const char *printed,
                     display **out_display, struct ck_error *err)
{
    struct line_display *l = calloc(1, sizeof(*l));
    if (!l)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    l->base.ops = &LINE_OPS;
    l->out = out;
    l->tally = tally;
    l->printed = printed;
    *out_display = &l->base;
    return CK_OK;
}

void demo_display_enter_quits(display *d, bool on)
{
    ((struct line_display *)d)->enter_quits = on;
}

void demo_display_acknowledge(display *d, bool on)
{
    ((struct line_display *)d)->acknowledge = on;
}

void demo_display_type(display *d, const char *text)
{
    struct line_display *l = (struct line_display *)d;
    l->typed.kind = DISPLAY_CODE;
    snprintf(l->typed.text, sizeof(l->typed.text), "%s", text);
}

void demo_display_notes(display *d, const struct demo_note *notes, size_t n)
{
    struct line_display *l = (struct line_display *)d;
    l->notes = notes;
    l->nnotes = n;
    l->nleads = 0;
}

int demo_display_save_notes(display *d, station *st, struct ck_error *err)
{
    struct line_display *l = (struct line_display *)d;
    for (size_t i = 0; i < l->nleads; i++) {
        int code = station_lead_note(st, l->lead_seq[i], _(l->notes[i].text),
                                     l->notes[i].rating, err);
        if (code)
            return code;
    }
    return CK_OK;
}
