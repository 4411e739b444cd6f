/* A server's certificate and key for HTTPS (see web_tls_load in
 * http_priv.h): read from PEM files, checked with GnuTLS here so that each
 * mistake an organizer can make gets its own sentence before the server
 * starts (libmicrohttpd, which does the TLS itself with the same GnuTLS,
 * would only fail to start), and read again on web_tls_reload: a renewed
 * certificate is handed to each new handshake through libmicrohttpd's
 * certificate callback.  Not for: the handshake, or choosing ciphers
 * (GnuTLS's defaults, as libmicrohttpd sets them). */
#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http_priv.h"

/* A PEM certificate chain is a few KB; a file far larger is not one. */
#define MAX_PEM (1024 * 1024)
/* A chain longer than this is no server's. */
#define MAX_CHAIN 8

/* The whole of `path` as a NUL-terminated string in *out (malloc'd);
 * `what` ("certificate", "key") and `option` name it in the sentence.
 * Opened without blocking: a FIFO (or a device) given as the file would
 * otherwise hold open() until something wrote to it, the station at
 * start, or its loop at a SIGHUP reload, for good (issue 50); fstat then
 * refuses all but a regular file. */
static int read_pem(const char *path, const char *what, const char *option,
                    char **out, size_t *len, struct ck_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return errno == ENOENT
                   ? ck_fail(err, CK_EIO,
                             "There is no %s file %s; give the %s's PEM file "
                             "with %s.",
                             what, path, what, option)
                   : ck_fail(err, CK_EIO,
                             "Cannot read the %s file %s (%s); give %s a "
                             "file this user may read.",
                             what, path, strerror(errno), option);
    struct stat sb;
    int code = CK_OK;
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > MAX_PEM) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is not a %s file (PEM, a few KB); give %s the "
                       "file itself.",
                       path, what, option);
        goto out_close;
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    if (!buf) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", path);
        goto out_close;
    }
    size_t got = 0;
    while (got < (size_t)sb.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
        if (n <= 0) {
            code = ck_fail(err, CK_EIO, "Cannot read the %s file %s (%s).",
                           what, path, n ? strerror(errno) : "it shrank");
            free(buf);
            goto out_close;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
out_close:
    close(fd);
    return code;
}

/* Whether the key file can be read by anyone but its owner: refused, as
 * ssh refuses such a private key, since whoever holds the key can pose as
 * the station to the phones on its network and collect their tokens. */
static int check_key_mode(const char *path, const char *again,
                          struct ck_error *err)
{
    struct stat sb;
    if (stat(path, &sb))
        return CK_OK; /* read_pem says why */
    if (sb.st_mode & 077)
        return ck_fail(err, CK_EINVAL,
                       "The key file %s can be read by other users of "
                       "this machine (mode %04o); make it yours alone with "
                       "'chmod 600 %s' and %s.",
                       path, (unsigned)(sb.st_mode & 07777), path, again);
    return CK_OK;
}

/* The DNS names the certificate is for (subjectAltName), which phones
 * may open the station by. */
static void names_of(struct web_listener *l, gnutls_x509_crt_t crt)
{
    l->ntls_names = 0;
    for (unsigned i = 0; l->ntls_names < WEB_TLS_NAMES; i++) {
        char name[sizeof(l->tls_names[0])];
        size_t len = sizeof(name);
        unsigned critical = 0;
        int type =
            gnutls_x509_crt_get_subject_alt_name(crt, i, name, &len, &critical);
        if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
            break;
        if (type == GNUTLS_SAN_DNSNAME && len < sizeof(name) &&
            strlen(name) == len)
            memcpy(l->tls_names[l->ntls_names++], name, len + 1);
    }
}

/* The certificate (first of the chain) and the key, parsed and checked
 * against each other and the clock; the certificate's names into `l`
 * (NULL: not taken) and its end of validity into *until. */
static int check_pair(struct web_listener *l, const char *cert_path,
                      const char *cert, size_t cert_len, const char *key_path,
                      const char *key, size_t key_len, const char *again,
                      time_t *until, struct ck_error *err)
{
    gnutls_x509_crt_t chain[MAX_CHAIN];
    unsigned n = MAX_CHAIN;
    gnutls_datum_t cd = {(unsigned char *)cert, (unsigned)cert_len};
    int r = gnutls_x509_crt_list_import(chain, &n, &cd, GNUTLS_X509_FMT_PEM, 0);
    if (r < 0 || n == 0)
        return ck_fail(err, CK_EINVAL,
                       "%s holds no certificate GnuTLS can read (%s); give "
                       "--tls-cert the certificate in PEM form (it begins "
                       "'-----BEGIN CERTIFICATE-----').",
                       cert_path,
                       r < 0 ? gnutls_strerror(r) : "no certificate in it");
    int code = CK_OK;
    gnutls_x509_privkey_t pk = NULL;
    gnutls_datum_t kd = {(unsigned char *)key, (unsigned)key_len};
    r = gnutls_x509_privkey_init(&pk);
    if (!r)
        r = gnutls_x509_privkey_import2(pk, &kd, GNUTLS_X509_FMT_PEM, NULL,
                                        GNUTLS_PKCS_PLAIN);
    if (r < 0) {
        if (r == GNUTLS_E_DECRYPTION_FAILED || r == GNUTLS_E_ENCRYPTION_FAILED)
            code = ck_fail(err, CK_EINVAL,
                           "The key in %s is protected by a passphrase, "
                           "which a station cannot ask for; give --tls-key "
                           "the key without one (%s).",
                           key_path, gnutls_strerror(r));
        else
            code = ck_fail(err, CK_EINVAL,
                           "%s holds no private key GnuTLS can read (%s); "
                           "give --tls-key the key in PEM form (it begins "
                           "'-----BEGIN PRIVATE KEY-----').",
                           key_path, gnutls_strerror(r));
        goto out;
    }
    unsigned char cid[64], kid[64];
    size_t clen = sizeof(cid), klen = sizeof(kid);
    if (gnutls_x509_crt_get_key_id(chain[0], GNUTLS_KEYID_USE_SHA256, cid,
                                   &clen) < 0 ||
        gnutls_x509_privkey_get_key_id(pk, GNUTLS_KEYID_USE_SHA256, kid,
                                       &klen) < 0 ||
        clen != klen || memcmp(cid, kid, clen)) {
        code = ck_fail(err, CK_EINVAL,
                       "The key %s is not the certificate %s's key; give "
                       "--tls-key the key the certificate was made for (with "
                       "Let's Encrypt, privkey.pem beside fullchain.pem).",
                       key_path, cert_path);
        goto out;
    }
    if (l)
        names_of(l, chain[0]);
    *until = gnutls_x509_crt_get_expiration_time(chain[0]);
    if (*until != (time_t)-1 && *until < time(NULL)) {
        char day[32];
        struct tm tm;
        strftime(day, sizeof(day), "%Y-%m-%d", gmtime_r(until, &tm));
        code = ck_fail(err, CK_EINVAL,
                       "The certificate %s expired on %s and phones will "
                       "refuse it; renew it (docs/phones.md) and %s.",
                       cert_path, day, again);
    }
out:
    gnutls_x509_privkey_deinit(pk);
    for (unsigned i = 0; i < n; i++)
        gnutls_x509_crt_deinit(chain[i]);
    return code;
}

/* A checked pair as GnuTLS serves it from the certificate callback. */
struct web_tls_pair {
    gnutls_pcert_st chain[MAX_CHAIN];
    unsigned n;
    gnutls_privkey_t key;
    /* The pair this one replaced: kept until the server stops, since a
     * handshake that began before the reload may still be using it. */
    struct web_tls_pair *older;
};

static void pair_free(struct web_tls_pair *p)
{
    while (p) {
        struct web_tls_pair *older = p->older;
        for (unsigned i = 0; i < p->n; i++)
            gnutls_pcert_deinit(&p->chain[i]);
        gnutls_privkey_deinit(p->key);
        free(p);
        p = older;
    }
}

/* GnuTLS's own forms of a pair check_pair accepted. */
static int pair_new(const char *cert, size_t cert_len, const char *key,
                    size_t key_len, struct web_tls_pair **out,
                    struct ck_error *err)
{
    *out = NULL;
    struct web_tls_pair *p = calloc(1, sizeof(*p));
    if (!p)
        return ck_fail(err, CK_ENOMEM,
                       "Out of memory reading the "
                       "certificate.");
    gnutls_datum_t cd = {(unsigned char *)cert, (unsigned)cert_len};
    gnutls_datum_t kd = {(unsigned char *)key, (unsigned)key_len};
    p->n = MAX_CHAIN;
    int r = gnutls_pcert_list_import_x509_raw(p->chain, &p->n, &cd,
                                              GNUTLS_X509_FMT_PEM, 0);
    if (r < 0)
        p->n = 0;
    if (!r)
        r = gnutls_privkey_init(&p->key);
    if (!r)
        r = gnutls_privkey_import_x509_raw(p->key, &kd, GNUTLS_X509_FMT_PEM,
                                           NULL, 0);
    if (r < 0) {
        pair_free(p);
        return ck_fail(err, CK_EINVAL,
                       "GnuTLS could not take the certificate and key it "
                       "had checked (%s); give --tls-cert and --tls-key "
                       "PEM files as certbot or mkcert writes them.",
                       gnutls_strerror(r));
    }
    *out = p;
    return CK_OK;
}

/* libmicrohttpd's certificate callback takes no argument of ours, so the
 * listeners it serves are kept here, and a handshake finds its own by
 * its socket's local port: libmicrohttpd gives each TLS session the
 * connection's socket as its transport.  Beyond SERVED_MAX at once (a
 * process runs one station or one dashboard; tests run a few), a
 * listener gets its pair as PEM at start and cannot reload. */
#define SERVED_MAX 8
static pthread_mutex_t served_mu = PTHREAD_MUTEX_INITIALIZER;
static struct web_listener *served[SERVED_MAX];

/* Whether `l` is served through the callback; under served_mu. */
static bool is_served(const struct web_listener *l)
{
    for (int i = 0; i < SERVED_MAX; i++)
        if (served[i] == l)
            return true;
    return false;
}

/* The local port of the session's socket, 0 if it cannot be told. */
static unsigned session_port(gnutls_session_t session)
{
    int fd = gnutls_transport_get_int(session);
    struct sockaddr_storage a;
    socklen_t len = sizeof(a);
    if (fd < 0 || getsockname(fd, (struct sockaddr *)&a, &len))
        return 0;
    if (a.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&a)->sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&a)->sin6_port);
    return 0;
}

