/* `checkin demo`: the station flow on the bundled demo event, with no
 * camera or printer attached: import, search, codes read back, then (in
 * demo_stations.c) a desk, a tutorial door and a sponsor's station fed a
 * synthetic camera, the merge, the exports and a summary.  Everything
 * goes into one output folder that the demo recreates on every run, and
 * only a new or empty folder or one an earlier demo made (demo_check_dir):
 * the demo never deletes a file it did not write.  Files hold names, so
 * they are made 0600 and the folder 0700.  The
 * desk's print hook is here (demo_print), the one place that knows about
 * printers.  The command line (cli/cmd_demo.c) only reads its options. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/decode.h"
#include "checkin/demo.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/label.h"
#include "checkin/progress.h"
#include "checkin/qr.h"
#include "checkin/store.h"
#include "checkin/text.h"
#include "demo_priv.h"

void demo_remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[4200];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
        if (unlink(p) && errno != ENOENT)
            fprintf(stderr, _("checkin: could not remove %s: %s\n"), p,
                    strerror(errno));
    }
}

const char *demo_day(const char *ymd, enum i18n_day what, char *out, size_t cap)
{
    struct tm tm = {0};
    int y, m, d;
    out[0] = '\0';
    if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return out;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    struct tm day;
    if (t != (time_t)-1 && gmtime_r(&t, &day))
        i18n_date(out, cap, what, &day);
    return out;
}

/* demo_priv.h */
void demo_section(void)
{
    static int section;
    /* untranslated: a section's number before its translated title. */
    printf(section ? "\n%d. " : "%d. ", section + 1);
    section++;
}

void demo_say(const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    const char *p = text;
    if (*p == '\n') {
        putchar('\n');
        p++;
    }
    int col = printf("  ");
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, " ");
        int width = 0;
        for (size_t k = 0; k < len; k++)
            width += ((unsigned char)p[k] & 0xC0) != 0x80;
        if (!first && col + 1 + width > 78)
            col = printf("\n    ");
        else if (!first)
            col += printf(" ");
        col += printf("%.*s", (int)len, p);
        first = false;
        p += len;
        while (*p == ' ')
            p++;
    }
    putchar('\n');
    fflush(stdout); /* for a reader at the other end of a pipe */
}

void demo_pad(FILE *f, const char *word, int width)
{
    fprintf(f, "%s%*s", word, text_pad(word, width), "");
}

/* Marks a folder as the demo's: only a folder holding it is ever emptied
 * by a later run. */
#define MARKER ".checkin-demo"

/* Every file a demo run leaves in its folder (the databases' -wal, -shm
 * and -journal too, and temporary files of a run that was killed:
 * ".NAME.PID.tmp"), besides labels/. */
static const char *const DEMO_FILES[] = {
    MARKER, "event.db", "event.key", "event-from-pretix.db",
    "event-from-pretix.key", "leads-datawise.db", "checkins.csv", "scans.csv",
    "leads-datawise.csv", "print-log.txt", "ql800.bin",
    /* checkin demo --stations */
    "desk-1.db", "desk-2.db", "desk-3.db", "door-1.db", "door-2.db",
    "booth-datawise.db", "desk-1-ql800.bin", "desk-2-ql800.bin",
    "desk-3-ql800.bin", "late-registrations.csv", "stations.log", "desk-1.key",
    "desk-2.key", "desk-3.key", "event-hub.ini", "auction-1.db", "pay-1.db",
    "sprints-1.db", "auction-1.key", "pay-1.key", "sprints-1.key",
    "auction-1-ql800.bin", "board-1.db", "board-1.key", "room-203.db"};

static bool demo_file(const char *name)
{
    static const char *const side[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(DEMO_FILES) / sizeof(DEMO_FILES[0]); i++) {
        const char *f = DEMO_FILES[i];
        size_t n = strlen(f);
        if (name[0] == '.' && !strncmp(name + 1, f, n) && name[n + 1] == '.')
            return true; /* a temporary file (atomic_file.h) */
        if (strncmp(name, f, n))
            continue;
        for (size_t j = 0; j < sizeof(side) / sizeof(side[0]); j++)
            if (!strcmp(name + n, side[j]))
                return true;
    }
    return false;
}

