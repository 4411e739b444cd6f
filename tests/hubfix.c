/* A hub and its stations for tests (hubfix.h): the commands an organizer
 * runs, each checked. */
#include "hubfix.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "pgserver.h"
#include "relay.h"
#include "testutil.h"

const char *hubfix_publish(const char *ev, const char *name)
{
    static char db[16][64];
    static int next;
    char *h = db[next++ % 16];
    snprintf(h, sizeof(db[0]), "hub_%s", name);
    if (pgserver_createdb(h))
        TU_FAIL_AT("could not create database %s", h);
    tu_checkin_want(0, "hub init '%s' \"%s\"", ev, pgserver_conninfo(h));
    return h;
}

/* The demo event published once per process with `checkin hub init` at
 * the database "hub_template": its file, or NULL after failing the test.
 * Each hubfix_event of the demo event copies both (CREATE DATABASE ...
 * TEMPLATE), which is what `hub init` would have made of it, in a
 * quarter of the time under AddressSanitizer: the copy shares only the hub's
 * group role (a role is the server's, not a database's), and its
 * stations get roles of their own. */
static const char *published_demo(void)
{
    static char ev[4096];
    static bool tried;
    if (!tried) {
        tried = true;
        int failed = tu_failures;
        const char *file = tu_copy(tu_demo_event(), "hub-template.db");
        hubfix_publish(file, "template");
        if (tu_failures == failed)
            snprintf(ev, sizeof(ev), "%s", file);
    }
    if (!ev[0])
        TU_FAIL_AT("the demo event could not be published");
    return ev[0] ? ev : NULL;
}

/* Point the event file `ev` at the hub database `hub`. */
static void point_at(const char *ev, const char *hub)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(ev, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "UPDATE sync_hub SET conninfo = ?1 WHERE id = 1",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, pgserver_conninfo(hub), -1, SQLITE_TRANSIENT) !=
            SQLITE_OK ||
        sqlite3_step(q) != SQLITE_DONE || sqlite3_changes(h) != 1)
        TU_FAIL_AT("pointing %s at %s: %s", ev, hub, sqlite3_errmsg(h));
    sqlite3_finalize(q);
    sqlite3_close(h);
}

const char *hubfix_event(const char *name, const char *ini, const char **hub)
{
    char file[64];
    snprintf(file, sizeof(file), "%s.db", name);
    if (ini) {
        const char *ev = tu_copy(tu_demo_event(), file);
        tu_checkin_want(0, "event '%s' '%s'", ev, ini);
        *hub = hubfix_publish(ev, name);
        return ev;
    }
    static char db[16][64];
    static int next;
    char *h = db[next++ % 16];
    snprintf(h, sizeof(db[0]), "hub_%s", name);
    *hub = h;
    const char *demo = published_demo();
    if (!demo)
        return tu_path(file);
    char sql[160];
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE hub_template",
             h);
    if (pgserver_exec("postgres", sql))
        TU_FAIL_AT("could not create database %s", h);
    const char *ev = tu_copy(demo, file);
    point_at(ev, h);
    return ev;
}

const char *hubfix_station(const char *ev, const char *station,
                           const char *role, const char *file)
{
    const char *out = tu_path(file);
    tu_checkin_want(0, "hub add-station '%s' %s --station %s --out '%s'", ev,
                    station, role, out);
    return out;
}

bool hubfix_open(struct hubfix *f, const char *name, const char *ini, ...)
{
    int failed = tu_failures;
    memset(f, 0, sizeof(*f));
    const char *hub;
    snprintf(f->ev, sizeof(f->ev), "%s", hubfix_event(name, ini, &hub));
    snprintf(f->hub, sizeof(f->hub), "%s", hub);
    va_list ap;
    va_start(ap, ini);
    for (const char *station; (station = va_arg(ap, const char *));) {
        const char *role = va_arg(ap, const char *);
        if (f->n == HUBFIX_STATIONS) {
            TU_FAIL_AT("more than %d stations", HUBFIX_STATIONS);
            break;
        }
        char file[96];
        snprintf(file, sizeof(file), "%s-%s.db", name, station);
        snprintf(f->name[f->n], sizeof(f->name[0]), "%s", station);
        snprintf(f->file[f->n], sizeof(f->file[0]), "%s",
                 hubfix_station(f->ev, station, role, file));
        f->n++;
    }
    va_end(ap);
    return tu_failures == failed;
}

