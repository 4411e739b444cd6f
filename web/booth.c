/* A sponsor's booth on its own phone (see booth_priv.h; docs/phones.md
 * "Sponsors on their own phones"): the link /booth/?token=T enrolls the
 * phone once (T kept in the checkin_booth cookie), and every request is
 * answered for the sponsor T belongs to and no other.  No address names a
 * sponsor: there is nothing to change in a URL to reach another's.  The
 * pages are the /scan page's camera and decoder plus the booth's lead
 * list; what they ask goes to the station loop as an input with a ticket,
 * as a phone's code does.  Not for deciding or reading files (the loop
 * does), nor for the station's own pages (station_server.c). */
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booth_priv.h"
#include "checkin/expo.h"
#include "station_page_text.h"

#define MAX_BOOTHS 512
#define MAX_BODY 8192

struct web_booths {
    pthread_mutex_t mu;
    struct web_booth *list;
    size_t n;
};

struct web_booths *web_booths_new(void)
{
    struct web_booths *b = calloc(1, sizeof(*b));
    if (b)
        pthread_mutex_init(&b->mu, NULL);
    return b;
}

void web_booths_free(struct web_booths *b)
{
    if (!b)
        return;
    if (b->list)
        sodium_memzero(b->list, b->n * sizeof(*b->list));
    free(b->list);
    pthread_mutex_destroy(&b->mu);
    free(b);
}

int web_booths_set(struct web_booths *b, const struct web_booth *list, size_t n,
                   struct ck_error *err)
{
    if (n > MAX_BOOTHS)
        return ck_failn(err, CK_EINVAL, MAX_BOOTHS,
                        "%zu sponsor is more booths than one station serves "
                        "(%d); split the expo hall.",
                        "%zu sponsors are more booths than one station serves "
                        "(%d); split the expo hall.",
                        n, MAX_BOOTHS);
    struct web_booth *copy = n ? calloc(n, sizeof(*copy)) : NULL;
    if (n && !copy)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (n)
        memcpy(copy, list, n * sizeof(*copy));
    pthread_mutex_lock(&b->mu);
    struct web_booth *old = b->list;
    size_t nold = b->n;
    b->list = copy;
    b->n = n;
    pthread_mutex_unlock(&b->mu);
    if (old)
        sodium_memzero(old, nold * sizeof(*old));
    free(old);
    return CK_OK;
}

bool web_booth_url(const char *url)
{
    return !strcmp(url, "/booth") || !strncmp(url, "/booth/", 7) ||
           !strncmp(url, "/api/booth/", 11);
}

/* The sponsor (or sprint project: *project) whose token `given` is, into
 * `slug`, and whether its booth is closed: each booth's token is compared
 * in constant time, and every one is compared. */
static bool match_any(struct web_booths *b, const char *given, char *slug,
                      size_t cap, bool *closed, bool *project)
{
    bool found = false;
    *closed = false;
    *project = false;
    if (!given || strlen(given) != 64)
        return false;
    pthread_mutex_lock(&b->mu);
    for (size_t i = 0; i < b->n; i++)
        if (sodium_memcmp(given, b->list[i].token, 64) == 0 && !found) {
            found = true;
            *closed = b->list[i].closed;
            *project = b->list[i].project;
            snprintf(slug, cap, "%s", b->list[i].slug);
        }
    pthread_mutex_unlock(&b->mu);
    return found;
}

/* A sponsor's booth, closed or not. */
static bool match_booth(struct web_booths *b, const char *given, char *slug,
                        size_t cap, bool *closed)
{
    bool project;
    return match_any(b, given, slug, cap, closed, &project) && !project;
}

/* An open booth's sponsor only. */
static bool match(struct web_booths *b, const char *given, char *slug,
                  size_t cap)
{
    bool closed;
    return match_booth(b, given, slug, cap, &closed) && !closed;
}

/* A sprint project lead's link: the project's slug. */
static bool match_lead(struct web_booths *b, const char *given, char *slug,
                       size_t cap)
{
    bool closed, project;
    return match_any(b, given, slug, cap, &closed, &project) && project;
}

/* Whether `given` is the token of a booth the organizer closed. */
static bool closed_booth(struct web_booths *b, const char *given)
{
    char slug[64];
    bool closed;
    return match_booth(b, given, slug, sizeof(slug), &closed) && closed;
}

/* Any booth's cookie, a closed one's and a project lead's too: it
 * reaches no station page. */
