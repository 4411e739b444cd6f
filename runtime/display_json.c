/* The machine-readable display: one JSON object per decision, one per
 * line, for scripts, logs and tests.  Personal fields appear only where
 * the station may show them (never at a sponsor's station).  It reads no
 * input: with --keyboard, standard input belongs to the scanner. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/display.h"
#include "checkin/i18n.h"
#include "checkin/needs_text.h"
#include "checkin/station_sentence.h"

struct json_display {
    display base;
    FILE *out;
};

static json_t *counters(const struct station_result *r)
{
    const struct station_counters *c = &r->counters;
    json_t *o = json_object();
    if (station_result_has(r, STATION_TRAIT_CHECKS_IN)) {
        json_object_set_new(o, "checked_in", json_integer(c->checked_in));
    } else if (station_result_has(r, STATION_TRAIT_ROOM)) {
        json_object_set_new(o, "inside", json_integer(c->inside));
        json_object_set_new(o, "capacity", json_integer(c->capacity));
    } else if (station_result_has(r, STATION_TRAIT_LEADS)) {
        json_object_set_new(o, "leads", json_integer(c->leads));
    }
    json_object_set_new(o, "scans", json_integer(c->scans));
    json_object_set_new(o, "not_recorded", json_integer(c->not_recorded));
    return o;
}

/* Who allowed an override or an undo, and how many check-ins an undo
 * took back (issue 30). */
static void supervisor_fields(json_t *o, const struct station_result *r)
{
    if (r->supervisor[0])
        json_object_set_new(o, "supervisor", json_string(r->supervisor));
    if (r->undone)
        json_object_set_new(o, "undone", json_integer(r->undone));
}

/* The triage's desk (issue 55.4): "desk" as [desks] names it ("" any
 * desk) and "desk_letters" when sent by the family name's letter; the
 * auction's "paddle", "amount_cents" and "currency". */
static void desk_fields(json_t *o, const struct station_result *r)
{
    if (station_result_has(r, STATION_TRAIT_PADDLES) && r->paddle > 0) {
        /* the auction (issue 56 item 3): the paddle, and the amount owed
         * or settled at the pay desk */
        json_object_set_new(o, "paddle", json_integer(r->paddle));
        json_object_set_new(o, "amount_cents", json_integer(r->amount_cents));
        json_object_set_new(o, "currency", json_string(r->currency));
    }
    if (!station_result_has(r, STATION_TRAIT_SORTS))
        return;
    json_object_set_new(o, "desk", json_string(r->desk));
    json_object_set_new(o, "desk_letters", json_string(r->desk_letters));
}

/* The others of the person's order (issue 30.5): "group" lists each
 * with their "tutorials" (title, room and slot; "tutorials_more" those
 * past the result's room), "done" (checked in by the group's confirm)
 * or "why" left out,
 * "overridable" (a supervisor may check them in with the group) and
 * "overridden" (so checked in); "group_offer" says the volunteer may
 * check them in together. */
