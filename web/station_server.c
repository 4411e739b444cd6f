/* The station screen's HTTP server (see checkin/web_station.h): a ring of
 * published events under one mutex, streamed to every page; inputs queued
 * for the station loop; phones' codes (/api/scan) queued the same way,
 * each request waiting for the answer the loop gives its ticket. */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "booth_priv.h"
#include "checkin/buf.h"
#include "checkin/web_station.h"
#include "http_priv.h"
#include "station_page_text.h"

#define KEEPALIVE_MS 15000
/* A station's screen is open on a device or two; these leave room for
 * several, and for a page's script and style beside its stream, while a
 * client that holds sockets open gets no more than its share. */
static const struct web_limits LIMITS = {.connections = 64,
                                         .per_client = 16,
                                         .streams = 16,
                                         .streams_per_client = 4,
                                         .who = "station"};
#define MAX_BODY 4096
#define MAX_STATES 8
#define MAX_INPUTS 32
#define COOKIE "checkin_station"
/* Answers to phones' codes kept for their requests to collect, and how
 * long a phone's request waits for one.  The station loop takes an input
 * within 200 ms and decides in milliseconds, and a busy desk printer
 * does not hold it up; but a decision is a commit, and a laptop whose
 * disk is busy can take seconds to sync it.  A verdict shown late is
 * better than "scan again" for a person already recorded, so the wait
 * is long (the page says it is waiting after a second), and within the
 * guard's REQUEST_MS (web/limits.c). */
#define MAX_ANSWERS 32
#define ANSWER_WAIT_MS 15000
/* A read's time is the phone's clock; these only refuse what is no time
 * at all (2000-01-01 and 2100-01-01, in ms since 1970). */
#define READ_AT_MIN_MS 946684800000LL
#define READ_AT_MAX_MS 4102444800000LL

struct answer {
    uint64_t ticket;
    char *json;
};

/* A phone's read by its id (web_station.h): the answer it got, for the
 * same read sent again.  A phone sends every read of a badge held in view
 * (one request at a time), a few a second, so WEB_STATION_READS is minutes
 * of a busy door's phones; a read is sent again within seconds of its
 * lost answer, or when the station answers again after a stop, and then
 * first of the phone's kept codes.  A verdict's JSON is under 2 KB, so
 * the ring holds at most about 16 MB. */
struct read {
    char key[64 + 1 + WEB_READ_ID_MAX + 1]; /* booth slug, '/', the id */
    uint64_t ticket;
    char *json; /* NULL while the station decides it */
};

struct kept {
    uint64_t id;
    char event[16];
    char *json;
};

struct state {
    char event[16];
    char *json;
    uint64_t version;
};

struct web_station {
    struct MHD_Daemon *daemon;
    bool kiosk;
    struct web_listener l;
    char url[1024];
    char scan_url[1024];
    char warning[200]; /* said once at start, "" for none */

    pthread_mutex_t mu;
    pthread_cond_t changed;  /* a new event or state, or stopping */
    pthread_cond_t input;    /* a new input */
    pthread_cond_t answered; /* a phone's code decided */
    bool stopping;
    struct kept ring[WEB_STATION_KEEP];
    uint64_t next_id; /* the id the next kept event gets (from 1) */
    uint64_t last_decision;
    struct state states[MAX_STATES];
    size_t nstates;
    uint64_t state_version;
    struct web_station_input inputs[MAX_INPUTS];
    size_t in_head, nin;
    uint64_t next_ticket;
    struct answer answers[MAX_ANSWERS];
    struct read *reads;        /* a ring of WEB_STATION_READS */
    uint64_t nreads;           /* how many were ever added */
    struct web_booths *booths; /* the expo hall's sponsors (booth.c) */
    int64_t cooldown_ms;       /* told to phones; under mu (0: not said) */
    int64_t cookie_end_ms;     /* CLOCK_MONOTONIC ms the event ends, under
                                  mu (0: not said: cookies die with the
                                  browser) */
    int wake;                  /* web_station_wake's fd, under mu; -1 */
    /* A booth's CSV from the hub (web_station_set_booth_csv), under mu;
     * NULL: none */
    web_booth_csv_fn booth_csv;
    void *booth_csv_ctx;
    /* A sprint station (web_station_set_lead_links), under mu: a link
     * matching no project asks the loop to read the links again, at most
     * once each LEAD_ASK_MS (leads_asked_ms, CLOCK_MONOTONIC). */
    bool lead_links;
    int64_t leads_asked_ms;
};

/* How often a link that matches nothing may have the loop read the
 * leads' links again: bounds what a stream of made-up tokens costs it. */
#define LEAD_ASK_MS 200

/* ---- publishing ---- */