/* Whether `dir/name` is something the demo wrote: one of its files, or
 * labels/ holding only label previews (job-*.png).  Links are never. */
static bool demo_entry(int dfd, const char *name)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    if (S_ISREG(st.st_mode))
        return demo_file(name);
    if (!S_ISDIR(st.st_mode) || strcmp(name, "labels"))
        return false;
    int lfd =
        openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0)
            close(lfd);
        return false;
    }
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        bool png = (!strncmp(n, "job-", 4) && len > 8 &&
                    !strcmp(n + len - 4, ".png")) ||
                   (!strncmp(n, ".job-", 5) && strstr(n, ".png."));
        ok = png && fstatat(lfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
             S_ISREG(st.st_mode);
    }
    closedir(d);
    return ok;
}

/* The marker is there afterwards (demo_priv.h). */
int demo_check_dir(const char *out, struct ck_error *err)
{
    if (mkdir(out, 0700) && errno != EEXIST)
        return ck_fail(err, CK_EIO, "Cannot create the demo folder %s: %s.",
                       out, strerror(errno));
    DIR *d = opendir(out);
    if (!d)
        return ck_fail(err, CK_EINVAL,
                       "Cannot use %s as the demo folder: %s; give --out a "
                       "new or empty folder.",
                       out, strerror(errno));
    bool marked = false;
    char first[256] = "", foreign[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        struct stat st;
        if (!strcmp(n, ".") || !strcmp(n, ".."))
            continue;
        if (!strcmp(n, MARKER))
            marked = fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                     S_ISREG(st.st_mode);
        else if (!first[0])
            snprintf(first, sizeof(first), "%s", n);
        if (!foreign[0] && !demo_entry(dirfd(d), n))
            snprintf(foreign, sizeof(foreign), "%s", n);
    }
    closedir(d);
    if (!marked && first[0])
        return ck_fail(err, CK_EINVAL,
                       "%s is not empty (it holds %s) and is not a folder "
                       "an earlier 'checkin demo' marked as its own (with "
                       "%s), and the demo replaces its folder's files; give "
                       "--out a new or empty folder.",
                       out, first, MARKER);
    if (foreign[0])
        return ck_fail(err, CK_EINVAL,
                       "%s holds %s, which 'checkin demo' did not write, and "
                       "the demo replaces its folder's files; move it away "
                       "or give --out a new or empty folder.",
                       out, foreign);
    if (marked)
        return CK_OK;
    char path[4200];
    snprintf(path, sizeof(path), "%s/" MARKER, out);
    int fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    /* untranslated: the marker's text, the same whatever the language
     * of the run that wrote it. */
    static const char TEXT[] = "This folder was made by 'checkin demo', "
                               "which replaces its files on every run.\n";
    if (fd < 0 || write(fd, TEXT, sizeof(TEXT) - 1) != sizeof(TEXT) - 1) {
        int e2 = errno;
        if (fd >= 0)
            close(fd);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path, strerror(e2));
    }
    close(fd);
    return CK_OK;
}

int demo_ini_without_acknowledgements(const char *ini, const char *out,
                                      struct ck_error *err)
{
    FILE *in = fopen(ini, "r");
    if (!in)
        return ck_fail(err, CK_EIO, "Cannot read %s: %s.", ini,
                       strerror(errno));
    int fd =
        open(out, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        fclose(in);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", out, strerror(e));
    }
    char line[4096];
    bool skip = false;
    while (fgets(line, sizeof(line), in)) {
        if (line[0] == '[')
            skip = !strncmp(line, "[admission]", 11) ||
                   !strncmp(line, "[acknowledge ", 13);
        if (!skip)
            fputs(line, f);
    }
    bool bad = ferror(in);
    fclose(in);
    if (fclose(f) || bad)
        return ck_fail(err, CK_EIO, "Cannot write %s.", out);
    return CK_OK;
}