static void group_fields(json_t *o, const struct station_result *r)
{
    if (r->preprint_box[0]) { /* issue 55: the box, not the printer */
        json_object_set_new(o, "preprint_box", json_string(r->preprint_box));
        json_object_set_new(o, "preprint_position",
                            json_integer(r->preprint_position));
        json_object_set_new(o, "preprint_offer",
                            json_boolean(r->preprint_offer));
    }
    if (!r->personal || !station_result_ngroup(r))
        return;
    json_t *g = json_array();
    for (size_t i = 0; g && i < station_result_ngroup(r); i++) {
        const struct station_group_member *m = station_result_group(r, i);
        json_t *e = json_pack(
            "{s:I,s:s,s:s,s:s,s:b,s:b}", "attendee_id",
            (json_int_t)m->attendee_id, "ticket_id", m->ticket_id, "badge_name",
            station_group_name(r, m), "order_status", m->order_status,
            "admissible", m->admissible, "done", m->done);
        if (e && m->seq)
            json_object_set_new(e, "seq", json_integer(m->seq));
        if (e && m->why[0])
            json_object_set_new(e, "why", json_string(m->why));
        if (e && m->overridable)
            json_object_set_new(e, "overridable", json_true());
        if (e && m->overridden)
            json_object_set_new(e, "overridden", json_true());
        if (e && m->ntutorials)
            json_object_set_new(e, "tutorials", display_member_tutorials(r, m));
        if (e && m->tutorials_more)
            json_object_set_new(e, "tutorials_more",
                                json_integer(m->tutorials_more));
        json_array_append_new(g, e);
    }
    if (g)
        json_object_set_new(o, "group", g);
    if (r->group_more)
        json_object_set_new(o, "group_more",
                            json_integer((json_int_t)r->group_more));
    json_object_set_new(o, "group_offer", json_boolean(r->group_offer));
    char group[STATION_SENTENCE_CAP];
    json_object_set_new(
        o, "group_text",
        json_string(station_group_sentence(r, group, sizeof(group))));
}

/* What the event still owes the person and they owe it (issue 55 item
 * 2): "needs" (needs_json's items) and "needs_text", the line. */
static void needs_fields(json_t *o, const struct station_result *r)
{
    if (!station_result_nneeds(r))
        return;
    char line[NEEDS_LINE_CAP];
    json_object_set_new(
        o, "needs",
        needs_json(station_result_needs(r), station_result_nneeds(r)));
    json_object_set_new(o, "needs_text",
                        json_string(needs_line(station_result_needs(r),
                                               station_result_nneeds(r), false,
                                               line, sizeof(line))));
}

/* A check-in list's fields (issue 29): the list, what to hand over and
 * the answers it shows. */
static void list_fields(json_t *o, const struct station_result *r)
{
    if (r->list[0])
        json_object_set_new(o, "list", json_string(r->list));
    char hand[STATION_HAND_CAP];
    if (station_result_hand(r, hand, sizeof(hand))[0])
        json_object_set_new(o, "hand", json_string(hand));
    char left[STATION_STOCK_CAP];
    if (station_result_stock(r, left, sizeof(left))[0]) {
        json_object_set_new(o, "stock_left", json_string(left));
        json_object_set_new(o, "stock_warn", json_boolean(r->stock_warn));
    }
    if (r->swappable && station_result_recorded(r))
        json_object_set_new(o, "swappable", json_true());
    if (!r->personal || !station_result_nanswers(r))
        return;
    json_t *a = json_array();
    for (size_t i = 0; a && i < station_result_nanswers(r); i++)
        json_array_append_new(
            a,
            json_pack("{s:s,s:s}", "question",
                      station_answer_question(r, station_result_answer(r, i)),
                      "answer",
                      station_answer_text(r, station_result_answer(r, i))));
    if (a)
        json_object_set_new(o, "answers", a);
}

/* The person's earlier admissions as data, beside "earlier"'s line:
 * [{"what":"checked in","target":"","station":"desk-1",
 *   "at_ms":1778573520000}], the kind's word in English. */
static json_t *earlier_at(const struct station_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < station_result_nearlier(r); i++) {
        const struct station_earlier *e = station_result_earlier(r, i);
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:I}", "what", e->what, "target",
                         station_earlier_target(r, e), "station",
                         station_earlier_station(r, e), "at_ms",
                         (json_int_t)e->when_ms));
    }
    return a ? a : json_array();
}

static json_t *tutorial_json(const struct station_result *r,
                             const struct station_tutorial *t)
{
    json_t *o = json_pack(
        "{s:s,s:s,s:s}", "title", station_tutorial_title(r, t), "room",
        station_tutorial_room(r, t), "slot", station_tutorial_slot(r, t));
    if (o && t->clash) /* booked at the same time as another (issue 57) */
        json_object_set_new(o, "clash", json_true());
    return o;
}

