/* The live sync worker (see checkin/sync_worker.h): one thread, one
 * connection to the station's file, one to the hub. */
#include "checkin/i18n.h"
#include "checkin/sync_worker.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/pg.h"
#include "checkin/sync_local.h"
#include "checkin/util.h"
#include "fan.h"
#include "herald_client.h"
#include "sync_priv.h"

enum {
    FIRST_LOOK_MS = 1,    /* the first look after a write to the file, the
                             gaps doubling up to LOOK_MS (a commit shows
                             0.1-1 ms after its write: its flush) */
    LOOK_MS = 10,         /* ... then every LOOK_MS (without inotify: how
                             often it is looked at) */
    STEADY_MS = 100,      /* ... for this long after the write, */
    LOOK_GAP_MS = 1280,   /* then with the gaps doubling up to this */
    STALL_MS = 3000,      /* a hub that sent nothing this long is offline */
    PROBE_MS = 1000,      /* ask a silent hub whether it is there this often */
    STATEMENT_MS = 30000, /* the hub ends a statement of ours after this */
    WAKE_MS = SYNC_WORKER_WAKE_MS, /* a pull for notifications this often */
    QUIET_MS = 20,      /* a change this long after the last push began,
                           none in flight: pushed at once; else once the
                           station is quiet this long */
    PUSH_MAX_MS = 250,  /* ... or this long after its first new row */
    SAFETY_MS = 10000,  /* a sync at least this often */
    CONNECT_MS = 10000, /* one connection attempt at most */
    BACKOFF_MAX_MS = 5000,
    REFUSED_MS = 5000,  /* after the hub refused a sync: wait, then again */
    STATIONS_MS = 5000, /* the organizer reads the hub's stations this often */
    LIVE_MS = 30000,    /* a station seen this recently is live (hub status) */
    FANS = 32,          /* check-ins carried by notifications, held at once */
};

/* While a herald beats (docs/sync.md, "The herald"): its beat says the
 * hub answers and its word flows. */
enum {
    /* The probe is left to find this connection's own silent loss (one
     * closed is seen at once): within HERALD_PROBE_MS + STALL_MS of the
     * desk's last exchange with the hub, and within STALL_MS of its next
     * push. */
    HERALD_PROBE_MS = 10000,
    /* The safety net this many times less often: no hub word is missed
     * that it would make up for, and each sync still writes the station's
     * row (last_seen) well within LIVE_MS. */
    HERALD_SAFETY_TIMES = 2,
};

/* A desk's safety-net sync writes its row at the hub: a third of the
 * live rule's time is left for a sync slowed by a loaded machine. */
_Static_assert((SAFETY_MS * HERALD_SAFETY_TIMES) <= LIVE_MS * 2 / 3,
               "a desk with a herald would show offline in hub status");

struct sync_worker {
    struct local l;
    struct local_hub hub;
    sqlite3_stmt *data_version;
    pthread_t thread;
    pthread_mutex_t mu; /* guards st and stopping */
    struct sync_state st;
    char *stations;            /* organizer: the hub's stations, JSON */
    uint64_t stations_version; /* counts readings of `stations` */
    int64_t stations_at;       /* util_mono_ms of the last reading */
    int safety_ms;             /* a sync at least this often (SAFETY_MS) */
    bool stopping;
    struct sync_printer printer; /* a desk's printer; guarded by mu */
    bool printer_news;           /* changed since the last sync took it */
    struct sync_said said;   /* the station's row at the hub, as last written
                                over this connection; the worker's own */
    _Atomic int64_t stop_by; /* util_mono_ms: the hub's last chance */
    struct pg_limits limits; /* this thread's waits (pg.h) */
    int wake[2];             /* a byte on wake[1] ends any wait */
    int watch;          /* inotify on the file and its write-ahead log; -1: none
                           (then the file is looked at every LOOK_MS) */
    _Atomic int notify; /* sync_worker_notify's fd; -1: none */
    /* A desk's keys for the check-ins other desks' pushes carry in the
     * hub's notification (hub format 40, fan.h), asked once a
     * connection after its first sync; the payloads come to apply. */
    struct sync_fan fan;
    bool fan_asked;
    char *fans[FANS];
    int nfans;
    bool hears_all;        /* listening on `checkin` too (sync_listen_sql) */
    bool channels;         /* and on the channels of what it pulls */
    char listen_sql[2048]; /* those LISTENs (sync_listen_sql) */
    bool listening; /* the hub's connection LISTENs (no herald is there) */
    struct herald herald; /* --herald's link (herald_client.h) */
};

/* The state changed: wake whoever watches it. */
static void tell(sync_worker *w)
{
    int fd = atomic_load(&w->notify);
    if (fd >= 0)
        (void)eventfd_write(fd, 1);
}

static void set_online(sync_worker *w, bool online, const char *problem,
                       const struct sync_report *rep, long to_send)
{
    pthread_mutex_lock(&w->mu);
    if (!w->st.tried || w->st.online != online)
        w->st.since_ms = store_now_ms();
    w->st.tried = true;
    w->st.online = online;
    snprintf(w->st.problem, sizeof(w->st.problem), "%s", online ? "" : problem);
    if (to_send >= 0)
        w->st.to_send = to_send;
    w->st.syncing = false; /* the sync (sync_now) is over */
    if (rep) {
        w->st.checked_in += rep->checked_in;
        w->st.counts_moved += rep->counts_moved;
        w->st.recount += rep->recount + rep->dropped;
        const struct sync_counts *p = &rep->pushed, *q = &rep->pulled;
        w->st.pushed += p->scans + p->leads + p->badges + p->revoked +
                        p->lifted + p->desk_keys + p->jobs;
        w->st.pulled += q->registrations + q->keys + q->badges + q->revoked +
                        q->lifted + q->desk_keys + q->scans + q->leads +
                        q->jobs;
        if (rep->booths_learned || q->description)
            w->st.booths++;
        if (online) {
            w->st.leads_held = rep->leads_held;
            snprintf(w->st.held_booths, sizeof(w->st.held_booths), "%s",
                     rep->held_booths);
        }
        if (online) {
            w->st.syncs++;
            w->st.synced_ms = store_now_ms();
        }
    }
    pthread_mutex_unlock(&w->mu);
    tell(w);
}

