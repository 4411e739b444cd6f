/* `checkin hub add-station --join`, `checkin hub serve-joins` and
 * `checkin join` (checkin/join_commands.h): a station's file sealed into
 * a box only its link opens, and opened on the machine that joins.
 *
 * A box's sealed bytes are a 24-byte nonce and crypto_secretbox of:
 *
 *     checkin-join 1\nNAME\nKIND\nDB_BYTES\nKEY_BYTES\n<db><key>
 *
 * the key the link's `key=` (32 bytes, base64url without padding). */
#include <errno.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/decode.h"
#include "checkin/i18n.h"
#include "checkin/join_commands.h"
#include "checkin/qr.h"
#include "checkin/source.h"
#include "checkin/store.h"
#include "checkin/web_join.h"

#define MAGIC "checkin-join 1\n"
#define KEY_B64 44 /* 32 bytes in base64url without padding, and a NUL */
/* Where `checkin join` run as root, with no --dir, puts the station file
 * and its service settings (config/systemd). */
#define JOIN_SERVICE_DIR "/var/lib/checkin"
#define JOIN_CONF_DIR "/etc/checkin"
/* How long `checkin join --camera` looks for the code. */
#define JOIN_CAMERA_S 60

static void joins_dir(const char *db, char *out, size_t cap)
{
    snprintf(out, cap, "%s.joins", db);
}

/* The whole of `path` in *out (malloc'd; NULL and 0 when it is missing). */
static int slurp(const char *path, unsigned char **out, size_t *len,
                 struct ck_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? CK_OK
                               : ck_said(err, CK_EIO, _("Cannot read %s (%s)."),
                                         path, strerror(errno));
    struct stat sb;
    unsigned char *buf = NULL;
    if (!fstat(fileno(f), &sb))
        buf = malloc((size_t)sb.st_size + 1);
    size_t got = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    fclose(f);
    if (!buf || got != (size_t)sb.st_size) {
        free(buf);
        return ck_said(err, CK_EIO, _("Cannot read %s whole."), path);
    }
    *out = buf;
    *len = got;
    return CK_OK;
}

/* Where the join server of `dir` serves, as the link names it: `host`
 * (--host) when given, else the address it listens on. */
static int link_where(const char *dir, const char *db, const char *host,
                      char *out, size_t cap, struct ck_error *err)
{
    char path[4200], line[128] = "";
    /* A path too long to name is a file no join server wrote. */
    int pn = snprintf(path, sizeof(path), "%s/serving", dir);
    FILE *f = pn >= 0 && (size_t)pn < sizeof(path) ? fopen(path, "r") : NULL;
    if (!f || !fgets(line, sizeof(line), f)) {
        if (f)
            fclose(f);
        return ck_said(err, CK_EINVAL,
                       _("No join server runs for %s; start 'checkin hub "
                         "serve-joins %s' on this laptop first (it hands the "
                         "links' files out), then add the station again."),
                       db, db);
    }
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    const char *port = strrchr(line, ':');
    if (!port)
        return ck_said(err, CK_ECORRUPT,
                       _("%s is damaged; stop and start "
                         "'checkin hub serve-joins' again."),
                       path);
    bool wild = !strncmp(line, "0.0.0.0:", 8) || !strncmp(line, "[::]:", 5);
    if (!host && wild)
        return ck_fail(err, CK_EINVAL, "%s",
                       _("The join server listens on every address of this "
                         "laptop; give --host, the address the new machine "
                         "reaches this laptop at (such as 192.168.1.10), for "
                         "the link."));
    if (host)
        snprintf(out, cap, "%s%s%s%s", strchr(host, ':') ? "[" : "", host,
                 strchr(host, ':') ? "]" : "", port);
    else
        snprintf(out, cap, "%s", line);
    return CK_OK;
}

/* The plain box: MAGIC, name, kind, sizes, the file and the key. */
static unsigned char *pack(const char *name, const char *kind,
                           const unsigned char *db, size_t dblen,
                           const unsigned char *key, size_t keylen, size_t *len)
{
    char head[256];
    int n = snprintf(head, sizeof(head), MAGIC "%s\n%s\n%zu\n%zu\n", name, kind,
                     dblen, keylen);
    *len = (size_t)n + dblen + keylen;
    unsigned char *p = malloc(*len);
    if (!p)
        return NULL;
    memcpy(p, head, (size_t)n);
    memcpy(p + n, db, dblen);
    if (keylen)
        memcpy(p + n + dblen, key, keylen);
    return p;
}