static json_t *decision_object(const struct station_result *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "station", json_string(r->station));
    json_object_set_new(o, "mode", json_string(scan_mode_str(r->mode)));
    if (r->target && *r->target)
        json_object_set_new(o, "target", json_string(r->target));
    /* A group's confirm is recorded as its members' rows ("group"'s
     * "seq"s): it has no one row of its own. */
    json_object_set_new(o, "seq",
                        station_result_recorded(r) && r->seq
                            ? json_integer(r->seq)
                            : json_null());
    char hm[STATION_HM_CAP];
    if (r->decided_ms) { /* a phone's read kept: decided by when read */
        json_object_set_new(o, "at_ms", json_integer(r->decided_ms));
        json_object_set_new(
            o, "time", json_string(station_result_hm(r, r->decided_ms, hm)));
        json_object_set_new(o, "read_at_ms", json_integer(r->at_ms));
        json_object_set_new(o, "read_time",
                            json_string(station_result_hm(r, r->at_ms, hm)));
    } else {
        json_object_set_new(o, "at_ms", json_integer(r->at_ms));
        json_object_set_new(o, "time",
                            json_string(station_result_hm(r, r->at_ms, hm)));
    }
    json_object_set_new(o, "decision",
                        json_string(scan_decision_str(r->decision)));
    json_object_set_new(o, "reason",
                        json_string(station_reason_token(r->reason)));
    char said[STATION_SENTENCE_CAP];
    json_object_set_new(
        o, "reason_text",
        json_string(station_result_sentence(r, said, sizeof(said))));
    if (station_result_has(r, STATION_TRAIT_EXITS))
        json_object_set_new(o, "direction",
                            json_string(scan_direction_str(r->direction)));
    /* What pretix says at the door (issue 49). */
    if (station_result_attention(r)[0]) {
        json_object_set_new(o, "attention", json_true());
        json_object_set_new(o, "attention_text",
                            json_string(station_result_attention(r)));
    }
    if (station_result_seat(r)[0])
        json_object_set_new(o, "seat", json_string(station_result_seat(r)));
    /* A door holding seats of its room (docs/admission.md, "Capacity
     * across doors"): how many, and how many its people take. */
    if (station_result_has(r, STATION_TRAIT_ROOM) && r->counters.leased)
        json_object_set_new(
            o, "seats",
            json_pack("{s:I,s:I}", "held", (json_int_t)r->counters.seats_here,
                      "taken", (json_int_t)r->counters.seats_taken));
    if (r->personal && r->attendee_id) {
        json_object_set_new(o, "ticket_id", json_string(r->ticket_id));
        json_object_set_new(o, "badge_name", json_string(r->badge_name));
        /* pretix's questions asked during check-in (issue 49), at the
         * desk and the doors: what is asked, and what an admission
         * journaled. */
        if (station_result_nquestions(r))
            json_object_set_new(o, "questions", display_questions(r));
        if (r->has_given)
            json_object_set_new(
                o, "answers_given",
                json_loads(station_result_at(r, r->given), 0, NULL));
        if (station_result_has(r, STATION_TRAIT_CHECKS_IN)) {
            json_object_set_new(o, "ticket_type", json_string(r->ticket_type));
            json_object_set_new(o, "order_status",
                                json_string(r->order_status));
            char earlier[STATION_SENTENCE_CAP];
            if (station_result_history_en(r, earlier, sizeof(earlier))[0]) {
                json_object_set_new(o, "earlier", json_string(earlier));
                json_object_set_new(o, "earlier_at", earlier_at(r));
            }
            if (r->overridable)
                json_object_set_new(o, "overridable", json_true());
            if (r->override[0])
                json_object_set_new(o, "override", json_string(r->override));
            supervisor_fields(o, r);
            group_fields(o, r);
            needs_fields(o, r);
            /* Where to send them next, as the screen lists it. */
            json_t *tuts = station_result_ntutorials(r) ? json_array() : NULL;
            for (size_t i = 0; tuts && i < station_result_ntutorials(r); i++)
                json_array_append_new(
                    tuts, tutorial_json(r, station_result_tutorial(r, i)));
            if (tuts)
                json_object_set_new(o, "tutorials", tuts);
            if (r->tutorials_more)
                json_object_set_new(
                    o, "tutorials_more",
                    json_integer((json_int_t)r->tutorials_more));
        }
    }
    if (r->tutorial[0])
        json_object_set_new(o, "tutorial", json_string(r->tutorial));
    list_fields(o, r);
    desk_fields(o, r);
    if (r->lead_seq)
        json_object_set_new(o, "lead_seq", json_integer(r->lead_seq));
    if (r->print == STATION_PRINT_OWED)
        json_object_set_new(o, "printing", json_true());
    json_object_set_new(o, "counters", counters(r));
    json_object_set_new(o, "recorded",
                        json_boolean(station_result_recorded(r)));
    if (!station_result_recorded(r)) {
        /* The English for scripts, beside it the station's language. */
        char why[1024];
        json_object_set_new(o, "record_error",
                            json_string(station_record_error(r)));
        json_object_set_new(o, "record_error_text",
                            json_string(ck_error_text(station_record_why(r),
                                                      why, sizeof(why))));
    }
    return o;
}