static void set_to_send(sync_worker *w, long n)
{
    pthread_mutex_lock(&w->mu);
    bool news = w->st.to_send != n;
    w->st.to_send = n;
    pthread_mutex_unlock(&w->mu);
    if (news)
        tell(w);
}

static bool stopping(sync_worker *w)
{
    pthread_mutex_lock(&w->mu);
    bool s = w->stopping;
    pthread_mutex_unlock(&w->mu);
    return s;
}

/* SQLite's count of commits by other connections to the file: the
 * station's decisions, an import, a merge. */
static int64_t data_version(sync_worker *w)
{
    int64_t v = -1;
    if (sqlite3_step(w->data_version) == SQLITE_ROW)
        v = sqlite3_column_int64(w->data_version, 0);
    sqlite3_reset(w->data_version);
    return v;
}

/* LISTEN on the hub's connection `pg`: `checkin` and the channels of
 * what it pulls, until its first sync tells whether the hub names them
 * (hub format 40): a change is heard from the start either way. */
static int listen_on_hub(sync_worker *w, PGconn *pg, struct ck_error *err)
{
    int code = pg_exec(pg, w->channels ? w->listen_sql : "LISTEN checkin",
                       N_("listening for changes"), err);
    w->hears_all = true;
    /* The organizer's dashboard also hears a station's printer change
     * (hub format 22, checkin.status_wake()), which no station listens
     * for.  At an older hub nobody sends it: the stations are read after
     * each sync, as before. */
    if (!code && !strcmp(w->hub.role, "organizer"))
        code = pg_exec(pg, "LISTEN checkin_status",
                       N_("listening for the stations' printers"), err);
    w->listening = code == CK_OK;
    return code;
}

/* Connect and listen (unless the herald listens for it); *pg NULL and
 * the sentence in err on failure. */
static int connect_hub(sync_worker *w, PGconn **pg, struct ck_error *err)
{
    int code =
        pg_connect_until(w->hub.conninfo, CONNECT_MS, STATEMENT_MS, pg, err);
    /* Every sync sends the same few dozen statements: parsed once a
     * connection, and planned once where PostgreSQL finds that as good
     * (pg.h). */
    if (!code)
        code = pg_keep_prepared(*pg, err);
    /* A new connection: the station's row is written at its first sync. */
    memset(&w->said, 0, sizeof(w->said));
    w->fan_asked = false;
    w->hears_all = true;
    w->listening = false;
    if (!code && !w->herald.ready)
        code = listen_on_hub(w, *pg, err);
    if (code) {
        PQfinish(*pg);
        *pg = NULL;
    }
    return code;
}

/* This station's edits the hub holds for a ticket it lacks (its role
 * reads its own rows of checkin.waiting_change), into the state: asked
 * after a sync that set some aside, and after each sync while any wait,
 * so that the sentence goes once the organizer's publish places them. */
static void note_waiting(sync_worker *w, PGconn *pg,
                         const struct sync_report *rep)
{
    pthread_mutex_lock(&w->mu);
    bool ask = rep->edits_waiting > 0 || w->st.edits_waiting > 0;
    pthread_mutex_unlock(&w->mu);
    if (!ask)
        return;
    PGresult *r;
    struct ck_error ignored = {0};
    if (pg_query(pg,
                 "SELECT ticket_id FROM checkin.waiting_change ORDER BY"
                 " ticket_id, station_id, seq",
                 0, NULL, &r, N_("reading the edits the hub holds"), &ignored))
        return;
    long n = PQntuples(r);
    char tickets[200] = "";
    size_t used = 0;
    for (long i = 0; i < n; i++) {
        const char *t = PQgetvalue(r, (int)i, 0);
        /* Each ticket once (they come sorted), as many as fit. */
        if ((i && !strcmp(t, PQgetvalue(r, (int)i - 1, 0))) ||
            used + strlen(t) + 3 > sizeof(tickets))
            continue;
        used += (size_t)snprintf(tickets + used, sizeof(tickets) - used, "%s%s",
                                 used ? ", " : "", t);
    }
    PQclear(r);
    pthread_mutex_lock(&w->mu);
    w->st.edits_waiting = n;
    snprintf(w->st.waiting_tickets, sizeof(w->st.waiting_tickets), "%s",
             tickets);
    pthread_mutex_unlock(&w->mu);
}

/* One push and pull; false when the connection is lost (closed then).
 * `changed`: the file changed since the last complete sync (for the
 * organizer's event database: publish). */
static bool sync_now(sync_worker *w, PGconn **pg, bool *changed)
{
    struct sync_report rep;
    struct ck_error err = {0};
    memset(&rep, 0, sizeof(rep));
    /* The organizer's event database has no printer of its own. */
    bool station = strcmp(w->hub.role, "organizer") != 0;
    struct sync_printer printer;
    pthread_mutex_lock(&w->mu);
    printer = w->printer;
    w->printer_news = false;
    w->st.syncing = true; /* until set_online: its pull may commit */
    w->st.sync_starts++;
    pthread_mutex_unlock(&w->mu);
    int code = sync_with(&w->l, &w->hub, *pg, *changed,
                         station ? &printer : NULL, &w->said, &rep, &err);
    if (!code) {
        *changed = false;
        note_waiting(w, *pg, &rep);
    }
    /* A station at a hub that names each table's channel hears only its
     * own (the organizer's database keeps `checkin`, sync_listen_sql). */
    if (!code && w->hears_all && w->channels &&
        w->l.format_noted >= HUB_FORMAT_FAN) {
        code =
            pg_exec(*pg, "UNLISTEN checkin", N_("listening for changes"), &err);
        w->hears_all = code != CK_OK;
    }
    /* Said once a run, at the first sync that found the hub newer. */
    if (rep.hub_newer) {
        pthread_mutex_lock(&w->mu);
        if (!w->st.hub_newer)
            w->st.hub_newer = rep.hub_newer;
        pthread_mutex_unlock(&w->mu);
    }
    /* Told once by the hub (oversold.c): kept on the screens after. */
    if (rep.oversold) {
        pthread_mutex_lock(&w->mu);
        w->st.oversold = rep.oversold;
        memcpy(w->st.oversold_seats, rep.oversold_seats,
               sizeof(w->st.oversold_seats));
        pthread_mutex_unlock(&w->mu);
    }

    long left = sync_backlog(&w->l);
    set_online(w, code == CK_OK, err.msg, &rep, left);
    sync_report_free(&rep);
    if (code && PQstatus(*pg) != CONNECTION_OK) {
        PQfinish(*pg);
        *pg = NULL;
        return false;
    }
    return true;
}