/* The demo's own file is never refused; should a row be, its code (the
 * sentences are commands/', which the demo does not link). */
static void show_reject(void *ctx, const char *file, long line,
                        const struct import_note *why)
{
    (void)ctx;
    /* TRANSLATORS: the file, the line, the reason's code and its value. */
    fprintf(stderr, _("%s:%ld: refused (%s %s).\n"), file, line,
            import_why_name(why->why), why->value ? why->value : "");
}

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress_update(ctx, done, total);
}

int demo_make_event(const char *db, const char *key, const char *ini,
                    const char *file, struct import_counts *n,
                    struct ck_error *err)
{
    demo_remove_db(db);
    if (unlink(key) && errno != ENOENT)
        return ck_fail(err, CK_EIO, "Cannot replace %s: %s.", key,
                       strerror(errno));
    /* Made whole at a temporary name, 0600, like `checkin init`. */
    struct atomic_file af;
    int code = atomic_file_begin_name(&af, db, ATOMIC_NEW, err);
    if (code)
        return code;
    store *s;
    code = store_open(af.tmp, STORE_CREATE, &s, err);
    if (code) {
        atomic_file_abort(&af);
        return code;
    }
    code = atomic_file_restrict(&af, err);
    if (!code)
        code = event_load(s, ini, err);
    if (!code)
        code = credential_create_key(s, key, err);
    if (!code) {
        struct progress bar;
        progress_start(&bar, stderr, "importing");
        struct import_options opt = {
            .report = show_reject, .progress = show_progress, .ctx = &bar};
        code = import_file(s, file, &opt, n, err);
        progress_end(&bar);
    }
    if (!code)
        code = demo_add_projects(s, err);
    store_close(s);
    if (code)
        atomic_file_abort(&af);
    else
        code = atomic_file_commit(&af, err);
    return code;
}

/* One search, printed as `"query" -> names (orders)` after `sep`. */
static int show_search(store *s, const char *query, const char *sep,
                       struct ck_error *err)
{
    struct attendee_list l;
    int code = store_attendee_search(s, query, 3, &l, err);
    if (code)
        return code;
    printf("%s\"%s\" -> ", sep, query);
    for (size_t i = 0; i < l.n; i++)
        printf("%s%s (%s)", i ? ", " : "", l.items[i].badge_name,
               l.items[i].order_code);
    /* TRANSLATORS: what a search found: no one. */
    printf("%s", l.n ? "" : _("nobody"));
    attendee_list_free(&l);
    return CK_OK;
}

/* One code shown to a station: drawn as a QR code (as printed on a badge
 * or shown on a phone), read back by the decoder, decided by the
 * verifier. */
static int show_scan(decoder *d, verifier *v, const char *label,
                     const char *text, struct ck_error *err)
{
    struct qr_bitmap qr;
    int code = qr_render(text, strlen(text), 4, 4, &qr, err);
    if (code)
        return code;
    struct gray_frame f = {qr.pixels, qr.width, qr.height, qr.stride};
    struct decode_result r;
    code = decoder_decode(d, &f, &r, err);
    qr_bitmap_free(&qr);
    if (code)
        return code;
    struct verdict vd = {0};
    if (r.count == 1)
        code = verifier_check(v, r.codes[0].bytes, r.codes[0].len, &vd, err);
    decode_result_free(&r);
    if (code)
        return code;
    /* Pad by terminal columns, not bytes: labels hold names like Zoë,
     * and a translation may be Japanese. */
    int pad = 36 - (int)text_columns(label);
    printf("  %s%*s -> ", label, pad > 0 ? pad : 0, "");
    /* TRANSLATORS: a code the verifier refused, with its reason's code
     * as `checkin verify` shows it: "NOT VALID (revoked)". */
    if (vd.valid)
        fputs(_("ADMIT"), stdout);
    else
        printf(_("NOT VALID (%s)"), badge_reason_name(vd.reason));
    /* TRANSLATORS: after a code's verdict: the badge's name, its ticket
     * type and, in the second, its tutorial's slug. */
    if (vd.attendee_id && vd.tutorial[0])
        printf(_(": %s (%s, tutorial %s)"), vd.badge_name, vd.ticket_type,
               vd.tutorial);
    else if (vd.attendee_id)
        printf(_(": %s (%s)"), vd.badge_name, vd.ticket_type);
    putchar('\n');
    return CK_OK;
}