/* Write `len` bytes to `path`, new (ATOMIC_NEW) or replacing. */
static int write_new(const char *path, const void *data, size_t len,
                     enum atomic_mode mode, struct atomic_file *af, bool commit,
                     struct ck_error *err)
{
    int code = atomic_file_begin(af, path, mode, err);
    if (code)
        return code;
    const unsigned char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(af->fd, p, left);
        if (n <= 0) {
            atomic_file_abort(af);
            return ck_said(err, errno == ENOSPC ? CK_EFULL : CK_EIO,
                           _("Cannot write %s (%s)."), path, strerror(errno));
        }
        p += n;
        left -= (size_t)n;
    }
    return commit ? atomic_file_commit(af, err) : CK_OK;
}

/* Remove the station file made at `path` and what SQLite and the key
 * left beside it. */
static void remove_plain(const char *path, const char *key_path)
{
    char side[4300];
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        snprintf(side, sizeof(side), "%s%s", path, ext[i]);
        unlink(side);
    }
    if (key_path && *key_path)
        unlink(key_path);
}

/* What `hub add-station --join` enrolled, and the command to run on the
 * station's machine within `minutes` (until `when`). */
static void enrolled_print(FILE *out, const struct hub_station_options *o,
                           const struct hub_station_report *r, long minutes,
                           const char *when, const char *link)
{
    char said[2 * sizeof(r->first_err.msg)];
    if (!r->first_done)
        fprintf(out,
                _("The first sync did not happen (%s); the station syncs "
                  "when it starts.\n"),
                ck_error_text(&r->first_err, said, sizeof(said)));
    if (r->first_done)
        fprintf(out,
                ngettext("Enrolled %s (%s) at the hub, its file pulled once.  "
                         "On its machine, within %ld minute (until %s), run "
                         "once:\n\n  checkin join '%s'\n\n",
                         "Enrolled %s (%s) at the hub, its file pulled once.  "
                         "On its machine, within %ld minutes (until %s), run "
                         "once:\n\n  checkin join '%s'\n\n",
                         (unsigned long)minutes),
                o->name, o->role, minutes, when, link);
    else
        fprintf(out,
                ngettext("Enrolled %s (%s) at the hub.  On its machine, "
                         "within %ld minute (until %s), run once:\n\n  "
                         "checkin join '%s'\n\n",
                         "Enrolled %s (%s) at the hub.  On its machine, "
                         "within %ld minutes (until %s), run once:\n\n  "
                         "checkin join '%s'\n\n",
                         (unsigned long)minutes),
                o->name, o->role, minutes, when, link);
}