/* Column `c` of row `i` as a JSON string, or null. */
static json_t *text_or_null(PGresult *r, int i, int c)
{
    return PQgetisnull(r, i, c) ? json_null()
                                : json_string(PQgetvalue(r, i, c));
}

/* Set `key` to `v` (taken; NULL: nothing) on each station of `a` whose
 * id (its uid's first 8 characters) is `id`. */
static void set_on_station(json_t *a, const char *id, const char *key,
                           json_t *v)
{
    size_t k;
    json_t *o;
    json_array_foreach(a, k, o)
    {
        const char *oid = json_string_value(json_object_get(o, "id"));
        if (v && oid && !strcmp(oid, id))
            json_object_set(o, key, v);
    }
    json_decref(v);
}

/* Each door's seats (hub format 14, checkin.seat_lease), as `hub status`
 * shows them, into its station's object of `a`: "seats": {"list",
 * "held", "used", "capacity"}.  Nothing on a hub without leases. */
static void add_seats(PGconn *pg, json_t *a)
{
    PGresult *r;
    struct ck_error err = {0};
    if (pg_query(pg,
                 "SELECT left(l.station_uid, 8), l.list, l.granted -"
                 " l.released, l.charged, (SELECT max((d.data->>'capacity')"
                 "::int) FROM checkin.event_description d WHERE d.kind IN"
                 " ('tutorial', 'list') AND d.slug = l.list AND"
                 " d.data->>'capacity' ~ '^[0-9]{1,9}$') FROM"
                 " checkin.seat_lease l",
                 0, NULL, &r, N_("reading the doors' seats"), &err))
        return;
    for (int i = 0; i < PQntuples(r); i++)
        set_on_station(
            a, PQgetvalue(r, i, 0), "seats",
            json_pack(
                "{s:s, s:I, s:I, s:o}", "list", PQgetvalue(r, i, 1), "held",
                (json_int_t)strtoll(PQgetvalue(r, i, 2), NULL, 10), "used",
                (json_int_t)strtoll(PQgetvalue(r, i, 3), NULL, 10), "capacity",
                PQgetisnull(r, i, 4)
                    ? json_null()
                    : json_integer(strtoll(PQgetvalue(r, i, 4), NULL, 10))));
    PQclear(r);
}

/* Each auction door's paddles whose label failed there (hub format 36,
 * HUB_PADDLES_FAILED), as `hub status` says them: "paddles_failed":
 * "3, 4" on the station's object, keyed by its id; none on an older hub. */
static void add_paddles(PGconn *pg, json_t *a, int format)
{
    PGresult *r;
    struct ck_error err = {0};
    if (format < HUB_FORMAT_AUCTION_VOID ||
        pg_query(pg,
                 "SELECT left(s.uid, 8), " HUB_PADDLES_FAILED(
                     "s.uid") " FROM checkin.station s",
                 0, NULL, &r, N_("reading the paddles not printed"), &err))
        return;
    for (int i = 0; i < PQntuples(r); i++)
        if (!PQgetisnull(r, i, 1))
            set_on_station(a, PQgetvalue(r, i, 0), "paddles_failed",
                           json_string(PQgetvalue(r, i, 1)));
    PQclear(r);
}

/* The organizer's worker: each station as `checkin hub status` shows it
 * (live or offline, last seen, clock skew, rows not yet sent, conflicts,
 * its printer, its checkin version), as JSON for the dashboard: after a sync,
 * at most every STATIONS_MS, and (`asked`) when the hub said a station's
 * printer changed. Times are this machine's clock less the age the hub
 * measured, so a hub's clock off from ours does not make a live station look
 * offline. */