/* `o` as one line, malloc'd; frees `o`. */
static char *dump(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                    JSON_ENSURE_ASCII)
                : NULL;
    json_decref(o);
    return s;
}

char *display_json_format(const struct station_result *r)
{
    return dump(decision_object(r));
}

/* Print `o` as one line and free it. */
static void emit(struct json_display *j, json_t *o)
{
    char *s = dump(o);
    if (s) {
        fprintf(j->out, "%s\n", s);
        fflush(j->out);
    }
    free(s);
}

static void j_show(display *d, const struct station_result *r)
{
    emit((struct json_display *)d, decision_object(r));
}

/* A phone's read sent again, decided before (r->again): the decision
 * line of its first answer as the file keeps it (its seq, verdict, reason
 * and name; the counts now) with "repeat":true; nothing new was recorded
 * and nothing is printed, so a script counting decisions skips it.  One
 * taken as the same presentation again (r->same_again) has no decision:
 * its line says when, with "same_again":true and "seq":null. */
static void j_again(display *d, const struct station_result *r)
{
    if (r->same_again) {
        /* No decision to repeat: when, what it was, the counts now. */
        char said[STATION_SENTENCE_CAP];
        json_t *o = json_object();
        if (o) {
            json_object_set_new(o, "station", json_string(r->station));
            json_object_set_new(o, "mode", json_string(scan_mode_str(r->mode)));
            if (r->target && *r->target)
                json_object_set_new(o, "target", json_string(r->target));
            json_object_set_new(o, "seq", json_null());
            json_object_set_new(o, "at_ms", json_integer(r->at_ms));
            char hm[STATION_HM_CAP];
            json_object_set_new(
                o, "time", json_string(station_result_hm(r, r->at_ms, hm)));
            json_object_set_new(o, "same_again", json_true());
            json_object_set_new(
                o, "reason_text",
                json_string(station_result_sentence(r, said, sizeof(said))));
            json_object_set_new(o, "counters", counters(r));
            json_object_set_new(o, "repeat", json_true());
        }
        emit((struct json_display *)d, o);
        return;
    }
    json_t *o = decision_object(r);
    if (o && r->personal && r->ticket_id[0])
        json_object_set_new(o, "ticket_id", json_string(r->ticket_id));
    if (o && r->personal && r->badge_name[0])
        json_object_set_new(o, "badge_name", json_string(r->badge_name));
    if (o)
        json_object_set_new(o, "repeat", json_true());
    emit((struct json_display *)d, o);
}

