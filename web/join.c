/* The join server and its client (checkin/web_join.h): the organizer's
 * self-signed certificate, the boxes of a folder served once each over
 * HTTPS, and the new machine's fetch of one, which trusts exactly the
 * certificate whose SHA-256 its link carries.  Not for: sealing or
 * opening a box (commands/join_commands.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/buf.h"
#include "checkin/store.h"
#include "checkin/web_join.h"
#include "http_priv.h"

/* The certificate lasts as long as an event's preparations and days. */
#define CERT_DAYS 400
/* A sealed station file: a desk's holds the event's registrations. */
#define MAX_BOX (512L * 1024 * 1024)
/* A join server that says nothing for this long is not one. */
#define FETCH_TIMEOUT_S 60

struct web_joins {
    struct web_listener l;
    struct MHD_Daemon *d;
    char dir[4096];
    char where[96];
};

static int write_file(const char *path, const void *data, size_t len,
                      struct ck_error *err)
{
    struct atomic_file af;
    int code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
    if (code)
        return code;
    const unsigned char *p = data;
    while (len) {
        ssize_t n = write(af.fd, p, len);
        if (n <= 0) {
            atomic_file_abort(&af);
            return ck_fail(err, CK_EIO, "Cannot write %s (%s).", path,
                           strerror(errno));
        }
        p += n;
        len -= (size_t)n;
    }
    return atomic_file_commit(&af, err);
}

/* The whole of `path` in *out (malloc'd, NUL-terminated), at most `max`
 * bytes; -1 with errno when it cannot be read. */
static int read_file(const char *path, long max, char **out, size_t *len)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    struct stat sb;
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > max) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t got = 0;
    while (buf && got < (size_t)sb.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != (size_t)sb.st_size) {
        free(buf);
        errno = buf ? EIO : ENOMEM;
        return -1;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;
}

static void hex_of(const unsigned char *b, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, b, n);
}

static int make_cert(const char *cert_path, const char *key_path,
                     struct ck_error *err)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t pem = {NULL, 0}, kpem = {NULL, 0};
    unsigned char serial[16];
    randombytes_buf(serial, sizeof(serial));
    serial[0] &= 0x7f; /* a positive number */
    time_t from = time(NULL) - 3600;
    bool ok =
        gnutls_x509_privkey_init(&key) == 0 &&
        gnutls_x509_privkey_generate(
            key, GNUTLS_PK_ECDSA,
            GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) == 0 &&
        gnutls_x509_crt_init(&crt) == 0 &&
        gnutls_x509_crt_set_version(crt, 3) == 0 &&
        gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) == 0 &&
        gnutls_x509_crt_set_activation_time(crt, from) == 0 &&
        gnutls_x509_crt_set_expiration_time(crt, from + (time_t)CERT_DAYS *
                                                            86400) == 0 &&
        gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                      "checkin joins", 13) == 0 &&
        gnutls_x509_crt_set_key(crt, key) == 0 &&
        gnutls_x509_crt_set_basic_constraints(crt, 0, -1) == 0 &&
        gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) == 0 &&
        gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0) ==
            0 &&
        gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) == 0 &&
        gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem) == 0 &&
        gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_PEM, NULL,
                                          GNUTLS_PKCS_PLAIN, &kpem) == 0;
    int code = ok ? CK_OK
                  : ck_fail(err, CK_EIO,
                            "GnuTLS could not make the join server's "
                            "certificate; try again.");
    if (!code)
        code = write_file(key_path, kpem.data, kpem.size, err);
    if (!code)
        code = write_file(cert_path, pem.data, pem.size, err);
    if (kpem.data) {
        sodium_memzero(kpem.data, kpem.size);
        gnutls_free(kpem.data);
    }
    gnutls_free(pem.data);
    gnutls_x509_crt_deinit(crt);
    gnutls_x509_privkey_deinit(key);
    return code;
}