static void read_stations(sync_worker *w, PGconn *pg, bool asked)
{
    if (strcmp(w->hub.role, "organizer") ||
        (!asked && w->stations_at &&
         util_mono_ms() - w->stations_at < STATIONS_MS))
        return;
    w->stations_at = util_mono_ms();
    PGresult *r;
    struct ck_error err = {0};
    if (pg_query(
            pg,
            "SELECT s.name, s.kind || CASE WHEN s.target = '' THEN '' ELSE"
            " ':' || s.target END, left(s.uid, 8), floor(extract(epoch FROM"
            " now() - s.last_seen) * 1000)::bigint, CASE WHEN s.last_seen IS"
            " NULL THEN NULL ELSE round(s.last_clock_ms / 1000.0 -"
            " extract(epoch FROM s.last_seen))::bigint END, s.last_backlog,"
            " (SELECT count(*) FROM checkin.conflict k WHERE k.station_uid ="
            " s.uid), s.retired_ms IS NOT NULL, s.printer, s.printer_state,"
            " s.printer_message, floor(extract(epoch FROM now() -"
            " s.last_seen) * 1000)::bigint + s.last_clock_ms - s.printer_ms,"
            " s.client_format, (SELECT format FROM checkin.hub),"
            " s.client_version, to_jsonb(s) ->> 'printer_kept' FROM"
            " checkin.station s ORDER BY s.name, s.enrolled_ms",
            0, NULL, &r, N_("reading the stations"), &err))
        return; /* the next sync tries again; the last reading stays */
    json_t *a = json_array();
    int64_t now = store_now_ms();
    for (int i = 0; a && i < PQntuples(r); i++) {
        bool seen = !PQgetisnull(r, i, 3);
        long long age = seen ? strtoll(PQgetvalue(r, i, 3), NULL, 10) : 0;
        /* A last sync ahead of the hub's clock (stepped back): just now. */
        if (age < 0)
            age = 0;
        bool retired = !strcmp(PQgetvalue(r, i, 7), "t");
        /* The printer's sentence in the dashboard's language when the
         * desk kept what it was made of (hub format 39; before it, no
         * such key in the row's JSON). */
        char said[1600];
        json_t *message = NULL;
        if (!PQgetisnull(r, i, 10) && !PQgetisnull(r, i, 15)) {
            hub_printer_said(PQgetvalue(r, i, 10), PQgetvalue(r, i, 15), said,
                             sizeof(said));
            message = json_string(said); /* NULL: not UTF-8, cut */
        }
        if (!message)
            message = text_or_null(r, i, 10);
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:b, s:b, s:o, s:o, s:o, s:o}",
            "name", PQgetvalue(r, i, 0), "kind", PQgetvalue(r, i, 1), "id",
            PQgetvalue(r, i, 2), "seen_ms",
            seen ? json_integer(now - age) : json_null(), "skew_s",
            PQgetisnull(r, i, 4)
                ? json_null()
                : json_integer(strtoll(PQgetvalue(r, i, 4), NULL, 10)),
            "not_sent", (json_int_t)strtoll(PQgetvalue(r, i, 5), NULL, 10),
            "conflicts", (json_int_t)strtoll(PQgetvalue(r, i, 6), NULL, 10),
            "live", seen && age < LIVE_MS && !retired, "retired", retired,
            "printer", text_or_null(r, i, 8), "printer_state",
            text_or_null(r, i, 9), "printer_message", message, "printer_age_ms",
            PQgetisnull(r, i, 11)
                ? json_null()
                : json_integer(strtoll(PQgetvalue(r, i, 11), NULL, 10)));
        /* An older checkin at a live station: what it misses (the line
         * `hub status` shows). */
        char older[1200] = "";
        if (seen && age < LIVE_MS && !retired)
            hub_older_station_text(
                PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
                PQgetisnull(r, i, 12) ? 0
                                      : strtol(PQgetvalue(r, i, 12), NULL, 10),
                strtol(PQgetvalue(r, i, 13), NULL, 10), older, sizeof(older));
        if (o && older[0])
            json_object_set_new(o, "older", json_string(older));
        /* The checkin version it said at its last sync (hub format 29),
         * null for one that said none. */
        if (o)
            json_object_set_new(o, "version", text_or_null(r, i, 14));
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            a = NULL;
        }
    }
    int format = PQntuples(r) ? (int)strtol(PQgetvalue(r, 0, 13), NULL, 10) : 0;
    PQclear(r);
    if (a)
        add_seats(pg, a);
    if (a)
        add_paddles(pg, a, format);
    char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!text)
        return;
    pthread_mutex_lock(&w->mu);
    free(w->stations);
    w->stations = text;
    w->stations_version++;
    pthread_mutex_unlock(&w->mu);
}

/* A desk's check-ins carried in `payload` held for fan_turn; false when
 * it carries none this desk can take (then it asks for a pull). */
static bool held_fan(sync_worker *w, const char *payload)
{
    if (!w->fan.on || strncmp(payload, "fan1 ", 5) || w->nfans >= FANS)
        return false;
    w->fans[w->nfans] = strdup(payload);
    return w->fans[w->nfans] && ++w->nfans;
}

/* Take the notifications libpq holds; true if one on `checkin` came from
 * another session than this worker's own, *status when one on
 * `checkin_status` came (a station's printer changed: hub format 22, the
 * organizer's only).  The sender's backend pid is set by the server and
 * cannot be forged; the payload (the writer's role, from the hub's
 * trigger) can be: any role may NOTIFY either channel with any text, so
 * it is not read, but for a desk's check-ins carried from hub format 40
 * ("fan1 ...", fan.h), held in w->fans and applied only once the hub's
 * MAC to this desk verifies (fan_turn); a notification of anything else
 * only ever causes a pull, or a reading of the stations, at most one of
 * each per WAKE_MS (run()). */
static bool others_wrote(sync_worker *w, PGconn *pg, bool *status)
{
    int me = PQbackendPID(pg);
    bool others = false;
    PGnotify *nt;
    while ((nt = PQnotifies(pg))) {
        if (!strcmp(nt->relname, "checkin_status"))
            *status = true;
        else if (nt->be_pid != me && !held_fan(w, nt->extra))
            others = true;
        PQfreemem(nt);
    }
    return others;
}

/* What the herald's notifications (herald_take) came to. */
struct heard {
    sync_worker *w;
    int me; /* the hub connection's backend; 0: none */
    bool others;
};

/* One notification the herald forwarded, taken as one heard on the hub
 * (others_wrote): only on the channels this station would LISTEN on,
 * not its own connection's, a desk's sealed check-ins held for fan_turn
 * and anything else a pull at most once per WAKE_MS. */
static void herald_note(void *arg, const struct herald_note *n)
{
    struct heard *h = arg;
    sync_worker *w = h->w;
    char want[128];
    snprintf(want, sizeof(want), "LISTEN %s;", n->channel);
    bool mine = !strcmp(n->channel, "checkin")
                    ? w->hears_all
                    : w->channels && strstr(w->listen_sql, want);
    if (!mine || (h->me && n->pid == h->me))
        return;
    if (!held_fan(w, n->payload))
        h->others = true;
}

/* The herald's state into the station's (sync_state.herald). */
static void herald_said(sync_worker *w)
{
    if (!w->herald.on)
        return;
    int now = w->herald.ready ? 1 : w->herald.failed ? 2 : 0;
    pthread_mutex_lock(&w->mu);
    bool news = w->st.herald != now;
    w->st.herald = now;
    pthread_mutex_unlock(&w->mu);
    if (news)
        tell(w);
}

/* Take every event the file's watch holds (any number of writes to the
 * file since the last look are one wake-up). */
static void drain(int fd)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
}

/* Wait for the hub's word, the wake pipe, a write to the file or `ms`
 * (-1: no end); *woken_by_hub when another station or the organizer
 * wrote, *status when a station's printer changed, *written when the file
 * was.  False when the connection is lost (closed then). */