bool web_booth_cookie(struct web_booths *b, struct MHD_Connection *c)
{
    char slug[64];
    bool closed, project;
    return b && match_any(b,
                          MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
                                                      WEB_BOOTH_COOKIE),
                          slug, sizeof(slug), &closed, &project);
}

/* ---- answers ---- */

/* A link whose token is no booth's nor lead's (any more). */
#define NOT_ONE_OF_OURS                                                        \
    "This booth link is not (or no longer) one of this station's; ask the "    \
    "organizer for your booth's link.\n"

static enum MHD_Result refuse(struct MHD_Connection *c, const char *sentence)
{
    return web_reply_text(c, MHD_HTTP_FORBIDDEN, sentence);
}

/* Keep the booth's token in its cookie and send the browser to /booth/
 * without the token in the address bar.  The cookie outlives the browser
 * (BOOTH_COOKIE_S): the sponsor's phone, its browser closed, opens
 * /booth/ again from its history, from its own copy of the page while
 * the station is away, and the reads it kept go with that cookie. */
#define BOOTH_COOKIE_S (30 * 24 * 3600)
static enum MHD_Result enroll(struct MHD_Connection *c,
                              const struct web_listener *l, const char *token)
{
    char set[200];
    snprintf(set, sizeof(set),
             "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
             WEB_BOOTH_COOKIE, token, BOOTH_COOKIE_S, l->tls ? "; Secure" : "");
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    web_add_headers(r, NULL);
    MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, set);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, "/booth/");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
    MHD_destroy_response(r);
    return ok;
}

/* The booth's page files: its own, and the /scan page's camera script,
 * style, decoder worker, decoder, service worker and the pages' shared
 * script under /booth/. */
static enum MHD_Result asset(struct MHD_Connection *c, const char *url)
{
    static const char *const SHARED[] = {"scan.js",        "scan.css",
                                         "scan-worker.js", "decoder.wasm",
                                         "sw.js",          "shared.js"};
    char path[128];
    snprintf(path, sizeof(path), "%s", url);
    for (size_t i = 0; i < sizeof(SHARED) / sizeof(SHARED[0]); i++)
        if (!strcmp(url + 7, SHARED[i]))
            snprintf(path, sizeof(path), "/station/scan/%s", SHARED[i]);
    const struct web_asset *a = strlen(url) < 64 ? web_asset_at(path) : NULL;
    if (!a)
        return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
    struct MHD_Response *r = MHD_create_response_from_buffer(
        a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    /* Only the decoder's worker may compile WebAssembly. */
    if (!strcmp(url, "/booth/scan-worker.js"))
        web_add_headers_csp(r, a->type, WEB_CSP_WASM);
    else
        web_add_headers(r, a->type);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* A booth's CSV as a download (a project lead's: `lead`), with `note`
 * (NULL: none) in WEB_BOOTH_NOTE_HEADER for its page to show. */
static enum MHD_Result csv_reply(struct MHD_Connection *c, const char *slug,
                                 bool lead, const char *csv, size_t len,
                                 const char *note)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)csv, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    char disp[160];
    snprintf(disp, sizeof(disp), "attachment; filename=\"%s-%s.csv\"",
             lead ? "sprint" : "leads", slug);
    web_add_headers(r, "text/csv");
    MHD_add_response_header(r, "Content-Disposition", disp);
    if (note)
        MHD_add_response_header(r, WEB_BOOTH_NOTE_HEADER, note);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* Ask the station loop (a code with its read's id, `read_id`, "" for
 * none); the answer, or the sentence that there was none.  `note` goes
 * with a CSV (csv_reply). */