void web_station_publish(web_station *ws, const char *event, const char *json,
                         bool keep)
{
    char *copy = strdup(json);
    if (!copy)
        return;
    pthread_mutex_lock(&ws->mu);
    if (keep) {
        struct kept *k = &ws->ring[ws->next_id % WEB_STATION_KEEP];
        free(k->json);
        k->id = ws->next_id;
        snprintf(k->event, sizeof(k->event), "%s", event);
        k->json = copy;
        if (!strcmp(event, "decision"))
            ws->last_decision = ws->next_id;
        ws->next_id++;
    } else {
        size_t i = 0;
        while (i < ws->nstates && strcmp(ws->states[i].event, event))
            i++;
        if (i == ws->nstates && ws->nstates < MAX_STATES)
            snprintf(ws->states[ws->nstates++].event,
                     sizeof(ws->states[0].event), "%s", event);
        if (i < ws->nstates) {
            free(ws->states[i].json);
            ws->states[i].json = copy;
            ws->states[i].version = ++ws->state_version;
        } else {
            free(copy);
        }
    }
    pthread_cond_broadcast(&ws->changed);
    pthread_mutex_unlock(&ws->mu);
}

/* ---- event streams ---- */

struct stream {
    web_station *ws;
    struct MHD_Connection *c;
    uint64_t next;          /* the next kept id to send */
    uint64_t state_version; /* states newer than this are still to send */
    struct ck_buf out;      /* what the page is being sent, from `off` */
    size_t off;
    bool started;
};

static void stream_free(void *cls)
{
    struct stream *st = cls;
    ck_buf_free(&st->out);
    free(st);
}

/* Append one SSE message to `b`; false when out of memory.  JSON from
 * jansson's compact dump holds no newline. */
static bool append(struct ck_buf *b, uint64_t id, const char *event,
                   const char *json)
{
    return (!id || ck_buf_printf(b, "id: %llu\n", (unsigned long long)id)) &&
           ck_buf_printf(b, "event: %s\ndata: %s\n\n", event, json);
}

/* Everything this stream has not had yet, or a keepalive comment after
 * KEEPALIVE_MS of nothing; ws->mu held. */