static bool wait_for(sync_worker *w, PGconn **pg, int ms, bool *woken_by_hub,
                     bool *status, bool *written)
{
    /* A notification that arrived during the last sync's statements is
     * already read off the socket, in libpq's queue: polling would not
     * see it. */
    if (*pg) {
        if (others_wrote(w, *pg, status))
            *woken_by_hub = true;
        if (*woken_by_hub || *status || w->nfans)
            return true;
    }
    struct pollfd p[4] = {{w->wake[0], POLLIN, 0},
                          {w->watch, POLLIN, 0},
                          {*pg ? PQsocket(*pg) : -1, POLLIN, 0},
                          {w->herald.fd, herald_events(&w->herald), 0}};
    int n = poll(p, 4, ms);
    if (n > 0 && p[0].revents) {
        char buf[64];
        while (read(w->wake[0], buf, sizeof(buf)) > 0) {
        }
    }
    if (n > 0 && p[1].revents) {
        drain(w->watch);
        *written = true;
    }
    if (n > 0 && p[3].revents) {
        struct heard h = {w, *pg ? PQbackendPID(*pg) : 0, false};
        (void)herald_take(&w->herald, p[3].revents, util_mono_ms(), herald_note,
                          &h);
        *woken_by_hub = *woken_by_hub || h.others;
        herald_said(w);
    }
    if (!*pg || n <= 0 || !p[2].revents)
        return true;
    if (!PQconsumeInput(*pg)) {
        PQfinish(*pg);
        *pg = NULL;
        return false;
    }
    if (others_wrote(w, *pg, status))
        *woken_by_hub = true;
    return true;
}

/* Apply the check-ins the hub's notifications carried (w->fans) as a
 * pull would, in one local transaction each; any that does not verify,
 * or that the file cannot take, asks for a pull instead (*hub_wrote).
 * The counters' news goes to the state as a pull's does. */
static void fan_turn(sync_worker *w, bool *hub_wrote)
{
    struct sync_report rep;
    memset(&rep, 0, sizeof(rep));
    /* Its commits count as a sync's for the station's own count of the
     * file (sync_state.syncing, sync_starts). */
    pthread_mutex_lock(&w->mu);
    w->st.syncing = true;
    w->st.sync_starts++;
    pthread_mutex_unlock(&w->mu);
    for (int i = 0; i < w->nfans; i++) {
        char *json = NULL;
        PGresult *r = NULL;
        bool taken = false;
        struct ck_error err = {0};
        if (sync_fan_open(&w->fan, w->fans[i], &json))
            r = sync_fan_rows(json);
        if (r && sync_fan_apply(&w->l, &w->hub, w->said.format, r, &rep, &taken,
                                &err))
            taken = false;
        if (!taken)
            *hub_wrote = true;
        PQclear(r);
        free(json);
        free(w->fans[i]);
        w->fans[i] = NULL;
    }
    w->nfans = 0;
    pthread_mutex_lock(&w->mu);
    w->st.syncing = false;
    w->st.checked_in += rep.checked_in;
    w->st.counts_moved += rep.counts_moved;
    w->st.recount += rep.recount;
    w->st.pulled += rep.pulled.scans;
    w->st.fanned += rep.pulled.scans;
    pthread_mutex_unlock(&w->mu);
    tell(w);
}

/* Milliseconds from now until the earliest of the deadlines given (0:
 * none), for poll(); -1 when there is none. */
static int until_first(int64_t now, const int64_t *at, size_t n)
{
    int64_t first = 0;
    for (size_t i = 0; i < n; i++)
        if (at[i] && (!first || at[i] < first))
            first = at[i];
    if (!first)
        return -1;
    if (first <= now)
        return 0;
    return first - now > 60000 ? 60000 : (int)(first - now);
}

/* How long the hub's connection may say nothing before it is probed,
 * and the gap between safety-net syncs: longer while a herald beats
 * (HERALD_PROBE_MS, HERALD_SAFETY_TIMES), as before without one. */
static int probe_ms(const sync_worker *w)
{
    return w->herald.ready ? HERALD_PROBE_MS : PROBE_MS;
}

static int safety_of(const sync_worker *w)
{
    return w->herald.ready ? w->safety_ms * HERALD_SAFETY_TIMES : w->safety_ms;
}

/* Ask the hub whether it is there (an empty statement: one round trip,
 * no table touched, so a lock does not hold it); false when it did not
 * answer within STALL_MS or the connection is lost (closed then). */
static bool probe(sync_worker *w, PGconn **pg)
{
    struct ck_error err = {0};
    if (!pg_exec(*pg, "", N_("checking that it is there"), &err))
        return true;
    set_online(w, false, err.msg, NULL, -1);
    PQfinish(*pg);
    *pg = NULL;
    return false;
}

/* What the worker's loop (run()) keeps from one turn to the next: the
 * hub's connection and the deadlines each turn compares with the
 * monotonic clock (0: none). */
struct turns {
    PGconn *pg;
    int64_t next_connect, next_sync;
    int backoff;
    bool due;
    int64_t seen;                /* data_version as last seen */
    int64_t changed_at, push_at; /* 0: nothing new in the file */
    bool changed;                /* since the last complete sync */
    int64_t pushed_at;           /* when the last sync (a push first) began */
    /* When the last sync the hub's word caused began: only those are held
     * back (a sync for the station's own rows or the safety net's is no
     * reason to keep another station's check-in waiting). */
    int64_t woken_at;
    bool woken;        /* the sync due now is (also) the hub's */
    int64_t wake_at;   /* a pull the hub asked for, held back; 0: none */
    int64_t status_at; /* a reading of the stations asked for; 0: none */
    int64_t answered;  /* when the hub last answered */
    int64_t look_at;   /* the file was written: look again then; 0: no */
    int look_gap;      /* ... and the gap to the look after */
    int64_t wrote_at;  /* the last write to the file */
    /* A pull is owed whatever the sync pushes: since the connection or
     * the last change of who listens for it, none has been made. */
    bool pull_owed;
};

/* Connect to the hub, or back off; false when the worker is stopping. */
static bool connect_turn(sync_worker *w, struct turns *t)
{
    struct ck_error err = {0};
    if (!connect_hub(w, &t->pg, &err)) {
        t->backoff = 0;
        t->due = t->pull_owed = true;
        return true;
    }
    if (stopping(w))
        return false;
    set_online(w, false, err.msg, NULL, sync_backlog(&w->l));
    t->backoff = t->backoff ? t->backoff * 2 : 1000;
    if (t->backoff > BACKOFF_MAX_MS)
        t->backoff = BACKOFF_MAX_MS;
    t->next_connect = util_mono_ms() + t->backoff;
    return true;
}

/* A desk at a hub of format 40 or later takes its keys for the
 * check-ins other desks' notifications carry, once a connection, within
 * the worker's limits like its other statements; false when the
 * connection was lost asking (a hub gone silent: the desk says it is
 * offline, as a failed probe does, and connects again). */