static enum MHD_Result ask_noted(web_station *ws, struct MHD_Connection *c,
                                 struct web_station_input *in,
                                 const char *read_id, const char *note)
{
    char *json = NULL;
    const char *busy = web_station_ask(ws, in, read_id, &json);
    if (busy)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, busy);
    if (!json)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                              "The station did not answer in time (busy, or "
                              "stopping); try again.\n");
    if (in->booth_ask == WEB_BOOTH_SCAN)
        return web_reply_scan(ws, c, MHD_HTTP_OK, "application/json", json,
                              strlen(json), MHD_RESPMEM_MUST_FREE);
    /* The others: what was asked, or the station's sentence. */
    json_t *o = json_loads(json, 0, NULL);
    const char *msg = json_string_value(json_object_get(o, "message"));
    /* A lead's link revoked since the station read the links. */
    bool refused = json_is_true(json_object_get(o, "refused"));
    const char *csv = json_string_value(json_object_get(o, "csv"));
    const char *html = json_string_value(json_object_get(o, "html"));
    bool lead = in->booth_ask == WEB_SPRINT_CSV;
    enum MHD_Result ok;
    if (refused) {
        ok = refuse(c, NOT_ONE_OF_OURS);
    } else if (msg) {
        char line[600];
        snprintf(line, sizeof(line), "%s\n", msg);
        ok = web_reply_text(c,
                            strstr(msg, "No such lead") ? MHD_HTTP_NOT_FOUND
                                                        : MHD_HTTP_BAD_REQUEST,
                            line);
    } else if (csv && (in->booth_ask == WEB_BOOTH_CSV || lead)) {
        ok = csv_reply(c, in->booth, lead, csv, strlen(csv), note);
    } else if (html && in->booth_ask == WEB_SPRINT_PAGE) {
        ok = web_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", html,
                       strlen(html), MHD_RESPMEM_MUST_COPY);
    } else {
        ok = web_reply(c, MHD_HTTP_OK, "application/json", json, strlen(json),
                       MHD_RESPMEM_MUST_COPY);
    }
    json_decref(o);
    free(json);
    return ok;
}

static enum MHD_Result ask(web_station *ws, struct MHD_Connection *c,
                           struct web_station_input *in, const char *read_id)
{
    return ask_noted(ws, c, in, read_id, NULL);
}

/* The note of a booth's CSV at a station at no hub. */
#define NO_HUB_NOTE                                                            \
    "This file has no names or emails: the station is at no hub; ask the "     \
    "organizer for your leads ('checkin hub leads')."

/* What the headers of a HEAD of a booth's CSV at a hub stand for. */
#define HEAD_NOTE                                                              \
    "These headers are the station's own file's, without names or emails; "    \
    "a GET asks the hub for them first (a few seconds at most), so its "       \
    "file may be longer."

/* A booth's CSV: the hub's file with the consented contact details when
 * the station has a hub and reaches it in time (asked on this phone's
 * own connection thread: the loop and the other phones go on), else the
 * station's own file and a sentence why it has no contact details. */
static enum MHD_Result booth_csv(web_station *ws, struct MHD_Connection *c,
                                 struct web_station_input *in)
{
    char *buf = NULL;
    size_t len = 0;
    struct ck_error e = {0};
    char said[300] = "";
    FILE *f = open_memstream(&buf, &len);
    int code =
        f ? web_station_booth_csv(ws, in->booth, f, said, sizeof(said), &e)
          : CK_ENOMEM;
    if (f)
        fclose(f);
    if (!code) {
        enum MHD_Result ok =
            csv_reply(c, in->booth, false, buf, len, said[0] ? said : NULL);
        free(buf);
        return ok;
    }
    free(buf);
    const char *note =
        !e.msg[0] ? NO_HUB_NOTE
        : code == CK_EVERSION
            ? "This file has no names or emails: the hub is older than this "
              "station; ask the organizer for your leads ('checkin hub "
              "leads')."
            : "This file has no names or emails: the station cannot reach "
              "the hub now; download again when it is back online, or ask "
              "the organizer for your leads ('checkin hub leads').";
    return ask_noted(ws, c, in, "", note);
}

/* A lead's edit from its JSON: {"id": N, "note": "...", "rating": 0-5,
 * "tags": ["...", ...]}; the sentence for a bad one. */
static const char *take_edit(json_t *o, struct web_station_input *in)
{
    json_t *id = json_object_get(o, "id");
    json_t *note = json_object_get(o, "note");
    json_t *rating = json_object_get(o, "rating");
    json_t *tags = json_object_get(o, "tags");
    if (!json_is_integer(id) || json_integer_value(id) <= 0)
        return "Say which lead as \"id\", a number from the lead list.\n";
    if (note && !json_is_string(note))
        return "The note is text (\"note\").\n";
    if (note && strlen(json_string_value(note)) >= sizeof(in->text))
        return "The note is too long; keep it under 500 bytes.\n";
    if (rating && (!json_is_integer(rating) || json_integer_value(rating) < 0 ||
                   json_integer_value(rating) > 5))
        return "A rating is 0 to 5 stars (\"rating\").\n";
    if (tags && !json_is_array(tags))
        return "Tags are a list of words (\"tags\").\n";
    if (json_array_size(tags) > WEB_BOOTH_TAGS)
        return "A lead has at most 8 tags; take some off.\n";
    for (size_t i = 0; i < json_array_size(tags); i++) {
        const char *t = json_string_value(json_array_get(tags, i));
        if (!t)
            return "Each tag is text.\n";
        if (strlen(t) >= WEB_BOOTH_TAG_CAP)
            return "A tag is at most 32 characters; shorten it.\n";
        snprintf(in->tags[i], sizeof(in->tags[i]), "%s", t);
    }
    in->ntags = json_array_size(tags);
    in->id = (int64_t)json_integer_value(id);
    snprintf(in->text, sizeof(in->text), "%s",
             note ? json_string_value(note) : "");
    in->number = rating ? (long)json_integer_value(rating) : 0;
    return NULL;
}