/* Called by GnuTLS in each handshake (gnutls_certificate_retrieve_function2):
 * the newest pair, which GnuTLS uses and does not free. */
static int retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca,
                    int nreqs, const gnutls_pk_algorithm_t *algos, int nalgos,
                    gnutls_pcert_st **chain, unsigned *n, gnutls_privkey_t *key)
{
    (void)req_ca;
    (void)nreqs;
    (void)algos;
    (void)nalgos;
    unsigned port = session_port(session);
    struct web_tls_pair *p = NULL;
    pthread_mutex_lock(&served_mu);
    for (int i = 0; i < SERVED_MAX && !p; i++)
        if (served[i] && served[i]->port == port)
            p = served[i]->tls_pair;
    if (p) {
        *chain = p->chain;
        *n = p->n;
        *key = p->key;
    }
    pthread_mutex_unlock(&served_mu);
    return p ? 0 : -1;
}

/* The pair at the paths, read, checked and parsed; the PEM text too when
 * `cert_pem` is not NULL (the caller frees it, the key zeroed).  `again`
 * ends the sentences that ask for a fix: what to do once it is made. */
static int read_pair(struct web_listener *names, const char *cert_path,
                     const char *key_path, const char *again, time_t *until,
                     struct web_tls_pair **pair, char **cert_pem,
                     char **key_pem, size_t *key_pem_len, struct ck_error *err)
{
    char *cert = NULL, *key = NULL;
    size_t cert_len = 0, key_len = 0;
    int code =
        read_pem(cert_path, "certificate", "--tls-cert", &cert, &cert_len, err);
    if (!code)
        code = check_key_mode(key_path, again, err);
    if (!code)
        code = read_pem(key_path, "key", "--tls-key", &key, &key_len, err);
    if (!code)
        code = check_pair(names, cert_path, cert, cert_len, key_path, key,
                          key_len, again, until, err);
    if (!code)
        code = pair_new(cert, cert_len, key, key_len, pair, err);
    if (!code && cert_pem) {
        *cert_pem = cert;
        *key_pem = key;
        *key_pem_len = key_len;
        return CK_OK;
    }
    free(cert);
    if (key)
        sodium_memzero(key, key_len);
    free(key);
    return code;
}