/* The outcome of the printing a decision line announced ("printing"):
 * {"event":"print","station":...,"seq":...,"ticket_id":...,"printed":...,
 * "outcome":...}.  "printed" is true only when the printer confirmed it;
 * "outcome" is "printed", "sent" (handed to a printer that cannot confirm
 * it printed, with "print_note" saying so) or "failed" (with
 * "print_error"). */
static void j_printed(display *d, const struct station_result *r)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "event", json_string("print"));
        json_object_set_new(o, "station", json_string(r->station));
        json_object_set_new(o, "seq",
                            station_result_recorded(r) && r->seq
                                ? json_integer(r->seq)
                                : json_null());
        /* null, not "", when the print worker could not read whose
         * labels these were (issue 57) */
        json_object_set_new(o, "ticket_id",
                            r->ticket_id[0] ? json_string(r->ticket_id)
                                            : json_null());
        json_object_set_new(o, "printed",
                            json_boolean(r->print == STATION_PRINT_PRINTED));
        json_object_set_new(
            o, "outcome",
            json_string(r->print == STATION_PRINT_PRINTED ? "printed"
                        : r->print == STATION_PRINT_SENT  ? "sent"
                                                          : "failed"));
        if (r->print == STATION_PRINT_SENT)
            json_object_set_new(
                o, "print_note",
                json_string(_("Sent; this printer cannot confirm it "
                              "printed, so check that the labels came "
                              "out.")));
        if (station_print_error(r)[0]) {
            /* The English for scripts, beside it the station's language. */
            char why[STATION_TEXT_CAP];
            json_object_set_new(o, "print_error",
                                json_string(station_print_error(r)));
            json_object_set_new(o, "print_error_text",
                                json_string(ck_error_text(station_print_why(r),
                                                          why, sizeof(why))));
        }
        char labels[STATION_STOCK_CAP];
        /* the label-stock forecast (issue 30) */
        if (station_labels_sentence(&r->labels, labels, sizeof(labels))[0])
            json_object_set_new(o, "stock", json_string(labels));
    }
    emit((struct json_display *)d, o);
}

static void j_results(display *d, const struct attendee_list *l)
{
    (void)d;
    (void)l;
}

static void j_message(display *d, const char *text)
{
    (void)d;
    fprintf(stderr, "%s\n", text);
}

static int j_poll(display *d, int timeout_ms, struct display_event *ev)
{
    (void)d;
    (void)timeout_ms;
    ev->kind = DISPLAY_NONE;
    return CK_OK;
}

static void j_free(display *d)
{
    free(d);
}

/* {"event":"sync","online":false,"since_ms":...,"to_send":14,...} */
static void j_link(display *d, const struct display_link *l)
{
    char text[1400];
    display_link_text(l, text, sizeof(text));
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "event", json_string("sync"));
        json_object_set_new(o, "online", json_boolean(l->online));
        json_object_set_new(o, "since_ms", json_integer(l->since_ms));
        json_object_set_new(o, "to_send", json_integer(l->to_send));
        if (l->leads_held > 0) {
            json_object_set_new(o, "leads_held", json_integer(l->leads_held));
            json_object_set_new(o, "held_booths", json_string(l->held_booths));
        }
        json_object_set_new(o, "text", json_string(text));
        if (l->problem[0])
            json_object_set_new(o, "problem", json_string(l->problem));
        if (l->edits_waiting)
            json_object_set_new(o, "edits_waiting",
                                json_integer(l->edits_waiting));
        /* untranslated: the JSON lines' codes stay English */
        if (l->herald)
            json_object_set_new(
                o, "herald",
                json_string(l->herald == 1 ? "in-use" : "unreachable"));
    }
    emit((struct json_display *)d, o);
}

/* {"event":"stock","stock":"About 300 labels left."}: the forecast
 * started over by a new roll (issue 30). */