int demo_code(store *s, const struct badge_key *key, const char *who,
              const char *tutorial, bool issue, char out[BADGE_TEXT_CAP],
              struct ck_error *err)
{
    struct attendee_list l;
    int code = store_attendee_find_one(s, who, &l, err);
    if (code)
        return code;
    int64_t tid = 0;
    if (tutorial)
        code = store_tutorial_id(s, tutorial, &tid, err);
    if (!code)
        code = (issue ? credential_issue : credential_current)(
            s, key, l.items[0].id, tid, out, err);
    attendee_list_free(&l);
    return code;
}

/* Badges and confirmation codes at a station: the codes of a few demo
 * attendees, each one drawn, scanned and decided. */
static int show_badges(store *s, const char *key_path, struct ck_error *err)
{
    struct badge_key key;
    int code = credential_load_key(s, key_path, &key, err);
    if (code)
        return code;
    verifier *v = NULL;
    decoder *d = NULL;
    struct decoder_options opt = {DECODE_STILL, 0};
    char zoe[BADGE_TEXT_CAP], ticket[BADGE_TEXT_CAP], old[BADGE_TEXT_CAP],
        forged[BADGE_TEXT_CAP];
    if ((code = verifier_new(s, &v, err)) ||
        (code = decoder_new(&opt, &d, err)) ||
        (code = demo_code(s, &key, "53139", NULL, true, old, err)) ||
        (code = demo_code(s, &key, "53139", NULL, true, zoe, err)) ||
        (code = demo_code(s, &key, "53139", "pandas-intro", true, ticket, err)))
        goto out;
    memcpy(forged, zoe, sizeof(forged));
    forged[40] = forged[40] == 'A' ? 'B' : 'A';
    /* Confirmations, unpaid orders and foreign codes come at the desk
     * (demo_stations.c). */
    struct {
        const char *label, *text;
    } shown[] = {
        {N_("Zoë's badge"), zoe},
        {N_("Zoë's pandas tutorial ticket"), ticket},
        {N_("Zoë's first badge, reprinted since"), old},
        {N_("Zoë's badge with one letter forged"), forged},
        {N_("a cancelled order's confirmation"),
         "3xc2xvete57ty3qf4j5cjspkpn3g2k46"},
    };
    for (size_t i = 0; !code && i < sizeof(shown) / sizeof(shown[0]); i++)
        code = show_scan(d, v, _(shown[i].label), shown[i].text, err);
out:
    badge_key_wipe(&key);
    decoder_free(d);
    verifier_free(v);
    return code;
}

/* ---- the desk's print hook ---- */

/* The desk's printing: every label goes through the job queue to a
 * printer (printer/badge_print.c, via desk_print.c), by default a file
 * printer that writes a Brother QL-800's byte stream to DIR/ql800.bin with
 * a PNG preview of every label in DIR/labels/, or the --printer URI.  One
 * line per item also goes to DIR/print-log.txt and a few words to p->last
 * for the desk's line. */
static int print_labels(struct demo_printer *p, int64_t attendee_id,
                        const char *reprint_reason, bool *confirmed,
                        struct ck_error *err)
{
    if (!p->open) {
        char uri[4300], previews[4200];
        snprintf(uri, sizeof(uri), "file:%s/ql800.bin", p->dir);
        snprintf(previews, sizeof(previews), "%s/labels", p->dir);
        if (mkdir(previews, 0700) && errno != EEXIST)
            return ck_fail(err, CK_EIO, "Cannot create %s: %s.", previews,
                           strerror(errno));
        struct desk_print_options po = {.uri = p->uri ? p->uri : uri,
                                        .model = p->uri ? NULL : "QL-800",
                                        .media = p->uri ? NULL : "62x100",
                                        .config_dir = p->config_dir,
                                        .key_path = p->key_path,
                                        .preview_dir = previews};
        int code = desk_print_open(&p->dp, p->s, p->db, &po, err);
        if (code)
            return code;
        p->open = true;
    }
    return desk_print_hook(&p->dp, attendee_id, reprint_reason, confirmed, err);
}