int web_tls_load(struct web_listener *l, const char *cert_path,
                 const char *key_path, struct ck_error *err)
{
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return ck_fail(err, CK_EINVAL,
                       "This machine's libmicrohttpd was built without TLS, "
                       "so the station cannot serve HTTPS; install Debian's "
                       "libmicrohttpd12 (built with GnuTLS), or serve on "
                       "127.0.0.1 without --tls-cert.");
    char *cert_copy = strdup(cert_path), *key_copy = strdup(key_path);
    if (!cert_copy || !key_copy) {
        free(cert_copy);
        free(key_copy);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    time_t until;
    int code =
        read_pair(l, cert_path, key_path, "start again", &until, &l->tls_pair,
                  &l->tls_cert, &l->tls_key, &l->tls_key_len, err);
    if (code) {
        free(cert_copy);
        free(key_copy);
        return code;
    }
    l->tls = true;
    l->tls_cert_path = cert_copy;
    l->tls_key_path = key_copy;
    return CK_OK;
}

void web_tls_options(struct web_listener *l, struct MHD_OptionItem opt[3])
{
    opt[2] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    bool mine = false;
    pthread_mutex_lock(&served_mu);
    if (MHD_is_feature_supported(MHD_FEATURE_HTTPS_CERT_CALLBACK) == MHD_YES)
        for (int i = 0; i < SERVED_MAX && !mine; i++)
            if (!served[i]) {
                served[i] = l;
                mine = true;
            }
    pthread_mutex_unlock(&served_mu);
    if (mine) {
        opt[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_CERT_CALLBACK, 0,
                                         (void *)retrieve};
        opt[1] = opt[2];
    } else {
        opt[0] =
            (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, l->tls_cert};
        opt[1] =
            (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, l->tls_key};
    }
}

int web_tls_reload(struct web_listener *l, char *said, size_t cap,
                   struct ck_error *err)
{
    if (!l->tls)
        return ck_fail(err, CK_EINVAL,
                       "The server has no certificate to reload; give "
                       "--tls-cert and --tls-key to serve HTTPS.");
    pthread_mutex_lock(&served_mu);
    bool mine = is_served(l);
    pthread_mutex_unlock(&served_mu);
    if (!mine)
        return ck_fail(err, CK_EINVAL,
                       "This server cannot change its certificate while it "
                       "runs (its libmicrohttpd has no certificate "
                       "callback, or this process serves more than 8 "
                       "over TLS); restart it to serve %s.",
                       l->tls_cert_path);
    time_t until;
    struct web_tls_pair *p = NULL;
    int code =
        read_pair(NULL, l->tls_cert_path, l->tls_key_path, "send SIGHUP again",
                  &until, &p, NULL, NULL, NULL, err);
    if (code)
        return code;
    pthread_mutex_lock(&served_mu);
    p->older = l->tls_pair;
    l->tls_pair = p;
    pthread_mutex_unlock(&served_mu);
    char day[32] = "?";
    struct tm tm;
    if (until != (time_t)-1)
        strftime(day, sizeof(day), "%Y-%m-%d", gmtime_r(&until, &tm));
    snprintf(said, cap,
             "Reloaded the certificate %s (valid until %s); new "
             "connections get it.",
             l->tls_cert_path, day);
    return CK_OK;
}

void web_tls_free(struct web_listener *l)
{
    pthread_mutex_lock(&served_mu);
    for (int i = 0; i < SERVED_MAX; i++)
        if (served[i] == l)
            served[i] = NULL;
    pthread_mutex_unlock(&served_mu);
    pair_free(l->tls_pair);
    l->tls_pair = NULL;
    free(l->tls_cert);
    if (l->tls_key)
        sodium_memzero(l->tls_key, l->tls_key_len);
    free(l->tls_key);
    l->tls_cert = l->tls_key = NULL;
    free(l->tls_cert_path);
    free(l->tls_key_path);
    l->tls_cert_path = l->tls_key_path = NULL;
}

/* Whether `host` (no port) is `name`, or matches a wildcard name
 * ("*.example.org": one label in its place), as TLS matches them. */
static bool name_matches(const char *name, const char *host, size_t len)
{
    if (name[0] == '*' && name[1] == '.') {
        const char *dot = memchr(host, '.', len);
        if (!dot || dot == host)
            return false;
        size_t rest = len - (size_t)(dot - host);
        return strlen(name + 1) == rest && !strncasecmp(dot, name + 1, rest);
    }
    return strlen(name) == len && !strncasecmp(name, host, len);
}

bool web_tls_name_ok(const struct web_listener *l, const char *hostport)
{
    if (!l->tls || !hostport)
        return false;
    const char *colon = strrchr(hostport, ':');
    size_t len = colon ? (size_t)(colon - hostport) : strlen(hostport);
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 443;
    if ((colon && (end == colon + 1 || *end)) || port != l->port)
        return false;
    for (unsigned i = 0; i < l->ntls_names; i++)
        if (name_matches(l->tls_names[i], hostport, len))
            return true;
    return false;
}