static void j_stock(display *d, const char *text)
{
    emit((struct json_display *)d,
         json_pack("{s:s,s:s}", "event", "stock", "stock", text));
}

/* JSON lines take no input: nothing to sleep on. */
static int j_wait_fds(display *d, struct pollfd *fds, int cap)
{
    (void)d;
    (void)fds;
    (void)cap;
    return 0;
}

static const struct display_ops JSON_OPS = {
    j_show, j_printed, NULL, j_results,  j_message, j_poll, j_free, j_link,
    NULL,   j_stock,   NULL, j_wait_fds, NULL,      NULL,   j_again};

int display_json_new(FILE *out, display **out_display, struct ck_error *err)
{
    struct json_display *j = calloc(1, sizeof(*j));
    if (!j)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    j->base.ops = &JSON_OPS;
    j->out = out;
    *out_display = &j->base;
    return CK_OK;
}

void display_refused(display *d, enum display_event_kind kind, const char *text)
{
    if (d->ops->refused)
        d->ops->refused(d, kind, text);
    else
        d->ops->message(d, text);
}

json_t *display_member_tutorials(const struct station_result *r,
                                 const struct station_group_member *m)
{
    json_t *tuts = json_array();
    for (size_t k = 0; tuts && k < m->ntutorials; k++) {
        const char *room, *slot;
        const char *title = station_group_tutorial(r, m, k, &room, &slot);
        json_array_append_new(tuts, json_pack("{s:s,s:s,s:s}", "title", title,
                                              "room", room, "slot", slot));
    }
    return tuts;
}

json_t *display_questions(const struct station_result *r)
{
    json_t *qs = json_array();
    for (size_t i = 0; qs && i < station_result_nquestions(r); i++) {
        const struct station_question *q = station_result_question(r, i);
        char type[2] = {q->type, '\0'};
        json_t *opts = json_array();
        const char *o = station_question_options(r, q);
        while (opts && *o) {
            size_t len = strcspn(o, "\n");
            json_array_append_new(opts, json_stringn(o, len));
            o += len + (o[len] == '\n');
        }
        json_array_append_new(
            qs, json_pack("{s:s,s:s,s:s,s:b,s:o*}", "id",
                          station_question_ident(r, q), "question",
                          station_question_text(r, q), "type", type, "required",
                          q->required, "options", opts));
    }
    return qs;
}

void display_reprint_hint(const char *text, const char *was,
                          enum display_reprint_how how, char *out, size_t cap)
{
    /* TRANSLATORS: the correction's own sentence, then the name the
     * printed badge still shows. */
    if (was[0] && how == DISPLAY_REPRINT_CTRL_R)
        snprintf(out, cap,
                 _("%s The badge still says %s; press Ctrl-R to reprint it "
                   "(reason: name change)."),
                 text, was);
    /* TRANSLATORS: as above; "Reprint badge and tickets" is the
     * button's words on the station's page. */
    else if (was[0] && how == DISPLAY_REPRINT_BUTTON)
        snprintf(out, cap,
                 _("%s The badge still says %s; press Reprint badge and "
                   "tickets (reason: name change)."),
                 text, was);
    else if (was[0])
        /* TRANSLATORS: as above. */
        snprintf(out, cap,
                 _("%s The badge still says %s; reprint it (reason: name "
                   "change)."),
                 text, was);
    else
        snprintf(out, cap, "%s", text);
}

void display_corrected(display *d, int64_t attendee_id, const char *name,
                       const char *was, const char *text)
{
    if (d->ops->corrected) {
        d->ops->corrected(d, attendee_id, name, was, text);
        return;
    }
    char said[1400];
    display_reprint_hint(text, was, DISPLAY_REPRINT_SAID, said, sizeof(said));
    d->ops->message(d, said);
}

void display_free(display *d)
{
    if (d)
        d->ops->free(d);
}