/* A list of stations enrolled once in this process by hubfix_enrolled:
 * the hub database holding them, the event file and the station files as
 * `hub add-station` left them. */
struct enrolled {
    int n;
    char name[HUBFIX_STATIONS][32];
    char role[HUBFIX_STATIONS][80];
    char db[32];
    char ev[512];
    char file[HUBFIX_STATIONS][512];
};

/* Lists kept; a list past them is enrolled without a template. */
enum { ENROLLED_KEPT = 32 };
static struct enrolled kept[ENROLLED_KEPT];
static int n_kept;

/* Copy `src` to `dst` readable by its owner alone, as `hub add-station`
 * makes a station's file and its key; 0 on success. */
static int copy_private(const char *src, const char *dst)
{
    size_t len;
    char *data = tu_read_file(src, &len);
    int fd =
        data ? open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
    int rc = fd >= 0 && write(fd, data, len) == (ssize_t)len ? 0 : -1;
    if (fd >= 0 && close(fd))
        rc = -1;
    free(data);
    return rc;
}

/* Copy the station file `src` and, for a desk, its key file beside it to
 * `dst`, pointed at the hub database `hub` with the station's own
 * credentials. */
static void copy_station(const char *src, const char *dst, const char *hub)
{
    char src_key[600], dst_key[600];
    credential_default_key_path(src, src_key, sizeof(src_key));
    credential_default_key_path(dst, dst_key, sizeof(dst_key));
    if (copy_private(src, dst) ||
        (access(src_key, F_OK) == 0 && copy_private(src_key, dst_key))) {
        TU_FAIL_AT("copying the station file %s to %s", src, dst);
        return;
    }
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(
        tu_sql_text(dst, "SELECT conninfo FROM sync_hub WHERE id = 1"), &perr);
    PQfreemem(perr);
    if (!opts) {
        TU_FAIL_AT("the connection string in %s does not parse", src);
        return;
    }
    /* The same settings, quoted as libpq reads them, the database the
     * copy's. */
    char ci[2048] = "";
    size_t n = 0;
    for (PQconninfoOption *o = opts; o->keyword && n + 8 < sizeof(ci); o++) {
        const char *v = strcmp(o->keyword, "dbname") ? o->val : hub;
        if (!v || !*v)
            continue;
        n += (size_t)snprintf(ci + n, sizeof(ci) - n, "%s%s='", n ? " " : "",
                              o->keyword);
        for (; *v && n + 4 < sizeof(ci); v++) {
            if (*v == '\'' || *v == '\\')
                ci[n++] = '\\';
            ci[n++] = *v;
        }
        ci[n++] = '\'';
        ci[n] = '\0';
    }
    PQconninfoFree(opts);
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(dst, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "UPDATE sync_hub SET conninfo = ?1 WHERE id = 1",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, ci, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_DONE || sqlite3_changes(h) != 1)
        TU_FAIL_AT("pointing %s at %s: %s", dst, hub, sqlite3_errmsg(h));
    sqlite3_finalize(q);
    sqlite3_close(h);
}

const char *hubfix_copy_event(const char *src, const char *name,
                              const char *hub)
{
    const char *ev = tu_copy(src, name);
    point_at(ev, hub);
    return ev;
}

const char *hubfix_copy_station(const char *src, const char *name,
                                const char *hub)
{
    const char *dst = tu_path(name);
    copy_station(src, dst, hub);
    return dst;
}

/* Keep the hub and files hubfix_enrolled has just made for `f` as the
 * template of its list.  Not kept (the next call enrols again) when the
 * hub cannot be copied, such as when a backend of the commands that just
 * ended has not yet gone. */
static void keep(const struct hubfix *f, const char *const *role)
{
    if (n_kept == ENROLLED_KEPT)
        return;
    struct enrolled *t = &kept[n_kept];
    snprintf(t->db, sizeof(t->db), "hubt_%d", n_kept);
    char sql[160];
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", t->db,
             f->hub);
    if (pgserver_exec("postgres", sql))
        return;
    char name[64];
    snprintf(name, sizeof(name), "hubt-%d.db", n_kept);
    snprintf(t->ev, sizeof(t->ev), "%s", tu_copy(f->ev, name));
    for (int k = 0; k < f->n; k++) {
        snprintf(name, sizeof(name), "hubt-%d-%d.db", n_kept, k);
        snprintf(t->file[k], sizeof(t->file[k]), "%s", tu_path(name));
        copy_station(f->file[k], t->file[k], t->db);
        snprintf(t->name[k], sizeof(t->name[k]), "%s", f->name[k]);
        snprintf(t->role[k], sizeof(t->role[k]), "%s", role[k]);
    }
    t->n = f->n;
    n_kept++;
}