static ssize_t stream_fill(struct stream *st)
{
    web_station *ws = st->ws;
    struct timespec until;
    util_mono_deadline(KEEPALIVE_MS, &until);
    bool gone = false;
    while (!ws->stopping && st->next == ws->next_id &&
           st->state_version == ws->state_version &&
           !(gone = web_stream_gone(&ws->l, st->c)))
        if (pthread_cond_timedwait(&ws->changed, &ws->mu, &until) == ETIMEDOUT)
            break;
    if (ws->stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (gone) /* its page has gone: the connection closes now */
        return MHD_CONTENT_READER_END_WITH_ERROR;
    struct ck_buf *b = &st->out;
    ck_buf_clear(b);
    st->off = 0;
    bool ok = true;
    if (!st->started) { /* reconnect after 2 s, not EventSource's 3 */
        ok = ck_buf_adds(b, "retry: 2000\n\n");
        st->started = true;
    }
    for (size_t i = 0; ok && i < ws->nstates; i++)
        if (ws->states[i].version > st->state_version && ws->states[i].json)
            ok = append(b, 0, ws->states[i].event, ws->states[i].json);
    st->state_version = ws->state_version;
    /* Older than the ring holds: from its oldest. */
    uint64_t oldest =
        ws->next_id > WEB_STATION_KEEP ? ws->next_id - WEB_STATION_KEEP : 1;
    if (st->next < oldest)
        st->next = oldest;
    for (; ok && st->next < ws->next_id; st->next++) {
        const struct kept *k = &ws->ring[st->next % WEB_STATION_KEEP];
        ok = append(b, k->id, k->event, k->json);
    }
    if (ok && !b->len)
        ok = append(b, 0, "alive", "{}");
    if (!ok) {
        ck_buf_free(b);
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    return 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct stream *st = cls;
    if (st->off == st->out.len) {
        pthread_mutex_lock(&st->ws->mu);
        ssize_t r = stream_fill(st);
        pthread_mutex_unlock(&st->ws->mu);
        if (r < 0)
            return r;
    }
    size_t n = st->out.len - st->off < max ? st->out.len - st->off : max;
    memcpy(out, st->out.p + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

/* The listener's wake_streams: every stream looks whether its page has
 * gone. */
static void wake_streams(void *cls)
{
    web_station *ws = cls;
    pthread_mutex_lock(&ws->mu);
    pthread_cond_broadcast(&ws->changed);
    pthread_mutex_unlock(&ws->mu);
}

static enum MHD_Result open_stream(web_station *ws, struct MHD_Connection *c)
{
    const char *full = web_stream_admit(&ws->l, c);
    if (full)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, full);
    struct stream *st = calloc(1, sizeof(*st));
    if (!st)
        return MHD_NO;
    st->ws = ws;
    st->c = c;
    const char *last =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    char *end = NULL;
    unsigned long long seen = last ? strtoull(last, &end, 10) : 0;
    pthread_mutex_lock(&ws->mu);
    if (ws->kiosk)
        st->next = ws->next_id; /* nothing from before this page */
    else if (last && end != last && !*end && seen < ws->next_id)
        st->next = (uint64_t)seen + 1; /* a reconnect: what it missed */
    else
        st->next = ws->last_decision ? ws->last_decision : ws->next_id;
    pthread_mutex_unlock(&ws->mu);
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, st, stream_free);
    if (!r) {
        free(st);
        return MHD_NO;
    }
    web_add_headers(r, "text/event-stream");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- input ---- */

static const char *const KINDS[] = {
    "code",     "search", "pick",   "direction", "note",  "reprint",
    "override", "undo",   "group",  "register",  "edit",  "swap",
    "roll",     "walkin", "answer", "board",     "claim", "win"};

/* A supervisor's PIN ("pin") into `in`; the sentence for a bad one. */
static const char *take_pin(json_t *o, struct web_station_input *in)
{
    const char *pin = json_string_value(json_object_get(o, "pin"));
    if (!pin)
        return NULL;
    if (strlen(pin) >= sizeof(in->pin))
        return "The PIN is too long.\n";
    snprintf(in->pin, sizeof(in->pin), "%s", pin);
    return NULL;
}

/* A walk-in's or a correction's form: the object without "kind" and
 * "pin", as one line for the station loop to read. */
static const char *take_form(json_t *o, struct web_station_input *in)
{
    json_t *form = json_deep_copy(o);
    if (!form)
        return "The station is out of memory; try again.\n";
    json_object_del(form, "kind");
    json_object_del(form, "pin");
    char *s = json_dumps(form, JSON_COMPACT);
    json_decref(form);
    const char *bad = NULL;
    if (!s)
        bad = "The station is out of memory; try again.\n";
    else if (strlen(s) >= sizeof(in->form))
        bad = "The form is too long; shorten the fields.\n";
    else
        snprintf(in->form, sizeof(in->form), "%s", s);
    free(s);
    return bad;
}

/* The answers to pretix's questions ("answers", an object of question
 * identifier to answer) into in->form (issue 49). */
static const char *take_answers(json_t *o, struct web_station_input *in)
{
    json_t *a = json_object_get(o, "answers");
    if (!json_is_object(a))
        return "Give the answers as \"answers\", an object of question to "
               "answer.\n";
    char *s = json_dumps(a, JSON_COMPACT);
    const char *bad = NULL;
    if (!s)
        bad = "The station is out of memory; try again.\n";
    else if (strlen(s) >= sizeof(in->form))
        bad = "The answers are too long; shorten them.\n";
    else
        snprintf(in->form, sizeof(in->form), "%s", s);
    free(s);
    return bad;
}

/* One of a read's times, "read_at_ms" or "sent_at_ms" (0: absent); false
 * when it is no time a phone could say. */
static bool read_time(json_t *o, const char *key, int64_t *ms)
{
    json_t *j = json_object_get(o, key);
    *ms = 0;
    if (!j)
        return true;
    json_int_t t = json_is_integer(j) ? json_integer_value(j) : 0;
    if (t < READ_AT_MIN_MS || t > READ_AT_MAX_MS)
        return false;
    *ms = (int64_t)t;
    return true;
}

const char *web_read_take(json_t *o, char id[WEB_READ_ID_MAX + 1],
                          struct web_station_input *in)
{
    json_t *jid = json_object_get(o, "read_id");
    id[0] = '\0';
    in->read_at_ms = 0;
    in->read_age_ms = 0;
    if (jid) {
        const char *s = json_string_value(jid);
        size_t n = s ? strlen(s) : 0;
        bool ok = n >= WEB_READ_ID_MIN && n <= WEB_READ_ID_MAX;
        for (size_t i = 0; ok && i < n; i++)
            ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                 (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_';
        if (!ok)
            return "\"read_id\" is the read's own id, 8 to 64 letters, "
                   "digits, '-' or '_'; send the id the page gave the read.\n";
        memcpy(id, s, n + 1);
    }
    int64_t sent = 0;
    if (!read_time(o, "read_at_ms", &in->read_at_ms))
        return "\"read_at_ms\" is when the phone read the code, in "
               "milliseconds since 1970 as a whole number (years 2000 "
               "to 2100).\n";
    if (!read_time(o, "sent_at_ms", &sent))
        return "\"sent_at_ms\" is the phone's clock as it sends the code, in "
               "milliseconds since 1970 as a whole number (years 2000 "
               "to 2100).\n";
    /* On one clock, the phone's: its offset from the station's cancels
     * out, and the station decides at its own clock less this age. */
    if (in->read_at_ms && sent)
        in->read_age_ms = sent - in->read_at_ms;
    return NULL;
}

/* Parse one input into `in`; the sentence for a bad one, or NULL.  A
 * phone's code (`phone`) is a code whatever its "kind", and may carry its
 * read's id (into `read_id`) and time. */
static const char *parse_input(web_station *ws, const char *body, size_t len,
                               bool phone, struct web_station_input *out,
                               char read_id[WEB_READ_ID_MAX + 1])
{
    json_error_t je;
    json_t *o = json_loadb(body, len, 0, &je);
    if (!json_is_object(o)) {
        json_decref(o);
        return "Send one JSON object.\n";
    }
    struct web_station_input in = {0};
    /* A phone at a door answers pretix's questions it asked (issue 49)
     * with the code it asked about. */
    bool phone_answers = phone && json_object_get(o, "answers");
    const char *kind = phone_answers ? KINDS[WEB_INPUT_ANSWER]
                       : phone       ? KINDS[WEB_INPUT_CODE]
                               : json_string_value(json_object_get(o, "kind"));
    size_t k = 0;
    while (kind && k < sizeof(KINDS) / sizeof(KINDS[0]) &&
           strcmp(kind, KINDS[k]))
        k++;
    const char *text = json_string_value(json_object_get(o, "text"));
    json_t *number = json_object_get(o, "number");
    json_t *gen = json_object_get(o, "gen");
    json_t *id = json_object_get(o, "id");
    const char *bad = NULL;
    if (!kind || k == sizeof(KINDS) / sizeof(KINDS[0]))
        bad = "\"kind\" is code, search, pick, direction, note, reprint, "
              "override, undo, group, register, edit, swap, roll, "
              "walkin, answer, board, claim or win.\n";
    else if (text && strlen(text) >= sizeof(in.text))
        bad = "The text is too long.\n";
    else
        bad = take_pin(o, &in);
    if (!bad && phone)
        bad = web_read_take(o, read_id, &in);
    /* And the attendee's answer to the acknowledgements it shows them
     * (issue 55), which the display checks are its own to answer. */
    if (!bad && ws->kiosk && k != WEB_INPUT_CODE && k != WEB_INPUT_ANSWER)
        bad = "The kiosk only takes codes.\n";
    if (!bad && (k == WEB_INPUT_REGISTER || k == WEB_INPUT_EDIT ||
                 k == WEB_INPUT_CLAIM || k == WEB_INPUT_WIN))
        bad = take_form(o, &in);
    if (!bad && k == WEB_INPUT_ANSWER)
        bad = take_answers(o, &in);
    if (!bad) {
        in.kind = (enum web_input_kind)k;
        snprintf(in.text, sizeof(in.text), "%s", text ? text : "");
        in.number =
            json_is_integer(number) ? (long)json_integer_value(number) : -1;
        in.gen = json_is_integer(gen) ? (long)json_integer_value(gen) : -1;
        in.id = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
        if ((in.kind == WEB_INPUT_CODE || in.kind == WEB_INPUT_SEARCH ||
             phone_answers) &&
            !in.text[0])
            bad = "Give the code or the search as \"text\".\n";
    }
    json_decref(o);
    if (!bad)
        *out = in;
    return bad;
}

/* Queue `in` for the station loop, with a ticket for its answer when
 * `ticket`; ws->mu held.  The sentence when the queue is full. */
static const char *enqueue(web_station *ws, struct web_station_input *in,
                           bool ticket)
{
    if (ws->nin == MAX_INPUTS)
        return "The station is busy; try again in a moment.\n";
    if (ticket) {
        in->ticket = ++ws->next_ticket;
        struct answer *slot = &ws->answers[in->ticket % MAX_ANSWERS];
        free(slot->json); /* one nobody collected */
        slot->json = NULL;
        slot->ticket = 0;
    }
    ws->inputs[(ws->in_head + ws->nin++) % MAX_INPUTS] = *in;
    pthread_cond_signal(&ws->input);
    if (ws->wake >= 0)
        (void)eventfd_write(ws->wake, 1);
    return NULL;
}

/* Parse and queue one input from the station's page; the sentence for a
 * bad one, or NULL.  The walk-in's form opening, the board, a claim
 * at it and a lot's win at the pay desk wait for the station's answer (*json,
 * malloc'd; NULL when it did not come in time). */
static const char *take_input(web_station *ws, const char *body, size_t len,
                              char **json)
{
    struct web_station_input in;
    char read_id[WEB_READ_ID_MAX + 1];
    *json = NULL;
    const char *bad = parse_input(ws, body, len, false, &in, read_id);
    if (bad)
        return bad;
    if (in.kind == WEB_INPUT_WALKIN || in.kind == WEB_INPUT_BOARD ||
        in.kind == WEB_INPUT_CLAIM || in.kind == WEB_INPUT_WIN) {
        bad = web_station_ask(ws, &in, "", json);
        if (!bad && !*json)
            bad = in.kind == WEB_INPUT_WALKIN
                      ? "The station did not answer in time (busy, or "
                        "stopping); open the walk-in's form again.\n"
                      : "The station did not answer in time (busy, or "
                        "stopping); try again.\n";
        return bad;
    }
    pthread_mutex_lock(&ws->mu);
    bad = enqueue(ws, &in, false);
    pthread_mutex_unlock(&ws->mu);
    return bad;
}

void web_station_wake(web_station *ws, int fd)
{
    pthread_mutex_lock(&ws->mu);
    ws->wake = fd;
    pthread_mutex_unlock(&ws->mu);
}

bool web_station_input(web_station *ws, int timeout_ms,
                       struct web_station_input *out)
{
    pthread_mutex_lock(&ws->mu);
    if (!ws->nin && timeout_ms > 0) {
        struct timespec until;
        util_mono_deadline(timeout_ms, &until);
        while (!ws->nin && !ws->stopping)
            if (pthread_cond_timedwait(&ws->input, &ws->mu, &until) ==
                ETIMEDOUT)
                break;
    }
    bool have = ws->nin > 0;
    if (have) {
        *out = ws->inputs[ws->in_head];
        /* A PIN lives in one place at a time. */
        memset(ws->inputs[ws->in_head].pin, 0, sizeof(out->pin));
        ws->in_head = (ws->in_head + 1) % MAX_INPUTS;
        ws->nin--;
    }
    /* The loop takes one input a turn and may take one that makes no
     * screen event (a booth's question, a walk-in's form): while more
     * wait, its wake fd stays readable, or it would sleep on them. */
    if (ws->nin && ws->wake >= 0)
        (void)eventfd_write(ws->wake, 1);
    pthread_mutex_unlock(&ws->mu);
    return have;
}

/* The read still waiting for the answer to `ticket`, or NULL; ws->mu
 * held.  The newest first: a read is answered within seconds. */
static struct read *read_of_ticket(web_station *ws, uint64_t ticket)
{
    uint64_t n =
        ws->nreads < WEB_STATION_READS ? ws->nreads : WEB_STATION_READS;
    for (uint64_t i = 1; i <= n; i++) {
        struct read *rd = &ws->reads[(ws->nreads - i) % WEB_STATION_READS];
        if (rd->ticket == ticket)
            return rd->json ? NULL : rd;
    }
    return NULL;
}

/* The read remembered under `key`, or NULL; ws->mu held. */
static struct read *read_find(web_station *ws, const char *key)
{
    uint64_t n =
        ws->nreads < WEB_STATION_READS ? ws->nreads : WEB_STATION_READS;
    for (uint64_t i = 1; i <= n; i++) {
        struct read *rd = &ws->reads[(ws->nreads - i) % WEB_STATION_READS];
        if (!strcmp(rd->key, key))
            return rd;
    }
    return NULL;
}

void web_station_answer(web_station *ws, uint64_t ticket, const char *json)
{
    char *copy = strdup(json);
    pthread_mutex_lock(&ws->mu);
    /* A read with an id keeps its answer for the same read sent again;
     * its requests wait on the read, not on the answer slot. */
    struct read *rd = read_of_ticket(ws, ticket);
    if (rd && copy) {
        rd->json = copy;
    } else {
        struct answer *slot = &ws->answers[ticket % MAX_ANSWERS];
        free(slot->json);
        slot->json = copy;
        slot->ticket = copy ? ticket : 0;
    }
    pthread_cond_broadcast(&ws->answered);
    pthread_mutex_unlock(&ws->mu);
}

/* Wait for the answer to `ticket` (malloc'd JSON), or NULL after
 * ANSWER_WAIT_MS or when the server stops; ws->mu held. */
static char *await_locked(web_station *ws, uint64_t ticket)
{
    struct timespec until;
    util_mono_deadline(ANSWER_WAIT_MS, &until);
    char *json = NULL;
    struct answer *slot = &ws->answers[ticket % MAX_ANSWERS];
    while (!ws->stopping && slot->ticket != ticket)
        if (pthread_cond_timedwait(&ws->answered, &ws->mu, &until) == ETIMEDOUT)
            break;
    if (slot->ticket == ticket) {
        json = slot->json;
        slot->json = NULL;
        slot->ticket = 0;
    }
    return json;
}

/* The answer the read `rd` gets (a copy), or NULL after ANSWER_WAIT_MS or
 * when the server stops; ws->mu held.  Several requests may wait on one
 * read (the same read sent again while the first still waits). */
static char *await_read(web_station *ws, struct read *rd)
{
    struct timespec until;
    util_mono_deadline(ANSWER_WAIT_MS, &until);
    uint64_t ticket = rd->ticket;
    while (!ws->stopping && rd->ticket == ticket && !rd->json)
        if (pthread_cond_timedwait(&ws->answered, &ws->mu, &until) == ETIMEDOUT)
            break;
    return rd->ticket == ticket && rd->json ? strdup(rd->json) : NULL;
}

/* ---- lent to the booths (booth_priv.h) ---- */

enum MHD_Result web_reply_scan(web_station *ws, struct MHD_Connection *c,
                               unsigned status, const char *type,
                               const void *body, size_t len,
                               enum MHD_ResponseMemoryMode mode)
{
    pthread_mutex_lock(&ws->mu);
    int64_t ms = ws->cooldown_ms;
    pthread_mutex_unlock(&ws->mu);
    char v[24];
    snprintf(v, sizeof(v), "%lld", (long long)ms);
    return web_reply_header(c, status, type, body, len, mode,
                            ms > 0 ? WEB_COOLDOWN_HEADER : NULL, v);
}

const char *web_station_ask(web_station *ws, struct web_station_input *in,
                            const char *read_id, char **json)
{
    *json = NULL;
    char key[sizeof(((struct read *)0)->key)];
    if (read_id[0])
        snprintf(key, sizeof(key), "%s/%s", in->booth, read_id);
    pthread_mutex_lock(&ws->mu);
    struct read *rd = read_id[0] ? read_find(ws, key) : NULL;
    bool again = rd != NULL;
    snprintf(in->read_id, sizeof(in->read_id), "%s", read_id);
    if (!rd) { /* a new read: the station decides it */
        const char *busy = enqueue(ws, in, true);
        if (busy) {
            pthread_mutex_unlock(&ws->mu);
            return busy;
        }
        if (read_id[0]) {
            rd = &ws->reads[ws->nreads++ % WEB_STATION_READS];
            free(rd->json);
            rd->json = NULL;
            snprintf(rd->key, sizeof(rd->key), "%s", key);
            rd->ticket = in->ticket;
        }
    }
    *json = rd ? await_read(ws, rd) : await_locked(ws, in->ticket);
    if (again && *json) {
        /* Answered from memory: the station's screens say it as they do
         * a repeat the file answers (a full queue loses only the line). */
        in->kind = WEB_INPUT_REPEAT;
        in->ticket = 0;
        (void)enqueue(ws, in, false);
    }
    pthread_mutex_unlock(&ws->mu);
    return NULL;
}

void web_station_set_cooldown(web_station *ws, int64_t ms)
{
    pthread_mutex_lock(&ws->mu);
    ws->cooldown_ms = ms;
    pthread_mutex_unlock(&ws->mu);
}

static int64_t monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void web_station_set_cookie_end(web_station *ws, int64_t left_ms)
{
    pthread_mutex_lock(&ws->mu);
    ws->cookie_end_ms = left_ms > 0 ? monotonic_ms() + left_ms : 0;
    pthread_mutex_unlock(&ws->mu);
}

/* Seconds the token's cookie set now lasts; 0: until the browser closes
 * (the event is over, or its end was never said). */
static int64_t cookie_max_age_s(web_station *ws)
{
    pthread_mutex_lock(&ws->mu);
    int64_t end = ws->cookie_end_ms;
    pthread_mutex_unlock(&ws->mu);
    int64_t left = end ? end - monotonic_ms() : 0;
    return left > 1000 ? left / 1000 : 0;
}

int web_station_set_booths(web_station *ws, const struct web_booth *b, size_t n,
                           struct ck_error *err)
{
    return web_booths_set(ws->booths, b, n, err);
}

void web_station_set_booth_csv(web_station *ws, web_booth_csv_fn fn, void *ctx)
{
    pthread_mutex_lock(&ws->mu);
    ws->booth_csv = fn;
    ws->booth_csv_ctx = ctx;
    pthread_mutex_unlock(&ws->mu);
}

void web_station_set_lead_links(web_station *ws, bool on)
{
    pthread_mutex_lock(&ws->mu);
    ws->lead_links = on;
    pthread_mutex_unlock(&ws->mu);
}

bool web_station_leads_again(web_station *ws)
{
    pthread_mutex_lock(&ws->mu);
    int64_t now = monotonic_ms();
    bool ask = ws->lead_links &&
               (!ws->leads_asked_ms || now - ws->leads_asked_ms >= LEAD_ASK_MS);
    if (ask)
        ws->leads_asked_ms = now;
    pthread_mutex_unlock(&ws->mu);
    if (!ask)
        return false;
    struct web_station_input in = {0};
    in.kind = WEB_INPUT_CODE;
    in.booth_ask = WEB_SPRINT_LINKS;
    char *json = NULL;
    const char *busy = web_station_ask(ws, &in, "", &json);
    bool answered = !busy && json;
    free(json);
    return answered;
}

bool web_station_has_booth_csv(web_station *ws)
{
    pthread_mutex_lock(&ws->mu);
    bool has = ws->booth_csv != NULL;
    pthread_mutex_unlock(&ws->mu);
    return has;
}

int web_station_booth_csv(web_station *ws, const char *sponsor, FILE *out,
                          char *said, size_t said_cap, struct ck_error *err)
{
    pthread_mutex_lock(&ws->mu);
    web_booth_csv_fn fn = ws->booth_csv;
    void *ctx = ws->booth_csv_ctx;
    pthread_mutex_unlock(&ws->mu);
    if (!fn)
        return ck_fail(err, CK_EINVAL, "%s", "");
    return fn(ctx, sponsor, out, said, said_cap, err);
}

/* A phone's code: queue it, wait for what the station made of it (or,
 * a read sent again, what it made of it the first time). */
static enum MHD_Result scan_code(web_station *ws, struct MHD_Connection *c,
                                 const char *body, size_t len)
{
    struct web_station_input in;
    char read_id[WEB_READ_ID_MAX + 1];
    const char *bad = parse_input(ws, body, len, true, &in, read_id);
    if (bad)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST, bad);
    char *json = NULL;
    /* Answers are decided each time they are sent, never as a read. */
    const char *busy = web_station_ask(
        ws, &in, in.kind == WEB_INPUT_ANSWER ? "" : read_id, &json);
    if (busy)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, busy);
    if (!json)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                              "The station did not answer in time (busy, "
                              "or stopping); scan again.\n");
    return web_reply_scan(ws, c, MHD_HTTP_OK, "application/json", json,
                          strlen(json), MHD_RESPMEM_MUST_FREE);
}

/* Whether a state-changing request comes from the station's own page:
 * the token's cookie (never sent cross-site: SameSite=Strict), a JSON
 * body (a plain form cannot send one), and no other site's Origin. */
static const char *post_refusal(web_station *ws, struct MHD_Connection *c)
{
    if (!web_cookie_token(&ws->l, c, COOKIE))
        return "Open the station's screen with the link 'checkin scan' "
               "printed: it carries the station's token.\n";
    switch (web_post_fault(&ws->l, c)) {
    case WEB_POST_NOT_JSON:
        return "Send JSON (Content-Type: application/json).\n";
    case WEB_POST_FOREIGN:
        return "Only the station's own page may change anything; open it "
               "with the link 'checkin scan' printed.\n";
    case WEB_POST_OK:
        break;
    }
    return NULL;
}

/* ---- requests ---- */

struct request {
    char body[MAX_BODY];
    size_t len;
    bool too_big;
};

static void request_done(void *cls, struct MHD_Connection *c, void **req,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    if (*req != cls)
        free(*req);
    *req = NULL;
}

/* The /scan page's worker: the one script allowed to compile
 * WebAssembly (the decoder). */
static enum MHD_Result reply_worker(struct MHD_Connection *c,
                                    const struct web_asset *a)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    web_add_headers_csp(r, a->type, WEB_CSP_WASM);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* The sponsors' booths' pages and API (booth.c), with the checks every
 * request gets first. */
static enum MHD_Result booth_route(web_station *ws, struct MHD_Connection *c,
                                   const char *url, const char *method,
                                   const char *upload, size_t *upload_size,
                                   void **req)
{
    if (!*req) {
        if (strcmp(method, MHD_HTTP_METHOD_GET) &&
            strcmp(method, MHD_HTTP_METHOD_HEAD) &&
            strcmp(method, MHD_HTTP_METHOD_POST))
            return web_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  "Only GET and POST.\n");
        if (ws->l.loopback && !web_host_ok(&ws->l, c))
            return web_reply_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
                                  "This station answers only to its own "
                                  "address; open your booth's link.\n");
        if (ws->kiosk)
            return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
    }
    return web_booth_handle(ws, ws->booths, &ws->l, ws, c, url, method, upload,
                            upload_size, req);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version;
    web_station *ws = cls;
    if (web_booth_url(url))
        return booth_route(ws, c, url, method, upload, upload_size, req);
    /* A booth's token reaches its booth and nothing else: not the
     * station's screen nor /events (every booth's verdicts), /scan or
     * /api/input, not even on loopback. */
    if (!*req && web_booth_cookie(ws->booths, c) &&
        !web_cookie_token(&ws->l, c, COOKIE))
        return web_reply_text(c, MHD_HTTP_FORBIDDEN,
                              "A sponsor's booth link opens that booth's "
                              "page only (/booth/).\n");
    bool get = !strcmp(method, MHD_HTTP_METHOD_GET) ||
               !strcmp(method, MHD_HTTP_METHOD_HEAD);
    bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
    if (!*req) { /* headers only so far: refuse before reading a body */
        if (!get && !post)
            return web_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  "Only GET and POST.\n");
        if (ws->l.loopback && !web_host_ok(&ws->l, c))
            return web_reply_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
                                  "This station answers only to its own "
                                  "address; open the link 'checkin scan' "
                                  "printed.\n");
        if (post) {
            if (strcmp(url, "/api/input") &&
                (ws->kiosk || strcmp(url, "/api/scan")))
                return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
            const char *no = post_refusal(ws, c);
            if (no)
                return web_reply_text(c, MHD_HTTP_FORBIDDEN, no);
            struct request *r = calloc(1, sizeof(*r));
            if (!r)
                return MHD_NO;
            *req = r;
        } else {
            *req = ws;
        }
        return MHD_YES;
    }
    if (post) {
        struct request *r = *req;
        if (*upload_size) {
            web_body_take(r->body, sizeof(r->body), &r->len, &r->too_big,
                          upload, upload_size);
            return MHD_YES;
        }
        if (r->too_big)
            return web_reply_text(c, 413, "Too long for the station.\n");
        if (!strcmp(url, "/api/scan"))
            return scan_code(ws, c, r->body, r->len);
        char *json = NULL;
        const char *bad = take_input(ws, r->body, r->len, &json);
        if (bad)
            return web_reply_text(c, MHD_HTTP_BAD_REQUEST, bad);
        if (json)
            return web_reply(c, MHD_HTTP_OK, "application/json", json,
                             strlen(json), MHD_RESPMEM_MUST_FREE);
        return web_reply(c, MHD_HTTP_OK, "application/json", "{}", 2,
                         MHD_RESPMEM_PERSISTENT);
    }
    if (*upload_size)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST, "A GET has no body.\n");
    if (web_query_token(&ws->l, c))
        return web_set_token_cookie(c, &ws->l, COOKIE, url,
                                    cookie_max_age_s(ws));
    if (!ws->l.loopback && !web_cookie_token(&ws->l, c, COOKIE))
        return web_reply_text(c, MHD_HTTP_FORBIDDEN,
                              "Open the station's screen with the link "
                              "'checkin scan' printed: it carries the "
                              "station's token.\n");
    char path[128];
    snprintf(path, sizeof(path), "/%s%s", ws->kiosk ? "kiosk" : "station", url);
    const struct web_asset *a = strlen(url) < 64 ? web_asset_at(path) : NULL;
    if (a && !strcmp(a->url, "/station/scan/scan-worker.js"))
        return reply_worker(c, a);
    if (a)
        return web_reply_scan(ws, c, MHD_HTTP_OK, a->type, a->data, a->len,
                              MHD_RESPMEM_PERSISTENT);
    if (!strcmp(url, "/scan"))
        return web_redirect(c, "/scan/");
    if (!strcmp(url, "/events"))
        return open_stream(ws, c);
    if (!strcmp(url, "/api/messages")) {
        /* ?lang=ja: another language's words, the attendee's (issue 53). */
        const char *lang =
            MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
        char *words = web_station_messages(lang);
        if (words)
            return web_reply(c, MHD_HTTP_OK, "application/json", words,
                             strlen(words), MHD_RESPMEM_MUST_FREE);
        if (lang)
            return web_reply_text(c, MHD_HTTP_NOT_FOUND,
                                  "checkin speaks no such language.\n");
    }
    return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
}