static bool ask_fan_keys(sync_worker *w, PGconn **pg)
{
    if (w->fan_asked || w->said.format < HUB_FORMAT_FAN ||
        strcmp(w->said.kind, "desk"))
        return true;
    w->fan_asked = true;
    struct ck_error err = {0};
    if (!sync_fan_enrol(*pg, &w->fan, &err) || PQstatus(*pg) == CONNECTION_OK)
        return true;
    set_online(w, false, err.msg, NULL, -1);
    PQfinish(*pg);
    *pg = NULL;
    return false;
}

/* One sync, and when the next is due. */
static void sync_turn(sync_worker *w, struct turns *t)
{
    t->due = false;
    /* This sync pulls what every notification so far announced (one held
     * back included). */
    bool woken = t->woken || t->wake_at;
    t->wake_at = 0;
    if (t->woken)
        t->woken_at = util_mono_ms();
    t->woken = false;
    /* ... and pushes every row committed before it began, so a push that
     * was waiting for the station's quiet is not due after it. */
    int64_t v0 = data_version(w);
    if (v0 != t->seen) {
        t->seen = v0;
        t->changed = true;
    }
    t->changed_at = t->push_at = 0;
    t->pushed_at = util_mono_ms();
    w->l.drained = false;
    /* Begun for the station's own write alone, every other station's
     * commit heard (sync_said.push_only): the safety net's sync and the
     * hub's own word pull. */
    w->said.push_only = !t->pull_owed && !woken &&
                        util_mono_ms() < t->next_sync &&
                        (w->herald.ready || w->listening);
    bool kept = sync_now(w, &t->pg, &t->changed);
    /* A pull made: the sync ended well, and did pull; one that failed
     * owes its pull to the next, whatever that one is begun for. */
    pthread_mutex_lock(&w->mu);
    bool ended_well = kept && w->st.online;
    pthread_mutex_unlock(&w->mu);
    bool pulled = ended_well && !w->said.pull_skipped;
    w->said.push_only = w->said.pull_skipped = false;
    if (pulled || !ended_well)
        t->pull_owed = !pulled;
    if (kept)
        kept = ask_fan_keys(w, &t->pg);
    /* Its own commits' writes were taken off the watch as they were made
     * (local_commit), not looked at some 20 times over 2.6 s as another's
     * write is (next_look): one look LOOK_MS later finds a commit begun
     * in the instant between one of them and its draining, unless the
     * looks after another's write are under way. */
    if (w->l.drained && !t->look_at) {
        t->wrote_at = util_mono_ms() - STEADY_MS;
        t->look_gap = LOOK_GAP_MS;
        t->look_at = util_mono_ms() + LOOK_MS;
    }
    /* Rows committed while it was under way (a burst) wait for the
     * station's quiet, as below: a push per pause, not one after each
     * push. */
    int64_t v = data_version(w);
    if (v != t->seen) {
        t->seen = v;
        t->changed = true;
        t->changed_at = util_mono_ms();
        t->push_at = t->changed_at + QUIET_MS;
    }
    pthread_mutex_lock(&w->mu);
    bool refused = kept && !w->st.online;
    pthread_mutex_unlock(&w->mu);
    if (kept && !refused)
        read_stations(w, t->pg, false);
    t->answered = util_mono_ms();
    /* A sync that did not pull leaves the safety net's where it was. */
    if (pulled || refused || !kept)
        t->next_sync = t->answered + (refused ? REFUSED_MS : safety_of(w));
    if (!kept)
        t->next_connect = util_mono_ms(); /* at once, then backing off */
}

/* A station's printer changed: the dashboard shows it now, not at its
 * next sync. */
static void status_turn(sync_worker *w, struct turns *t)
{
    t->status_at = 0;
    read_stations(w, t->pg, true);
    if (PQstatus(t->pg) != CONNECTION_OK) {
        PQfinish(t->pg);
        t->pg = NULL;
        t->next_connect = util_mono_ms();
    } else {
        t->answered = util_mono_ms();
    }
}

/* Asleep until something is due: nothing wakes an idle station but the
 * hub, its file, the wake pipe and these deadlines (the probe each
 * PROBE_MS, the safety net each SAFETY_MS).  False when the connection
 * was lost. */
static bool wait_turn(sync_worker *w, struct turns *t, int64_t now,
                      bool *hub_wrote, bool *status, bool *written)
{
    int64_t due_at[] = {
        t->push_at,
        t->wake_at,
        t->pg ? t->status_at : 0,
        t->pg ? t->next_sync : 0,
        t->pg ? t->answered + probe_ms(w) : 0,
        t->pg ? 0 : t->next_connect,
        w->watch < 0 ? now + LOOK_MS : t->look_at,
        herald_due(&w->herald),
    };
    if (wait_for(w, &t->pg, until_first(now, due_at, UTIL_ARRAY_LEN(due_at)),
                 hub_wrote, status, written))
        return true;
    set_online(w, false,
               "The connection to the hub was lost; the station "
               "goes on deciding and sends its check-ins when the "
               "hub is back.",
               NULL, -1);
    t->next_connect = util_mono_ms();
    return false;
}

/* A commit shows (in the shared-memory index, which no inotify event
 * announces) only after its last write to the log and, with
 * synchronous=FULL, its flush, which a loaded machine or a slow disk can
 * take a while over: look again after FIRST_LOOK_MS, the gaps doubling
 * up to LOOK_MS, every LOOK_MS until STEADY_MS after the last write,
 * then after gaps doubling up to LOOK_GAP_MS (20 looks, the last 2.6 s
 * after the write; a flush slower than that is seen at the next probe).
 * The look right at the write finds the commit not yet shown: a lone
 * check-in waited for the 10 ms look when the first was LOOK_MS away
 * (docs/sync.md). */
static void next_look(struct turns *t, bool written)
{
    if (written) {
        t->wrote_at = util_mono_ms();
        t->look_gap = FIRST_LOOK_MS;
        t->look_at = t->wrote_at + FIRST_LOOK_MS;
    } else if (t->look_at && util_mono_ms() >= t->look_at) {
        if (util_mono_ms() - t->wrote_at >= STEADY_MS)
            t->look_gap *= 2;
        else if (t->look_gap < LOOK_MS)
            t->look_gap = t->look_gap * 2 < LOOK_MS ? t->look_gap * 2 : LOOK_MS;
        t->look_at =
            t->look_gap > LOOK_GAP_MS ? 0 : util_mono_ms() + t->look_gap;
    }
}