int web_join_cert(const char *dir, char fp[WEB_JOIN_FP], struct ck_error *err)
{
    char cert[4200], key[4200];
    if (mkdir(dir, 0700) && errno != EEXIST)
        return ck_fail(err, CK_EIO,
                       "Cannot make the folder of join links %s (%s); make "
                       "room or give this user the event file's folder.",
                       dir, strerror(errno));
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    int code = CK_OK;
    if (access(cert, F_OK) || access(key, F_OK))
        code = make_cert(cert, key, err);
    if (code)
        return code;
    char *pem = NULL;
    size_t len = 0;
    if (read_file(cert, 1024 * 1024, &pem, &len))
        return ck_fail(err, CK_EIO,
                       "Cannot read the join server's certificate %s (%s); "
                       "remove it and its key.pem to have new ones made.",
                       cert, strerror(errno));
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t d = {(unsigned char *)pem, (unsigned)len}, der = {NULL, 0};
    unsigned char hash[32];
    bool ok =
        gnutls_x509_crt_init(&crt) == 0 &&
        gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM) == 0 &&
        gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) == 0 &&
        gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, hash) == 0;
    gnutls_free(der.data);
    gnutls_x509_crt_deinit(crt);
    free(pem);
    if (!ok)
        return ck_fail(err, CK_EINVAL,
                       "%s is not a certificate GnuTLS can read; remove it "
                       "and its key.pem to have new ones made.",
                       cert);
    hex_of(hash, sizeof(hash), fp);
    return CK_OK;
}

static bool id_ok(const char *id)
{
    if (strlen(id) != WEB_JOIN_ID - 1)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* Leave ID.WHAT (empty) where the box was: the link's end is said. */
static void tombstone(const char *dir, const char *id, const char *what)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s.%s", dir, id, what);
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0)
        close(fd);
}

/* The box's end of validity (its first line), or -1. */
static int64_t box_until(const char *box, size_t len, size_t *skip)
{
    const char *nl = memchr(box, '\n', len < 24 ? len : 24);
    if (!nl)
        return -1;
    char *end;
    long long v = strtoll(box, &end, 10);
    if (end != nl)
        return -1;
    *skip = (size_t)(nl - box) + 1;
    return v;
}

/* Remove every box of `dir` past its time. */
static void sweep(const char *dir)
{
    /* The folder holds few files: each box is read for its time. */
    char path[4200];
    int64_t now = store_now_ms();
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n != WEB_JOIN_ID - 1 + 4 || strcmp(e->d_name + n - 4, ".box"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        char *box = NULL;
        size_t len = 0, skip = 0;
        if (read_file(path, MAX_BOX, &box, &len))
            continue;
        int64_t until = box_until(box, len, &skip);
        free(box);
        if (until < now) {
            char id[WEB_JOIN_ID];
            snprintf(id, sizeof(id), "%.32s", e->d_name);
            unlink(path);
            tombstone(dir, id, "expired");
        }
    }
    closedir(d);
}

static const struct web_limits LIMITS = {.connections = 32,
                                         .per_client = 4,
                                         .streams = 0,
                                         .streams_per_client = 0,
                                         .who = "join server"};