int join_enroll_print(const char *db, const struct hub_station_options *o,
                      long valid_s, FILE *out, struct ck_error *err)
{
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "%s", _("libsodium could not start."));
    char dir[4200], fp[WEB_JOIN_FP], where[200];
    joins_dir(db, dir, sizeof(dir));
    int code = link_where(dir, db, o->host, where, sizeof(where), err);
    if (!code)
        code = web_join_cert(dir, fp, err);
    if (code)
        return code;

    unsigned char rid[16], key[crypto_secretbox_KEYBYTES];
    char id[WEB_JOIN_ID], plain[4300], box[4300];
    randombytes_buf(rid, sizeof(rid));
    sodium_bin2hex(id, sizeof(id), rid, sizeof(rid));
    snprintf(plain, sizeof(plain), "%s/%s.db", dir, id);
    snprintf(box, sizeof(box), "%s/%s.box", dir, id);
    struct hub_station_options so = *o;
    so.out_path = plain;
    struct hub_station_report r;
    code = hub_add_station(db, &so, &r, err);
    if (code)
        return code;

    unsigned char *file = NULL, *skey = NULL, *packed = NULL, *sealed = NULL;
    size_t flen = 0, klen = 0, plen = 0;
    code = slurp(plain, &file, &flen, err);
    if (!code && r.key_path[0])
        code = slurp(r.key_path, &skey, &klen, err);
    remove_plain(plain, r.key_path);
    if (!code &&
        !(packed = pack(o->name, o->role, file, flen, skey, klen, &plen)))
        code = ck_said(err, CK_ENOMEM, _("Out of memory sealing %s's file."),
                       o->name);
    if (file)
        sodium_memzero(file, flen);
    if (skey)
        sodium_memzero(skey, klen);
    free(file);
    free(skey);
    int64_t until = store_now_ms() + (int64_t)valid_s * 1000;
    char head[32];
    int hn = snprintf(head, sizeof(head), "%lld\n", (long long)until);
    size_t slen = (size_t)hn + crypto_secretbox_NONCEBYTES +
                  crypto_secretbox_MACBYTES + plen;
    if (!code && !(sealed = malloc(slen)))
        code = ck_said(err, CK_ENOMEM, _("Out of memory sealing %s's file."),
                       o->name);
    if (!code) {
        randombytes_buf(key, sizeof(key));
        unsigned char *nonce = sealed + hn;
        memcpy(sealed, head, (size_t)hn);
        randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
        crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, packed, plen,
                              nonce, key);
        struct atomic_file af;
        code = write_new(box, sealed, slen, ATOMIC_NEW, &af, true, err);
    }
    if (packed)
        sodium_memzero(packed, plen);
    free(packed);
    free(sealed);
    if (code) {
        /* No link, no station: its enrolment is taken back. */
        struct hub_retire_report rr;
        struct ck_error again = {0};
        if (hub_retire_station(db, o->name, r.uid, &rr, &again))
            fprintf(out,
                    _("%s stays enrolled without a file; retire it with "
                      "'checkin hub retire-station %s %s --id %s'.\n"),
                    o->name, db, o->name, r.uid);
        sodium_memzero(key, sizeof(key));
        return code;
    }

    char k64[KEY_B64], link[600], png[4300];
    sodium_bin2base64(k64, sizeof(k64), key, sizeof(key),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(key, sizeof(key));
    snprintf(link, sizeof(link), "https://%s/join/%s#name=%s&key=%s&sha256=%s",
             where, id, o->name, k64, fp);
    sodium_memzero(k64, sizeof(k64));
    snprintf(png, sizeof(png), "%s", db);
    char *slash = strrchr(png, '/');
    snprintf(slash ? slash + 1 : png,
             sizeof(png) - (slash ? (size_t)(slash + 1 - png) : 0),
             "%s-join.png", o->name);
    time_t t = (time_t)(until / 1000);
    struct tm tm;
    char when[32];
    localtime_r(&t, &tm);
    strftime(when, sizeof(when), "%H:%M", &tm);
    long minutes = (valid_s + 59) / 60;
    enrolled_print(out, o, &r, minutes, when, link);
    char *term = NULL;
    struct ck_error qerr = {0};
    if (!qr_for_terminal(link, &term, &qerr)) {
        fputs(term, out);
        free(term);
    }
    code = qr_write_png(link, 6, png, err);
    if (code)
        return code;
    fprintf(out,
            _("\nor scan it from %s (mode 0600; it works once, until %s).\n"),
            png, when);
    return CK_OK;
}