/* hubfix_enrolled of the list `ap` (STATION, ROLE, FILE and, when `out`,
 * the address its path is given at, each time), its paths and the
 * event's and hub's given at *ev and *hub when they are not NULL. */
static bool enrol(struct hubfix *f, const char *name, const char **ev,
                  const char **hub, bool out, va_list ap)
{
    int failed = tu_failures;
    memset(f, 0, sizeof(*f));
    const char *role[HUBFIX_STATIONS], *file[HUBFIX_STATIONS];
    const char **path[HUBFIX_STATIONS];
    for (const char *station; (station = va_arg(ap, const char *));) {
        const char *r = va_arg(ap, const char *);
        const char *fl = va_arg(ap, const char *);
        const char **p = out ? va_arg(ap, const char **) : NULL;
        if (f->n == HUBFIX_STATIONS) {
            TU_FAIL_AT("more than %d stations", HUBFIX_STATIONS);
            break;
        }
        snprintf(f->name[f->n], sizeof(f->name[0]), "%s", station);
        role[f->n] = r;
        file[f->n] = fl;
        path[f->n] = p;
        f->n++;
    }
    /* Given before anything can fail, so that no caller reads an unset
     * pointer after a failure it did not stop at. */
    for (int k = 0; k < f->n; k++)
        if (path[k])
            *path[k] = f->file[k];
    if (ev)
        *ev = f->ev;
    if (hub)
        *hub = f->hub;
    const char *demo = published_demo();
    if (!demo)
        return false;
    /* The longest list kept that begins this one. */
    bool templates = !getenv("HUBFIX_NO_TEMPLATES");
    const struct enrolled *from = NULL;
    for (int i = 0; i < n_kept && templates; i++) {
        const struct enrolled *t = &kept[i];
        bool begins = t->n <= f->n && (!from || t->n > from->n);
        for (int k = 0; begins && k < t->n; k++)
            begins =
                !strcmp(t->name[k], f->name[k]) && !strcmp(t->role[k], role[k]);
        if (begins)
            from = t;
    }
    snprintf(f->hub, sizeof(f->hub), "hub_%s", name);
    char sql[160];
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", f->hub,
             from ? from->db : "hub_template");
    if (pgserver_exec("postgres", sql)) {
        TU_FAIL_AT("could not create database %s", f->hub);
        return false;
    }
    char evname[64];
    snprintf(evname, sizeof(evname), "%s.db", name);
    snprintf(f->ev, sizeof(f->ev), "%s",
             tu_copy(from ? from->ev : demo, evname));
    point_at(f->ev, f->hub);
    int k = 0;
    for (; from && k < from->n; k++) {
        snprintf(f->file[k], sizeof(f->file[k]), "%s", tu_path(file[k]));
        copy_station(from->file[k], f->file[k], f->hub);
    }
    for (; k < f->n; k++)
        snprintf(f->file[k], sizeof(f->file[k]), "%s",
                 hubfix_station(f->ev, f->name[k], role[k], file[k]));
    if (templates && tu_failures == failed && (!from || from->n < f->n))
        keep(f, role);
    return tu_failures == failed;
}

bool hubfix_enrolled(struct hubfix *f, const char *name, ...)
{
    va_list ap;
    va_start(ap, name);
    bool ok = enrol(f, name, NULL, NULL, false, ap);
    va_end(ap);
    return ok;
}

bool hubfix_enrolled_as(struct hubfix *f, const char *name, const char **ev,
                        const char **hub, ...)
{
    va_list ap;
    va_start(ap, hub);
    bool ok = enrol(f, name, ev, hub, true, ap);
    va_end(ap);
    return ok;
}

void hubfix_sync_all(const struct hubfix *f)
{
    for (int k = 0; k < f->n; k++)
        tu_checkin_want(0, "sync '%s'", f->file[k]);
}

int hubfix_relay(void)
{
    static int port;
    if (!port) {
        char sock[700];
        snprintf(sock, sizeof(sock), "%s/.s.PGSQL.5432", pgserver_dir());
        port = relay_start(sock);
    }
    return port;
}