/* GET /join/ID: the box, once.  The rename takes it: of two requests at
 * once, one gets it and the other finds it used. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version;
    (void)upload;
    web_joins *j = cls;
    if (strcmp(method, MHD_HTTP_METHOD_GET))
        return web_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                              "The join server only hands out station "
                              "files, with GET.\n");
    if (!*req) {
        *req = j;
        return MHD_YES;
    }
    if (*upload_size)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                              "The join server takes no request bodies.\n");
    const char *id = !strncmp(url, "/join/", 6) ? url + 6 : "";
    if (!id_ok(id))
        return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such join link.\n");
    char box[4200], taken[4200];
    snprintf(box, sizeof(box), "%s/%s.box", j->dir, id);
    snprintf(taken, sizeof(taken), "%s/%s.taken", j->dir, id);
    if (rename(box, taken)) {
        snprintf(box, sizeof(box), "%s/%s.used", j->dir, id);
        if (!access(box, F_OK))
            return web_reply_text(c, MHD_HTTP_CONFLICT,
                                  "This join link was used already.\n");
        snprintf(box, sizeof(box), "%s/%s.expired", j->dir, id);
        if (!access(box, F_OK))
            return web_reply_text(c, MHD_HTTP_GONE,
                                  "This join link has expired.\n");
        return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such join link.\n");
    }
    char *body = NULL;
    size_t len = 0, skip = 0;
    int r = read_file(taken, MAX_BOX, &body, &len);
    unlink(taken);
    int64_t until = r ? -1 : box_until(body, len, &skip);
    if (until < store_now_ms()) {
        free(body);
        tombstone(j->dir, id, "expired");
        return web_reply_text(c, MHD_HTTP_GONE,
                              "This join link has expired.\n");
    }
    tombstone(j->dir, id, "used");
    memmove(body, body + skip, len - skip);
    return web_reply(c, MHD_HTTP_OK, "application/octet-stream", body,
                     len - skip, MHD_RESPMEM_MUST_FREE);
}

int web_joins_start(const char *dir, const char *where, web_joins **out,
                    struct ck_error *err)
{
    *out = NULL;
    char fp[WEB_JOIN_FP], cert[4200], key[4200], serving[4200];
    int code = web_join_cert(dir, fp, err);
    if (code)
        return code;
    web_joins *j = calloc(1, sizeof(*j));
    if (!j)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    j->l.fd = -1;
    snprintf(j->dir, sizeof(j->dir), "%s", dir);
    sweep(dir);
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    code = web_listen(where, "--listen", &j->l, err);
    if (!code)
        code = web_tls_load(&j->l, cert, key, err);
    if (code) {
        if (j->l.fd >= 0)
            close(j->l.fd);
        web_tls_free(&j->l);
        free(j);
        return code;
    }
    snprintf(j->where, sizeof(j->where), "%s", j->l.hosts[0]);
    j->d = web_serve(&j->l, &LIMITS, handle, NULL, j);
    if (!j->d) {
        free(j);
        return ck_fail(err, CK_EIO,
                       "Cannot serve on %s: the web server did not start; "
                       "try again.",
                       where);
    }
    snprintf(serving, sizeof(serving), "%s/serving", dir);
    char line[120];
    int n = snprintf(line, sizeof(line), "%s\n", j->where);
    code = write_file(serving, line, (size_t)n, err);
    if (code) {
        web_joins_stop(j);
        return code;
    }
    *out = j;
    return CK_OK;
}

const char *web_joins_where(const web_joins *j)
{
    return j->where;
}

void web_joins_stop(web_joins *j)
{
    if (!j)
        return;
    web_unserve(&j->l, j->d);
    char serving[4200];
    snprintf(serving, sizeof(serving), "%s/serving", j->dir);
    unlink(serving);
    free(j);
}

/* A TCP connection to "HOST:PORT" ([V6]:PORT too), or -1. */
static int connect_to(const char *hostport)
{
    char host[256], port[8];
    const char *colon = strrchr(hostport, ':');
    if (!colon || (size_t)(colon - hostport) >= sizeof(host) ||
        strlen(colon + 1) >= sizeof(port))
        return -1;
    const char *h = hostport;
    size_t hl = (size_t)(colon - hostport);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    snprintf(host, sizeof(host), "%.*s", (int)hl, h);
    snprintf(port, sizeof(port), "%s", colon + 1);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (getaddrinfo(host, port, &hints, &res))
        return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        struct timeval tv = {.tv_sec = FETCH_TIMEOUT_S};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (connect(fd, a->ai_addr, a->ai_addrlen)) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

/* Whether the server's certificate (the first it sent) has SHA-256 `fp`. */
static bool peer_is(gnutls_session_t s, const char *fp)
{
    unsigned n = 0;
    const gnutls_datum_t *certs = gnutls_certificate_get_peers(s, &n);
    unsigned char hash[32];
    char hex[WEB_JOIN_FP];
    if (!certs || !n ||
        gnutls_hash_fast(GNUTLS_DIG_SHA256, certs[0].data, certs[0].size, hash))
        return false;
    hex_of(hash, sizeof(hash), hex);
    return strlen(fp) == WEB_JOIN_FP - 1 &&
           sodium_memcmp(hex, fp, WEB_JOIN_FP - 1) == 0;
}

/* The whole answer, until the server closes: into *out (malloc'd). */
static int read_answer(gnutls_session_t s, char **out, size_t *len)
{
    struct ck_buf b = {0};
    for (;;) {
        char *at = b.len < (size_t)MAX_BOX ? ck_buf_room(&b, 65536) : NULL;
        if (!at)
            break;
        ssize_t n = gnutls_record_recv(s, at, 65536);
        if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
            continue;
        if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION) {
            *len = b.len;
            *out = ck_buf_take(&b);
            return *out ? 0 : -1;
        }
        if (n < 0)
            break;
        b.len += (size_t)n;
        b.p[b.len] = '\0';
    }
    ck_buf_free(&b);
    return -1;
}