int demo_print(void *ctx, int64_t attendee_id, const char *reprint_reason,
               bool *confirmed, struct ck_error *err)
{
    struct demo_printer *p = ctx;
    *confirmed = false;
    int code = print_labels(p, attendee_id, reprint_reason, confirmed, err);
    if (code)
        return code;
    struct attendee_list l;
    code = store_attendee_get(p->s, attendee_id, &l, err);
    if (code)
        return code;
    int fd = open(p->log_path,
                  O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        attendee_list_free(&l);
        return ck_fail(err, CK_EIO, "Cannot write the print log %s: %s.",
                       p->log_path, strerror(errno));
    }
    const struct attendee *a = &l.items[0];
    /* untranslated: the print log's lines, one item each, for a script. */
    fprintf(f, "badge %s %s%s%s%s%s%s\n", a->ticket_id, a->badge_name,
            reprint_reason ? " (reprint: " : "",
            reprint_reason ? reprint_reason : "", reprint_reason ? ")" : "",
            p->uri ? " for " : "", p->uri ? p->uri : "");
    p->badges++;
    long tickets = 0;
    for (size_t i = 0; i < a->ntutorials && !reprint_reason; i++) {
        /* untranslated: the print log's lines, one item each. */
        fprintf(f, "ticket %s %s %s\n", a->tutorials[i], a->ticket_id,
                a->badge_name);
        tickets++;
    }
    p->tickets += tickets;
    /* TRANSLATORS: what the desk printed, said after "Printed:": the
     * badge and a tutorial's ticket (its slug), or a number of them. */
    if (tickets == 1)
        snprintf(p->last, sizeof(p->last), _("badge, ticket %s"),
                 a->tutorials[0]);
    else if (tickets)
        snprintf(p->last, sizeof(p->last),
                 ngettext("badge, %ld tutorial ticket",
                          "badge, %ld tutorial tickets", tickets),
                 tickets);
    else
        snprintf(p->last, sizeof(p->last), "%s", C_("printed", "badge"));
    attendee_list_free(&l);
    if (fclose(f))
        return ck_fail(err, CK_EIO, "Cannot write the print log %s.",
                       p->log_path);
    return CK_OK;
}

/* ---- the whole demo ---- */

bool demo_options_check(const struct demo_options *o, char *why, size_t cap)
{
    if (o->stations && (o->camera || o->printer_uri)) {
        snprintf(why, cap, "%s",
                 _("--stations runs on scanned codes and file "
                   "printers; leave out --camera and --printer"));
        return false;
    }
    if (o->keep_hub && !o->stations) {
        snprintf(why, cap, "%s", _("--keep-hub goes with --stations"));
        return false;
    }
    return true;
}