/* The station decided (or another process wrote).  A lone change (no
 * push waiting, none begun within QUIET_MS) is pushed at once; one that
 * follows closer is held until the station pauses, so that a burst of
 * scans is not slowed by a push after each one. */
static void file_changed(sync_worker *w, struct turns *t)
{
    int64_t v = data_version(w);
    if (v == t->seen)
        return;
    t->seen = v;
    t->changed = true;
    int64_t now = util_mono_ms();
    if (!t->push_at && now - t->pushed_at >= QUIET_MS) {
        t->due = true;
    } else {
        if (!t->changed_at)
            t->changed_at = now;
        t->push_at = now + QUIET_MS < t->changed_at + PUSH_MAX_MS
                         ? now + QUIET_MS
                         : t->changed_at + PUSH_MAX_MS;
    }
    if (!t->pg)
        set_to_send(w, sync_backlog(&w->l));
}

/* What the hub's notifications and the desk's printer ask for. */
static void hub_asked(sync_worker *w, struct turns *t, bool hub_wrote,
                      bool status)
{
    /* Someone else wrote: pull at once when the last pull the hub caused
     * began WAKE_MS ago or more, else once when WAKE_MS has passed,
     * however many notifications came meanwhile (any role on the hub can
     * send them, as fast as it likes: docs/sync.md). */
    if (hub_wrote && !t->wake_at) {
        if (util_mono_ms() - t->woken_at >= WAKE_MS)
            t->due = t->woken = true;
        else
            t->wake_at = t->woken_at + WAKE_MS;
    }
    /* A station's printer changed: read the stations at once when the
     * last reading began WAKE_MS ago or more, else once WAKE_MS has
     * passed, however many notifications came meanwhile (as a pull for
     * `checkin`, above). */
    if (status && !t->status_at) {
        int64_t now = util_mono_ms();
        t->status_at = w->stations_at && now - w->stations_at < WAKE_MS
                           ? w->stations_at + WAKE_MS
                           : now;
    }
    pthread_mutex_lock(&w->mu);
    if (w->printer_news)
        t->due = true;
    pthread_mutex_unlock(&w->mu);
}

/* The herald's link: tried when due, dropped when silent; the hub's
 * connection LISTENs exactly while the herald is not there.  Each change
 * of who listens is followed by a pull, begun after the new listener is
 * in place, so that no check-in committed between the two is missed
 * (the pull's cursor is the hub's).  False when the hub's connection was
 * lost. */
static bool herald_turn(sync_worker *w, struct turns *t, int64_t now)
{
    if (!w->herald.on)
        return true;
    if (herald_silent(&w->herald, now))
        herald_drop(&w->herald, now);
    herald_try(&w->herald, now);
    herald_said(w);
    if (!t->pg || w->herald.ready == !w->listening)
        return true;
    struct ck_error err = {0};
    int code = w->herald.ready ? pg_exec(t->pg, "UNLISTEN *",
                                         N_("listening for changes"), &err)
                               : listen_on_hub(w, t->pg, &err);
    if (!code) {
        w->listening = !w->herald.ready;
        t->due = t->pull_owed = true;
        return true;
    }
    set_online(w, false, err.msg, NULL, -1);
    PQfinish(t->pg);
    t->pg = NULL;
    t->next_connect = util_mono_ms();
    return false;
}

static void *run(void *arg)
{
    sync_worker *w = arg;
    /* Named, so that its CPU and wake-ups can be told apart in /proc
     * (bench/sync_bench, tests/test_sync_round). */
    pthread_setname_np(pthread_self(), "ck-sync");
    pg_limit_thread(&w->limits);
    struct turns t = {.due = true,
                      .seen = data_version(w),
                      .changed = true,
                      .pull_owed = true};
    while (!stopping(w)) {
        int64_t now = util_mono_ms();
        if (!t.pg && now >= t.next_connect && !connect_turn(w, &t))
            break;
        if (!herald_turn(w, &t, now))
            continue;
        if (t.push_at && now >= t.push_at) {
            t.due = true;
            t.changed_at = t.push_at = 0;
        }
        if (t.wake_at && now >= t.wake_at)
            t.due = t.woken = true;
        if (t.pg && (t.due || now >= t.next_sync)) {
            sync_turn(w, &t);
            continue;
        }
        if (t.pg && t.status_at && now >= t.status_at) {
            status_turn(w, &t);
            continue;
        }
        /* A hub that stopped answering is found out within PROBE_MS +
         * STALL_MS even when nobody writes (HERALD_PROBE_MS + STALL_MS
         * while a herald beats). */
        if (t.pg && now - t.answered >= probe_ms(w)) {
            if (probe(w, &t.pg))
                t.answered = util_mono_ms();
            else
                t.next_connect = util_mono_ms();
            continue;
        }
        bool hub_wrote = false, status = false, written = false;
        if (!wait_turn(w, &t, now, &hub_wrote, &status, &written))
            continue;
        /* The hub just sent them: no probe is due for PROBE_MS (but for
         * the herald's, which say nothing of this connection). */
        if (w->nfans) {
            bool heard_hub = !w->herald.ready;
            fan_turn(w, &hub_wrote);
            if (heard_hub)
                t.answered = util_mono_ms();
        }
        next_look(&t, written);
        file_changed(w, &t);
        hub_asked(w, &t, hub_wrote, status);
    }
    /* What the station decided last goes up before it ends, when the hub
     * is there, until stop_by; a station cut off keeps it for the next
     * time. */
    if (t.pg)
        sync_now(w, &t.pg, &t.changed);
    PQfinish(t.pg);
    if (w->herald.fd >= 0)
        close(w->herald.fd);
    for (int i = 0; i < w->nfans; i++)
        free(w->fans[i]);
    w->nfans = 0;
    sodium_memzero(&w->fan, sizeof(w->fan));
    return NULL;
}