/* The status and body of an HTTP/1.x answer in `a`, the body moved to
 * the start of `a`; -1 for no answer or one cut short of its
 * Content-Length. */
static int parse_answer(char *a, size_t len, int *status, size_t *body_len)
{
    if (len < 12 || strncmp(a, "HTTP/1.", 7))
        return -1;
    char *end;
    long st = strtol(a + 9, &end, 10);
    if (end != a + 12 || st < 100 || st > 599)
        return -1;
    *status = (int)st;
    size_t head = 0;
    for (size_t i = 0; i + 3 < len && !head; i++)
        if (!memcmp(a + i, "\r\n\r\n", 4))
            head = i + 4;
    if (!head)
        return -1;
    long long want = -1;
    for (size_t i = 0; i + 16 < head; i++)
        if (a[i] == '\n' && !strncasecmp(a + i + 1, "Content-Length:", 15)) {
            want = strtoll(a + i + 16, &end, 10);
            break;
        }
    *body_len = len - head;
    if (want >= 0 && (size_t)want != *body_len)
        return -1;
    memmove(a, a + head, *body_len);
    return 0;
}

int web_join_fetch(const char *hostport, const char *id, const char *fp,
                   enum web_join_answer *answer, unsigned char **body,
                   size_t *len, struct ck_error *err)
{
    *body = NULL;
    *len = 0;
    int fd = connect_to(hostport);
    if (fd < 0)
        return ck_fail(err, CK_EIO,
                       "Cannot reach the organizer's laptop at %s; check "
                       "that 'checkin hub serve-joins' runs there and that "
                       "this machine is on the same network.",
                       hostport);
    gnutls_certificate_credentials_t cred = NULL;
    gnutls_session_t s = NULL;
    int code = CK_OK;
    int r = gnutls_certificate_allocate_credentials(&cred);
    if (!r)
        r = gnutls_init(&s, GNUTLS_CLIENT);
    if (!r)
        r = gnutls_set_default_priority(s);
    if (!r)
        r = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    if (!r) {
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, FETCH_TIMEOUT_S * 1000);
        do
            r = gnutls_handshake(s);
        while (r < 0 && !gnutls_error_is_fatal(r));
    }
    if (r < 0) {
        code = ck_fail(err, CK_EIO,
                       "Cannot talk HTTPS with %s (%s); check the address "
                       "in the link and that 'checkin hub serve-joins' "
                       "runs there.",
                       hostport, gnutls_strerror(r));
        goto out;
    }
    /* Nothing is asked of a server that is not the organizer's. */
    if (!peer_is(s, fp)) {
        code = ck_fail(err, CK_EINVAL,
                       "The machine at %s is not the organizer's laptop "
                       "this link was made on (its certificate differs); "
                       "nothing was fetched: ask the organizer for a new "
                       "link.",
                       hostport);
        goto out;
    }
    char req[256];
    int n = snprintf(req, sizeof(req),
                     "GET /join/%s HTTP/1.1\r\nHost: %s\r\n"
                     "Connection: close\r\n\r\n",
                     id, hostport);
    char *a = NULL;
    size_t alen = 0, blen = 0;
    int status = 0;
    ssize_t sent;
    do
        sent = gnutls_record_send(s, req, (size_t)n);
    while (sent == GNUTLS_E_AGAIN || sent == GNUTLS_E_INTERRUPTED);
    if (sent != n || read_answer(s, &a, &alen) ||
        parse_answer(a, alen, &status, &blen)) {
        free(a);
        code = ck_fail(err, CK_EIO,
                       "The organizer's laptop at %s did not answer whole; "
                       "try the link again.",
                       hostport);
        goto out;
    }
    *answer = status == 200   ? WEB_JOIN_OK
              : status == 409 ? WEB_JOIN_USED
              : status == 410 ? WEB_JOIN_EXPIRED
                              : WEB_JOIN_UNKNOWN;
    if (*answer == WEB_JOIN_OK) {
        *body = (unsigned char *)a;
        *len = blen;
    } else {
        free(a);
    }
    gnutls_bye(s, GNUTLS_SHUT_WR);
out:
    if (s)
        gnutls_deinit(s);
    if (cred)
        gnutls_certificate_free_credentials(cred);
    close(fd);
    return code;
}