/* A POST from the booth's own page: JSON, and no other site's Origin
 * (the cookie is SameSite=Strict as well). */
static const char *post_refusal(const struct web_listener *l,
                                struct MHD_Connection *c)
{
    const char *type =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!type || strncmp(type, "application/json", 16))
        return "Send JSON (Content-Type: application/json).\n";
    const char *origin =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (origin && !web_origin_ok(c, origin) &&
        !(!strncmp(origin, "https://", 8) && web_tls_name_ok(l, origin + 8)))
        return "Only the booth's own page may change anything; open it with "
               "your booth's link.\n";
    return NULL;
}

struct booth_request {
    char body[MAX_BODY];
    size_t len;
    bool too_big;
    char slug[64];
};

static enum MHD_Result post(web_station *ws, struct MHD_Connection *c,
                            const char *url, struct booth_request *r)
{
    if (r->too_big)
        return web_reply_text(c, 413, "Too long for the station.\n");
    json_t *o = json_loadb(r->body, r->len, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                              "Send one JSON object.\n");
    }
    struct web_station_input in = {0};
    in.kind = WEB_INPUT_CODE;
    snprintf(in.booth, sizeof(in.booth), "%s", r->slug);
    const char *bad = NULL;
    char read_id[WEB_READ_ID_MAX + 1] = "";
    if (!strcmp(url, "/api/booth/scan")) {
        in.booth_ask = WEB_BOOTH_SCAN;
        const char *text = json_string_value(json_object_get(o, "text"));
        if (!text || !*text)
            bad = "Give the code as \"text\".\n";
        else if (strlen(text) >= sizeof(in.text))
            bad = "The text is too long.\n";
        else
            snprintf(in.text, sizeof(in.text), "%s", text);
        if (!bad)
            bad = web_read_take(o, read_id, &in);
    } else {
        in.booth_ask = WEB_BOOTH_EDIT;
        bad = take_edit(o, &in);
    }
    json_decref(o);
    if (bad)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST, bad);
    return ask(ws, c, &in, read_id);
}

/* A sprint project lead's page and CSV (docs/sprints.md), for the
 * project `slug` its token belongs to and no other; answered by the
 * station loop, which reads the file. */
static enum MHD_Result lead_get(web_station *ws, struct MHD_Connection *c,
                                const char *url, const char *slug,
                                const char *token)
{
    struct web_station_input in = {0};
    in.kind = WEB_INPUT_CODE;
    snprintf(in.booth, sizeof(in.booth), "%s", slug);
    /* For the loop to check it is still the project's (revoked since?). */
    snprintf(in.text, sizeof(in.text), "%s", token);
    if (!strcmp(url, "/booth"))
        return web_redirect(c, "/booth/");
    if (!strcmp(url, "/booth/"))
        in.booth_ask = WEB_SPRINT_PAGE;
    else if (!strcmp(url, "/api/booth/people.csv"))
        in.booth_ask = WEB_SPRINT_CSV;
    else
        return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
    return ask(ws, c, &in, "");
}

/* The first call of a request bearing a project lead's cookie: a GET
 * goes on (*req = cls); nothing else is taken. */
static enum MHD_Result lead_begin(struct MHD_Connection *c, bool get, void *cls,
                                  void **req)
{
    if (!get)
        return refuse(c, "A project lead's link only shows who came; it "
                         "changes nothing.\n");
    *req = cls;
    return MHD_YES;
}