/* The kernel's word on every write to the file, by any process: the
 * station's own decisions, `checkin issue` or an import beside it.  In
 * WAL mode (store.c) a commit writes the write-ahead log, which this
 * process keeps open (and so in place) while the worker's connection
 * lives; a checkpoint writes the file itself.  Both names as SQLite
 * opened them (a link resolved).  An inotify descriptor, or -1 when the
 * kernel gives none (out of watches, a file system without them): then
 * the file is looked at every LOOK_MS, as before. */
static int watch_file(sqlite3 *db)
{
    sqlite3_filename file = sqlite3_db_filename(db, "main");
    const char *wal = file ? sqlite3_filename_wal(file) : NULL;
    if (!file || !*file || !wal || !*wal)
        return -1;
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return -1;
    if (inotify_add_watch(fd, file, IN_MODIFY) < 0 ||
        inotify_add_watch(fd, wal, IN_MODIFY) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* SAFETY_MS, or CHECKIN_TEST_SYNC_SAFETY_MS (1,000 to 86,400,000) for
 * the tests: a dashboard whose safety-net sync is an hour away shows a
 * printer's change only when the hub's word wakes it (test_hub_admin). */
static int safety_ms(void)
{
    const char *s = getenv("CHECKIN_TEST_SYNC_SAFETY_MS");
    long v;
    if (s && util_parse_long(s, 1000, 86400000, &v))
        return (int)v;
    return SAFETY_MS;
}

int sync_worker_start(const char *path, sync_worker **out, struct ck_error *err)
{
    return sync_worker_start_herald(path, NULL, out, err);
}

int sync_worker_start_herald(const char *path, const char *herald,
                             sync_worker **out, struct ck_error *err)
{
    *out = NULL;
    sync_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    w->herald.fd = -1;
    if (herald) {
        int bad = sync_herald_addr(herald, "--herald", &w->herald.sa,
                                   &w->herald.salen, err);
        if (bad) {
            free(w);
            return bad;
        }
        w->herald.on = true;
        snprintf(w->herald.addr, sizeof(w->herald.addr), "%s", herald);
        snprintf(w->st.herald_addr, sizeof(w->st.herald_addr), "%s", herald);
    }
    w->wake[0] = w->wake[1] = -1;
    w->watch = -1;
    atomic_init(&w->notify, -1);
    atomic_init(&w->stop_by, 0);
    /* The station (or the dashboard) opened and checked the file already. */
    int code = local_open_checked(path, &w->l, err);
    if (!code)
        code = local_hub(&w->l, &w->hub, err);
    if (!code && !w->hub.enrolled) {
        local_close(&w->l);
        free(w);
        return CK_OK;
    }
    /* The worker's own writes need no flush of their own: what it notes
     * of a push is resent harmlessly if lost (pushes are idempotent), and
     * a lost pull is pulled again (its cursor is written after its rows,
     * and SQLite's write-ahead log loses only a tail).  The station's
     * next decision, committed with synchronous=FULL, flushes them with
     * it.  So the station deciding never waits for the worker's flush. */
    if (!code)
        code = local_exec(&w->l, "PRAGMA synchronous = NORMAL",
                          N_("setting up the sync worker"), err);
    if (!code)
        code = local_prepare(&w->l, "PRAGMA data_version", &w->data_version,
                             N_("watching the file"), err);
    if (!code && pipe2(w->wake, O_CLOEXEC | O_NONBLOCK))
        code = ck_fail(err, CK_EIO,
                       "Cannot start the sync worker: no pipe could be made "
                       "(%s).",
                       strerror(errno));
    if (!code) {
        w->channels =
            sync_listen_sql(w->hub.role, w->listen_sql, sizeof(w->listen_sql));
        w->watch = watch_file(w->l.db);
        w->l.own_watch = w->watch;
    }
    if (!code) {
        w->safety_ms = safety_ms();
        w->limits = (struct pg_limits){w->wake[0], STALL_MS, &w->stop_by};
        w->st.to_send = sync_backlog(&w->l);
        pthread_mutex_init(&w->mu, NULL);
        if (pthread_create(&w->thread, NULL, run, w)) {
            pthread_mutex_destroy(&w->mu);
            code = ck_fail(err, CK_ENOMEM,
                           "Cannot start the sync worker: out of threads.");
        }
    }
    if (code) {
        if (w->wake[0] >= 0) {
            close(w->wake[0]);
            close(w->wake[1]);
        }
        if (w->watch >= 0)
            close(w->watch);
        sqlite3_finalize(w->data_version);
        local_close(&w->l);
        free(w);
        return code;
    }
    *out = w;
    return CK_OK;
}

void sync_worker_notify(sync_worker *w, int fd)
{
    if (w)
        atomic_store(&w->notify, fd);
}

void sync_worker_state(sync_worker *w, struct sync_state *out)
{
    pthread_mutex_lock(&w->mu);
    *out = w->st;
    pthread_mutex_unlock(&w->mu);
}

void sync_worker_set_printer(sync_worker *w, const struct sync_printer *p)
{
    pthread_mutex_lock(&w->mu);
    bool news = strcmp(w->printer.printer, p->printer) ||
                strcmp(w->printer.state, p->state) ||
                strcmp(w->printer.message, p->message);
    w->printer = *p;
    if (news)
        w->printer_news = true;
    pthread_mutex_unlock(&w->mu);
    if (news && write(w->wake[1], "p", 1) < 0) {
        /* The pipe is full: the worker is woken already. */
    }
}

char *sync_worker_hub_stations(sync_worker *w, uint64_t *version)
{
    pthread_mutex_lock(&w->mu);
    char *copy = w->stations ? strdup(w->stations) : NULL;
    *version = w->stations_version;
    pthread_mutex_unlock(&w->mu);
    return copy;
}

void sync_worker_stop(sync_worker *w, int grace_ms)
{
    if (!w)
        return;
    /* Every wait of the worker's ends by then (pg.h: stop_by), however
     * the hub answers or does not. */
    atomic_store(&w->stop_by, util_mono_ms() + (grace_ms > 0 ? grace_ms : 1));
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_mutex_unlock(&w->mu);
    if (write(w->wake[1], "x", 1) < 0) {
        /* The pipe is full: the worker is woken already. */
    }
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    close(w->wake[0]);
    close(w->wake[1]);
    if (w->watch >= 0)
        close(w->watch);
    sqlite3_finalize(w->data_version);
    local_close(&w->l);
    free(w->stations);
    free(w);
}