int demo_run(const struct demo_options *o, struct ck_error *err)
{
    if (o->stations)
        return demo_hub_run(o, err);
    const char *out = o->out ? o->out : "checkin-demo";
    const char *camera = o->camera, *printer_uri = o->printer_uri;
    /* The camera first: without it there is no point in the rest. */
    source *cam = NULL;
    struct stat sb;
    if (camera && stat(camera, &sb) && errno == ENOENT)
        return ck_fail(err, CK_EDEVICE,
                       "There is no camera at %s; plug one in (ls "
                       "/dev/video*) or leave out --camera to run on "
                       "synthetic frames.",
                       camera);
    if (camera) {
        struct source_options so = {1280, 720, 0, 0};
        int code = source_open_camera(camera, &so, &cam, err);
        if (code)
            return code;
    }
    int code = demo_check_dir(out, err);
    if (code) {
        source_free(cam);
        return code;
    }
    const char *conf = o->config_dir;
    char ini[4096], csv[4096], json[4096], db[4096], db2[4096], key[4096],
        key2[4096];
    snprintf(ini, sizeof(ini), "%s/demo/event.ini", conf);
    snprintf(csv, sizeof(csv), "%s/demo/registrations.csv", conf);
    snprintf(json, sizeof(json), "%s/demo/pretix-orders.json", conf);
    snprintf(db, sizeof(db), "%s/event.db", out);
    snprintf(db2, sizeof(db2), "%s/event-from-pretix.db", out);
    snprintf(key, sizeof(key), "%s/event.key", out);
    snprintf(key2, sizeof(key2), "%s/event-from-pretix.key", out);
    struct demo_printer printer_ctx = {.key_path = key,
                                       .dir = out,
                                       .db = db,
                                       .uri = printer_uri,
                                       .config_dir = conf};
    snprintf(printer_ctx.log_path, sizeof(printer_ctx.log_path),
             "%s/print-log.txt", out);

    printf("%s\n\n", _("checkin demo: the bundled PyCon-like event"));
    struct import_counts n, n2;
    store *s = NULL;
    code = demo_make_event(db, key, ini, csv, &n, err);
    if (!code)
        code = demo_make_event(db2, key2, ini, json, &n2, err);
    if (!code) {
        demo_section();
        printf("%s\n", _("Registration import"));
        /* TRANSLATORS: rows added and rejected from each of two files. */
        printf(_("  registrations.csv: %ld added, %ld rejected; "
                 "pretix-orders.json: %ld added, %ld rejected\n"),
               n.added, n.rejected, n2.added, n2.rejected);
        code = store_open(db, STORE_EXISTING, &s, err);
    }
    struct store_stats st;
    if (!code && !(code = store_stats(s, &st, err))) {
        /* TRANSLATORS: the event's name, then its counts. */
        printf(_("  %s: %ld registrations, %ld paid, %ld pending, %ld "
                 "cancelled, %ld refunded; %zu ticket types, %zu "
                 "tutorials\n"),
               st.event_name, st.attendees, st.paid, st.pending, st.cancelled,
               st.refunded, st.ntypes, st.ntutorials);
        store_stats_free(&st);
    }
    static const char *const queries[] = {"zoe", "lukasz",  "देशपांडे",
                                          "王",  "الفاروق", "o'connor"};
    if (!code) {
        demo_section();
        printf("%s\n", _("Finding people without their code (any "
                         "script, no accents needed)"));
    }
    for (size_t i = 0; !code && i < sizeof(queries) / sizeof(queries[0]); i++) {
        code = show_search(s, queries[i], i % 3 ? "; " : "  ", err);
        if (i % 3 == 2)
            putchar('\n');
    }
    if (!code) {
        demo_section();
        printf("%s\n", _("Codes drawn as QR, read back by the decoder, "
                         "verified offline"));
        code = show_badges(s, key, err);
    }
    store_close(s);
    if (!code) {
        /* A fresh print log and printer file for every run, like the
         * rest of the folder. */
        char bin[4200];
        snprintf(bin, sizeof(bin), "%s/ql800.bin", out);
        if (unlink(printer_ctx.log_path) && errno != ENOENT)
            code = ck_fail(err, CK_EIO, "Cannot replace %s: %s.",
                           printer_ctx.log_path, strerror(errno));
        if (!code && unlink(bin) && errno != ENOENT)
            code = ck_fail(err, CK_EIO, "Cannot replace %s: %s.", bin,
                           strerror(errno));
    }
    if (!code) {
        struct demo_run run = {.dir = out,
                               .db = db,
                               .key_path = key,
                               .camera = cam,
                               .printer = &printer_ctx,
                               .o = o};
        code = demo_stations(&run, err);
    }
    desk_print_close(&printer_ctx.dp);
    label_shutdown();
    source_free(cam);
    if (!code)
        printf(_("  Try: checkin attendees %s QUERY; checkin stats %s\n"), db,
               db);
    return code;
}