int join_serve_print(const char *db, const char *listen, FILE *out,
                     struct ck_error *err)
{
    struct stat sb;
    if (stat(db, &sb) || !S_ISREG(sb.st_mode))
        return ck_said(err, CK_ENOTFOUND,
                       _("There is no event file %s; give the organizer's "
                         "event file, the one 'checkin hub init' published."),
                       db);
    /* The signals arrive in sigwait below, in no server thread. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    char dir[4200], fp[WEB_JOIN_FP];
    joins_dir(db, dir, sizeof(dir));
    web_joins *j = NULL;
    int code = web_join_cert(dir, fp, err);
    if (!code)
        code = web_joins_start(dir, listen, &j, err);
    if (code)
        return code;
    fprintf(out,
            _("Serving join links at https://%s (certificate SHA-256 %s).\n"
              "Make a station's link with 'checkin hub add-station %s NAME "
              "--station KIND --join'; Ctrl-C stops.\n"),
            web_joins_where(j), fp, db);
    fflush(out);
    int sig = 0;
    sigwait(&stop, &sig);
    web_joins_stop(j);
    fprintf(out, _("Stopped serving join links.\n"));
    return CK_OK;
}

struct link {
    char where[200];
    char id[WEB_JOIN_ID];
    char name[64];
    unsigned char key[crypto_secretbox_KEYBYTES];
    char fp[WEB_JOIN_FP];
};

/* The text after `tag` up to the next '&' (or the end) into `out`. */
static bool field(const char *frag, const char *tag, char *out, size_t cap)
{
    const char *p = strstr(frag, tag);
    if (!p || (p != frag && p[-1] != '&'))
        return false;
    p += strlen(tag);
    size_t n = strcspn(p, "&");
    if (n == 0 || n >= cap)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static bool parse_link(const char *text, struct link *l)
{
    memset(l, 0, sizeof(*l));
    if (strncmp(text, "https://", 8))
        return false;
    const char *host = text + 8;
    const char *path = strstr(host, "/join/");
    const char *hash = strchr(host, '#');
    if (!path || !hash || path > hash || path == host ||
        (size_t)(path - host) >= sizeof(l->where) ||
        hash - (path + 6) != WEB_JOIN_ID - 1)
        return false;
    memcpy(l->where, host, (size_t)(path - host));
    memcpy(l->id, path + 6, WEB_JOIN_ID - 1);
    char k64[64];
    size_t klen = 0;
    const char *frag = hash + 1;
    if (!field(frag, "name=", l->name, sizeof(l->name)) ||
        !field(frag, "key=", k64, sizeof(k64)) ||
        !field(frag, "sha256=", l->fp, sizeof(l->fp)) ||
        strlen(l->fp) != WEB_JOIN_FP - 1 ||
        sodium_base642bin(l->key, sizeof(l->key), k64, strlen(k64), NULL, &klen,
                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        klen != sizeof(l->key))
        return false;
    for (const char *p = l->name; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789._:-",
                    *p))
            return false;
    return l->name[0] != '.';
}

/* A number line of the plain box at *p (advanced past it). */
static bool line_of(const unsigned char **p, const unsigned char *end,
                    char *out, size_t cap)
{
    const unsigned char *nl = memchr(*p, '\n', (size_t)(end - *p));
    if (!nl || (size_t)(nl - *p) >= cap)
        return false;
    memcpy(out, *p, (size_t)(nl - *p));
    out[nl - *p] = '\0';
    *p = nl + 1;
    return true;
}

/* The plain box's parts: pointers into `plain`. */
static bool unpack(const unsigned char *plain, size_t len, char *name,
                   char *kind, const unsigned char **db, size_t *dblen,
                   const unsigned char **key, size_t *keylen)
{
    const unsigned char *p = plain, *end = plain + len;
    char a[32], b[32], *e1, *e2;
    if (len < strlen(MAGIC) || memcmp(p, MAGIC, strlen(MAGIC)))
        return false;
    p += strlen(MAGIC);
    if (!line_of(&p, end, name, 64) || !line_of(&p, end, kind, 128) ||
        !line_of(&p, end, a, sizeof(a)) || !line_of(&p, end, b, sizeof(b)))
        return false;
    unsigned long long d = strtoull(a, &e1, 10), k = strtoull(b, &e2, 10);
    if (*e1 || *e2 || d > (size_t)(end - p) || k != (size_t)(end - p) - d)
        return false;
    *db = p;
    *dblen = (size_t)d;
    *key = p + d;
    *keylen = (size_t)k;
    return true;
}

/* The first join link a QR code in front of the camera `device` shows
 * within JOIN_CAMERA_S, or that the image `image` holds, into `link`. */
static int link_from_code(const char *device, const char *image, char *link,
                          size_t cap, struct ck_error *err)
{
    source *src = NULL;
    decoder *d = NULL;
    struct decoder_options dopt = {.mode =
                                       device ? DECODE_VIDEO : DECODE_STILL};
    struct source_options sopt = {0};
    char *paths[1] = {(char *)image};
    int code = device ? source_open_camera(device, &sopt, &src, err)
                      : source_open_images(paths, 1, &sopt, &src, err);
    if (!code)
        code = decoder_new(&dopt, &d, err);
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool found = false;
    while (!code && !found) {
        struct source_item it;
        code = source_next(src, 500, &it, err);
        if (code || it.kind == SOURCE_END)
            break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - t0.tv_sec > JOIN_CAMERA_S)
            break;
        if (it.kind != SOURCE_FRAME)
            continue;
        struct decode_result r = {0};
        code = decoder_decode(d, &it.frame, &r, err);
        for (size_t i = 0; !code && !found && i < r.count; i++)
            if (r.codes[i].text && strstr(r.codes[i].text, "/join/") &&
                r.codes[i].text_len < cap) {
                memcpy(link, r.codes[i].text, r.codes[i].text_len + 1);
                found = true;
            }
        decode_result_free(&r);
    }
    decoder_free(d);
    source_free(src);
    if (!code && !found)
        code =
            ck_said(err, CK_ENOTFOUND,
                    device ? _("No join link's QR code was seen by %s within "
                               "a minute; hold the code 20 to 40 cm from "
                               "the camera, or give the link itself.")
                           : _("%s holds no join link's QR code; give the "
                               "NAME-join.png 'hub add-station --join' "
                               "wrote, or the link itself."),
                    device ? device : image);
    return code;
}

/* A station's service settings, /etc/checkin/NAME.conf, for a machine
 * joined as root (checkin-station@NAME.service reads it): made when
 * missing, kept when there. */
static int write_conf(const char *name, const char *kind, const char *db,
                      FILE *out, struct ck_error *err)
{
    char path[4200], text[5000];
    if (mkdir(JOIN_CONF_DIR, 0755) && errno != EEXIST)
        return ck_said(err, CK_EIO, _("Cannot make %s (%s)."), JOIN_CONF_DIR,
                       strerror(errno));
    snprintf(path, sizeof(path), "%s/%s.conf", JOIN_CONF_DIR, name);
    struct stat sb;
    if (!lstat(path, &sb)) {
        fprintf(out, _("%s is kept as it was.\n"), path);
        return CK_OK;
    }
    /* untranslated: the settings file's comment, as docs/deploy.md's. */
    int n = snprintf(text, sizeof(text),
                     "# checkin-station@%s.service (docs/deploy.md): give the "
                     "station its input\n# (CHECKIN_CAMERA=--camera "
                     "/dev/video0 or --keyboard=DEVICE), printer\n"
                     "# (CHECKIN_PRINTER=--printer usb:) and web address "
                     "(CHECKIN_WEB=--web ADDR:PORT).\n"
                     "CHECKIN_FILE=%s\nCHECKIN_STATION=%s\nCHECKIN_CAMERA=\n"
                     "CHECKIN_PRINTER=\nCHECKIN_WEB=\nCHECKIN_OPTIONS=\n",
                     name, db, kind);
    struct atomic_file af;
    int code = write_new(path, text, (size_t)n, ATOMIC_NEW, &af, true, err);
    if (!code)
        fprintf(out,
                _("Wrote %s: set its camera or scanner and printer there, then "
                  "'systemctl enable --now checkin-station@%s'.\n"),
                path, name);
    return code;
}

/* The files a root join wrote, given to the checkin user the service runs
 * as, when there is one.  Best effort: the unit's StateDirectory= gives
 * the folder and what it holds to that user when the service starts. */
static void give_to_service(const char *db, const char *key)
{
    struct passwd *pw = getpwnam("checkin");
    bool given = pw && !chown(JOIN_SERVICE_DIR, pw->pw_uid, pw->pw_gid) &&
                 !chown(db, pw->pw_uid, pw->pw_gid) &&
                 (!key || !chown(key, pw->pw_uid, pw->pw_gid));
    (void)given;
}

int join_fetch_print(const char *text, const char *camera, const char *image,
                     const char *dir, FILE *out, struct ck_error *err)
{
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "%s", _("libsodium could not start."));
    /* Root with no folder given: the machine becomes a service's. */
    bool service = !dir && geteuid() == 0;
    if (service && mkdir(JOIN_SERVICE_DIR, 0700) && errno != EEXIST)
        return ck_said(err, CK_EIO, _("Cannot make %s (%s)."), JOIN_SERVICE_DIR,
                       strerror(errno));
    if (!dir)
        dir = service ? JOIN_SERVICE_DIR : ".";
    char seen[600];
    if (!text) {
        int code = link_from_code(camera, image, seen, sizeof(seen), err);
        if (code)
            return code;
        text = seen;
    }
    struct link l;
    if (!parse_link(text, &l)) {
        sodium_memzero(&l, sizeof(l));
        return ck_fail(err, CK_EINVAL, "%s",
                       _("This is not a whole join link (https://HOST:PORT/"
                         "join/ID#name=...&key=...&sha256=...); copy it whole "
                         "from 'checkin hub add-station --join', in quotes."));
    }
    char db[4300], keyp[4300];
    snprintf(db, sizeof(db), "%s/%s.db", dir, l.name);
    credential_default_key_path(db, keyp, sizeof(keyp));
    struct stat sb;
    if (stat(dir, &sb) || !S_ISDIR(sb.st_mode) || access(dir, W_OK | X_OK)) {
        sodium_memzero(&l, sizeof(l));
        return ck_said(err, CK_EINVAL,
                       _("Cannot write into the folder %s; give --dir a "
                         "folder this user may write; the link was not used."),
                       dir);
    }
    if (!lstat(db, &sb) || !lstat(keyp, &sb)) {
        sodium_memzero(&l, sizeof(l));
        return ck_said(err, CK_EINVAL,
                       _("%s or its key file exists already; join in another "
                         "folder (--dir) or move it away; the link was not "
                         "used."),
                       db);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum web_join_answer a = WEB_JOIN_UNKNOWN;
    unsigned char *body = NULL, *plain = NULL;
    size_t blen = 0;
    int code = web_join_fetch(l.where, l.id, l.fp, &a, &body, &blen, err);
    if (!code && a == WEB_JOIN_USED)
        code = ck_said(err, CK_EINVAL,
                       _("This join link was used already: a link joins one "
                         "machine, once; ask the organizer for a new one "
                         "('checkin hub add-station ... --join')."));
    else if (!code && a == WEB_JOIN_EXPIRED)
        code = ck_said(err, CK_EINVAL,
                       _("This join link has expired; ask the organizer for a "
                         "new one ('checkin hub add-station ... --join')."));
    else if (!code && a != WEB_JOIN_OK)
        code = ck_said(err, CK_EINVAL,
                       _("The organizer's laptop at %s made no such join link; "
                         "check that the link was copied whole, or ask for a "
                         "new one."),
                       l.where);
    const size_t over = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (!code && (blen < over || !(plain = malloc(blen - over))))
        code = ck_fail(err, blen < over ? CK_EINVAL : CK_ENOMEM, "%s",
                       _("The station file the organizer's laptop sent is "
                         "damaged; ask for a new link."));
    char name[64], kind[128];
    const unsigned char *file = NULL, *skey = NULL;
    size_t flen = 0, klen = 0;
    if (!code &&
        (crypto_secretbox_open_easy(plain, body + crypto_secretbox_NONCEBYTES,
                                    blen - crypto_secretbox_NONCEBYTES, body,
                                    l.key) ||
         !unpack(plain, blen - over, name, kind, &file, &flen, &skey, &klen) ||
         strcmp(name, l.name)))
        code = ck_said(err, CK_EINVAL,
                       _("This join link was altered: its key does not open "
                         "the file of station %s; nothing was written; ask "
                         "the organizer for a new link."),
                       l.name);
    sodium_memzero(&l, sizeof(l));
    free(body);
    struct atomic_file kf = {.fd = -1};
    if (!code && klen)
        code = write_new(keyp, skey, klen, ATOMIC_NEW, &kf, true, err);
    if (!code) {
        struct atomic_file df;
        code = write_new(db, file, flen, ATOMIC_NEW, &df, true, err);
        if (code && klen)
            atomic_file_unpublish(&kf);
    }
    if (plain) {
        sodium_memzero(plain, blen - over);
        free(plain);
    }
    if (code)
        return code;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (long)((t1.tv_sec - t0.tv_sec) * 1000 +
                     (t1.tv_nsec - t0.tv_nsec) / 1000000);
    if (klen)
        fprintf(out,
                _("Joined the event as %s (%s): %s and its signing key %s, "
                  "mode 0600, fetched in %ld ms.\nStart it with: checkin "
                  "scan %s --station %s\n"),
                name, kind, db, keyp, ms, db, kind);
    else
        fprintf(out,
                _("Joined the event as %s (%s): %s, mode 0600, fetched in "
                  "%ld ms.\nStart it with: checkin scan %s --station %s\n"),
                name, kind, db, ms, db, kind);
    if (!service)
        return CK_OK;
    give_to_service(db, klen ? keyp : NULL);
    return write_conf(name, kind, db, out, err);
}