bool hubfix_through_relay(const char *file)
{
    int port = hubfix_relay();
    if (port <= 0) {
        TU_FAIL_AT("the relay to the hub did not start");
        return false;
    }
    /* Later settings of a libpq connection string win. */
    if (tu_sh("sqlite3 '%s' \"UPDATE sync_hub SET conninfo = conninfo"
              " || ' host=127.0.0.1 port=%d'\"",
              file, port)) {
        TU_FAIL_AT("could not send %s through the relay", file);
        return false;
    }
    return true;
}

const char *hubfix_pandas(const char *db, int n)
{
    char sql[640];
    snprintf(sql, sizeof(sql),
             "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
             " s.attendee_id JOIN attendee_tutorial x ON x.attendee_id = a.id"
             " JOIN tutorial u ON u.id = x.tutorial_id WHERE u.slug ="
             " 'pandas-intro' AND a.status = 'paid' AND a.testmode = 0 AND"
             " s.revoked = 0 ORDER BY a.ticket_id LIMIT 1 OFFSET %d",
             n);
    return tu_sql_text(db, sql);
}

int hubfix_dashboard(const char *ev, const char *out, pid_t *pid)
{
    return hubfix_dashboard_with(ev, "", out, pid);
}

int hubfix_dashboard_with(const char *ev, const char *args, const char *out,
                          pid_t *pid)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' dashboard '%s' --listen 127.0.0.1:0 %s > '%s' 2>&1",
             CHECKIN_BIN, ev, args, out);
    pid_t parent = getpid();
    *pid = fork();
    if (*pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
            _exit(126);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    if (*pid < 0) {
        TU_FAIL_AT("could not start the dashboard");
        return 0;
    }
    char *text = tu_wait_file(out, "http://127.0.0.1:", 20000);
    const char *at = text ? strstr(text, "http://127.0.0.1:") : NULL;
    int port = at ? (int)strtol(at + 17, NULL, 10) : 0;
    free(text);
    if (!port)
        TU_FAIL_AT("the dashboard never said its address");
    return port;
}

int hubfix_dashboard_stop(pid_t pid)
{
    int status = -1;
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, &status, 0);
    }
    return status;
}

json_t *hubfix_snapshot_station(int port, const char *name,
                                bool (*want)(json_t *h, const void *arg),
                                const void *arg, json_t **root)
{
    *root = NULL;
    char host[64];
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", port);
    for (int64_t until = tu_mono_ms() + 20000; tu_mono_ms() < until;
         usleep(200 * 1000)) {
        char *body = NULL;
        tu_http(port, "GET", "/api/snapshot", host, NULL, NULL, &body);
        json_decref(*root);
        *root = body ? json_loads(body, 0, NULL) : NULL;
        free(body);
        size_t i;
        json_t *h;
        json_array_foreach(json_object_get(*root, "hub_stations"), i, h)
        {
            const char *n = json_string_value(json_object_get(h, "name"));
            if (n && !strcmp(n, name) && (!want || want(h, arg)))
                return h;
        }
    }
    return NULL;
}

/* The organizer's join server, started once per process. */
static struct tu_proc join_server = {.pid = 0};

const char *hubfix_join_event(const char *name, const char **hub)
{
    static char ev[512], hubname[64];
    if (!ev[0]) {
        const char *h;
        snprintf(ev, sizeof(ev), "%s", hubfix_event(name, NULL, &h));
        snprintf(hubname, sizeof(hubname), "%s", h);
    }
    if (hub)
        *hub = hubname;
    if (join_server.pid)
        return ev;
    const char *said = tu_path("serve-joins.out");
    struct tu_link link;
    return tu_serve(&join_server,
                    tu_format(TU_NO_LEAK_SCAN
                              "exec '%s' hub serve-joins '%s' --listen "
                              "127.0.0.1:0 >'%s' 2>&1",
                              CHECKIN_BIN, ev, said),
                    said, "Serving join links at ", "the join server", &link)
               ? ev
               : NULL;
}

void hubfix_join_stop(void)
{
    if (join_server.pid)
        tu_stop(&join_server, SIGTERM, 20000, "the join server");
}

const char *hubfix_join_link(const char *ev, const char *name, const char *args)
{
    static char link[600];
    const char *said = tu_checkin_want(
        0, "hub add-station '%s' %s --station desk --join %s", ev, name, args);
    const char *at = strstr(said, "checkin join '");
    link[0] = '\0';
    if (!at) {
        TU_FAIL_AT("add-station --join printed no link: %s", said);
        return link;
    }
    at += strlen("checkin join '");
    snprintf(link, sizeof(link), "%.*s", (int)strcspn(at, "'"), at);
    return link;
}