enum MHD_Result web_booth_handle(web_station *ws, struct web_booths *b,
                                 const struct web_listener *l, void *cls,
                                 struct MHD_Connection *c, const char *url,
                                 const char *method, const char *upload,
                                 size_t *upload_size, void **req)
{
    bool get = !strcmp(method, MHD_HTTP_METHOD_GET) ||
               !strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (*req && *req != cls) { /* a POST's body, then its answer */
        struct booth_request *r = *req;
        if (*upload_size) {
            web_body_take(r->body, sizeof(r->body), &r->len, &r->too_big,
                          upload, upload_size);
            return MHD_YES;
        }
        return post(ws, c, url, r);
    }
    char slug[64];
    if (!*req) { /* headers only so far: who is asking */
        const char *given =
            MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
        if (get && given) {
            if (match(b, given, slug, sizeof(slug)) ||
                match_lead(b, given, slug, sizeof(slug)))
                return enroll(c, l, given);
            /* A lead's link printed since the sprint station read them. */
            if (!closed_booth(b, given) && !web_token_ok(l, given) &&
                strlen(given) == 64 && web_station_leads_again(ws) &&
                match_lead(b, given, slug, sizeof(slug)))
                return enroll(c, l, given);
            if (closed_booth(b, given))
                return refuse(c, EXPO_CLOSED "\n");
            if (web_token_ok(l, given))
                return refuse(c, "The station's own link does not open a "
                                 "sponsor's booth; the organizer sees the "
                                 "leads with 'checkin export leads'.\n");
            return refuse(c, NOT_ONE_OF_OURS);
        }
        const char *cookie =
            MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_BOOTH_COOKIE);
        if (closed_booth(b, cookie))
            return refuse(c, EXPO_CLOSED "\n");
        if (match_lead(b, cookie, slug, sizeof(slug)))
            return lead_begin(c, get, cls, req);
        if (!match(b, cookie, slug, sizeof(slug)))
            return refuse(c, "Open your booth with the link (or QR code) the "
                             "organizer gave you for it.\n");
        if (get) {
            *req = cls;
            return MHD_YES;
        }
        if (strcmp(url, "/api/booth/scan") && strcmp(url, "/api/booth/lead"))
            return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
        const char *no = post_refusal(l, c);
        if (no)
            return refuse(c, no);
        struct booth_request *r = calloc(1, sizeof(*r));
        if (!r)
            return MHD_NO;
        snprintf(r->slug, sizeof(r->slug), "%s", slug);
        *req = r;
        return MHD_YES;
    }
    /* A GET, asked again for its answer: the cookie once more (the set
     * of booths may have changed in between). */
    if (*upload_size)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST, "A GET has no body.\n");
    const char *cookie =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_BOOTH_COOKIE);
    if (closed_booth(b, cookie))
        return refuse(c, EXPO_CLOSED "\n");
    if (match_lead(b, cookie, slug, sizeof(slug)))
        return lead_get(ws, c, url, slug, cookie);
    if (!match(b, cookie, slug, sizeof(slug)))
        return refuse(c, "Open your booth with the link (or QR code) the "
                         "organizer gave you for it.\n");
    if (!strcmp(url, "/booth"))
        return web_redirect(c, "/booth/");
    if (!strncmp(url, "/booth/", 7))
        return asset(c, url);
    if (!strcmp(url, "/api/booth/messages")) {
        /* The page's words in the station's language (issue 53), as the
         * station's /api/messages gives them to its own pages. */
        char *words = web_station_messages(NULL);
        if (words)
            return web_reply(c, MHD_HTTP_OK, "application/json", words,
                             strlen(words), MHD_RESPMEM_MUST_FREE);
        return web_reply_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
                              "Out of memory.\n");
    }
    struct web_station_input in = {0};
    in.kind = WEB_INPUT_CODE;
    snprintf(in.booth, sizeof(in.booth), "%s", slug);
    if (!strcmp(url, "/api/booth/leads"))
        in.booth_ask = WEB_BOOTH_LEADS;
    else if (!strcmp(url, "/api/booth/leads.csv")) {
        in.booth_ask = WEB_BOOTH_CSV;
        /* A HEAD (a browser or a link checker looking before it
         * downloads) is the station's own: asking the hub for headers
         * alone would hold the phone up to BOOTH_HUB_MS for nothing. */
        if (!strcmp(method, MHD_HTTP_METHOD_HEAD))
            return ask_noted(ws, c, &in, "",
                             web_station_has_booth_csv(ws) ? HEAD_NOTE
                                                           : NO_HUB_NOTE);
        return booth_csv(ws, c, &in);
    } else if (!strcmp(url, "/api/booth/keys"))
        in.booth_ask = WEB_BOOTH_KEYS;
    else
        return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
    return ask(ws, c, &in, "");
}