/* ---- start and stop ---- */

int web_station_start(const char *where, bool kiosk, web_station **out,
                      struct ck_error *err)
{
    return web_station_start_tls(where, kiosk, NULL, NULL, out, err);
}

int web_station_start_tls(const char *where, bool kiosk, const char *tls_cert,
                          const char *tls_key, web_station **out,
                          struct ck_error *err)
{
    return web_station_start_kept(where, kiosk, tls_cert, tls_key, NULL, out,
                                  err);
}

int web_station_start_kept(const char *where, bool kiosk, const char *tls_cert,
                           const char *tls_key, const char *token,
                           web_station **out, struct ck_error *err)
{
    *out = NULL;
    if (token && (strlen(token) < 16 || strlen(token) > 64))
        return ck_fail(err, CK_EINVAL,
                       "The station's web token is not 16 to 64 characters; "
                       "start the station with --new-token.");
    web_station *ws = calloc(1, sizeof(*ws));
    if (!ws)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    ws->kiosk = kiosk;
    ws->next_id = 1;
    ws->wake = -1;
    ws->booths = web_booths_new();
    ws->reads = calloc(WEB_STATION_READS, sizeof(*ws->reads));
    if (!ws->booths || !ws->reads) {
        web_booths_free(ws->booths);
        free(ws->reads);
        free(ws);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    pthread_mutex_init(&ws->mu, NULL);
    (void)util_mono_cond_init(&ws->changed);
    (void)util_mono_cond_init(&ws->input);
    (void)util_mono_cond_init(&ws->answered);
    int code = web_listen(where, "--web", &ws->l, err);
    if (!code && token)
        snprintf(ws->l.token, sizeof(ws->l.token), "%s", token);
    if (!code && tls_cert)
        code = web_tls_load(&ws->l, tls_cert, tls_key, err);
    if (!code && !ws->l.tls && !ws->l.loopback && !kiosk)
        snprintf(ws->warning, sizeof(ws->warning),
                 "Phones' cameras work only over HTTPS away from this "
                 "machine: give --tls-cert and --tls-key (docs/phones.md).");
    if (!code) {
        web_links(&ws->l, true, ws->url, sizeof(ws->url));
        web_links_to(&ws->l, "scan/", true, ws->scan_url, sizeof(ws->scan_url));
        ws->l.wake_streams = wake_streams;
        ws->l.wake_streams_cls = ws;
        ws->daemon = web_serve(&ws->l, &LIMITS, handle, request_done, ws);
        if (!ws->daemon)
            code = ck_fail(err, CK_EIO,
                           "Cannot serve on %s: the web server did not "
                           "start; try again.",
                           where);
    }
    if (code) {
        web_station_stop(ws);
        return code;
    }
    *out = ws;
    return CK_OK;
}

const char *web_station_url(const web_station *ws)
{
    return ws->url;
}

const char *web_station_scan_url(const web_station *ws)
{
    return ws->scan_url;
}

int web_station_reload_tls(web_station *ws, char *said, size_t cap,
                           struct ck_error *err)
{
    return web_tls_reload(&ws->l, said, cap, err);
}

const char *web_station_warning(const web_station *ws)
{
    return ws->warning;
}

void web_station_stop(web_station *ws)
{
    if (!ws)
        return;
    pthread_mutex_lock(&ws->mu);
    ws->stopping = true;
    pthread_cond_broadcast(&ws->changed);
    pthread_cond_broadcast(&ws->input);
    pthread_cond_broadcast(&ws->answered);
    pthread_mutex_unlock(&ws->mu);
    web_unserve(&ws->l, ws->daemon);
    if (ws->l.fd >= 0)
        close(ws->l.fd);
    for (size_t i = 0; i < WEB_STATION_KEEP; i++)
        free(ws->ring[i].json);
    for (size_t i = 0; i < ws->nstates; i++)
        free(ws->states[i].json);
    for (size_t i = 0; i < MAX_ANSWERS; i++)
        free(ws->answers[i].json);
    for (size_t i = 0; ws->reads && i < WEB_STATION_READS; i++)
        free(ws->reads[i].json);
    free(ws->reads);
    pthread_cond_destroy(&ws->answered);
    pthread_cond_destroy(&ws->input);
    pthread_cond_destroy(&ws->changed);
    pthread_mutex_destroy(&ws->mu);
    web_booths_free(ws->booths);
    free(ws);
}
