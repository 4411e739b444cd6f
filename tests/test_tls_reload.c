/* A station serving phones over HTTPS takes a renewed certificate on
 * SIGHUP without stopping (issue 31), and so does the organizer's
 * dashboard: a real `checkin scan --web --tls-cert --tls-key` process
 * (`checkin dashboard`), certificates made here with GnuTLS
 * (tests/tlscert.c), and a GnuTLS client that reads the certificate the
 * station presents in a real handshake and compares its SHA-256 with
 * the file's.  The station says each reload on standard error; the test
 * waits for that line, never for time. */
#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/web_station.h"
#include "testutil.h"
#include "tlscert.h"

#define SHA256 32

/* The SHA-256 of the first certificate in the PEM file `path`. */
static bool file_fingerprint(const char *path, unsigned char out[SHA256])
{
    size_t len = 0;
    char *pem = tu_read_file(path, &len);
    if (!pem)
        return false;
    gnutls_x509_crt_t crt;
    gnutls_datum_t d = {(unsigned char *)pem, (unsigned)len};
    size_t size = SHA256;
    bool ok = gnutls_x509_crt_init(&crt) == 0;
    if (ok) {
        ok = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM) == 0 &&
             gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, out,
                                             &size) == 0 &&
             size == SHA256;
        gnutls_x509_crt_deinit(crt);
    }
    free(pem);
    return ok;
}

/* The SHA-256 of the certificate the server at 127.0.0.1:port presents
 * in a TLS handshake (not verified: the test compares it itself). */
static bool served_fingerprint(int port, unsigned char out[SHA256])
{
    int fd = tu_connect(port);
    if (fd < 0) {
        TU_FAIL_AT("cannot connect to the server at port %d", port);
        return false;
    }
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    gnutls_certificate_credentials_t cred = NULL;
    gnutls_session_t s = NULL;
    int r = gnutls_certificate_allocate_credentials(&cred);
    if (!r)
        r = gnutls_init(&s, GNUTLS_CLIENT);
    if (!r)
        r = gnutls_set_default_priority(s);
    if (!r)
        r = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    if (!r) {
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, 10000);
        do
            r = gnutls_handshake(s);
        while (r < 0 && !gnutls_error_is_fatal(r));
    }
    bool ok = false;
    if (r < 0) {
        TU_FAIL_AT("TLS handshake with the station failed: %s",
                   gnutls_strerror(r));
    } else {
        unsigned n = 0;
        const gnutls_datum_t *c = gnutls_certificate_get_peers(s, &n);
        ok =
            c && n > 0 &&
            gnutls_hash_fast(GNUTLS_DIG_SHA256, c[0].data, c[0].size, out) == 0;
        if (!ok)
            TU_FAIL_AT("the station presented no certificate");
    }
    if (s)
        gnutls_deinit(s);
    if (cred)
        gnutls_certificate_free_credentials(cred);
    close(fd);
    return ok;
}

static bool same(const unsigned char a[SHA256], const unsigned char b[SHA256])
{
    return memcmp(a, b, SHA256) == 0;
}

/* How many times `text` is in the file at `path` (0 if unreadable). */
static int count_in(const char *path, const char *text)
{
    char *got = tu_read_file(path, NULL);
    int n = 0;
    for (const char *p = got; p && (p = strstr(p, text)); p += strlen(text))
        n++;
    free(got);
    return n;
}

/* A server under test: a real `checkin` process serving HTTPS with a
 * certificate and key of its own, and the files it was started with. */
struct served {
    struct tu_proc p;
    char cert[512], key[512], errpath[512];
    unsigned char fp[SHA256]; /* the certificate it was started with */
    int port;
};

/* An event `NAME.db` and a certificate pair `NAME.crt`, `NAME.key`; then
 * `checkin COMMAND NAME.db OPTIONS --tls-cert NAME.crt --tls-key
 * NAME.key` until it prints `link` on standard output or, with
 * `link_on_err`, on standard error.  False, with the failure said and
 * the process stopped, when it does not. */
static bool serve(struct served *s, const char *name, const char *command,
                  const char *options, const char *link, bool link_on_err)
{
    const char *out, *err;
    char db[512], outpath[512], args[4096], file[64];
    snprintf(file, sizeof(file), "%s.db", name);
    snprintf(db, sizeof(db), "%s", tu_path(file));
    snprintf(file, sizeof(file), "%s.out", name);
    snprintf(outpath, sizeof(outpath), "%s", tu_path(file));
    snprintf(file, sizeof(file), "%s.err", name);
    snprintf(s->errpath, sizeof(s->errpath), "%s", tu_path(file));
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err) != 0) {
        TU_FAIL_AT("checkin %s: %s", args, err);
        return false;
    }
    if (!tlscert_named(name, NULL, false, s->cert, s->key, NULL) ||
        !file_fingerprint(s->cert, s->fp)) {
        TU_FAIL_AT("cannot make the certificate %s", s->cert);
        return false;
    }
    snprintf(args, sizeof(args),
             "exec '%s' %s '%s' %s --tls-cert '%s' --tls-key '%s' >'%s' "
             "2>'%s' </dev/null",
             CHECKIN_BIN, command, db, options, s->cert, s->key, outpath,
             s->errpath);
    struct tu_link l;
    bool ok = tu_serve(&s->p, args, link_on_err ? s->errpath : outpath, link,
                       name, &l);
    s->port = l.port;
    return ok;
}

/* Renewed as certbot does it: a new pair moved into place of the files,
 * then SIGHUP and the server's sentence that it reloaded, after `nth`
 * such sentences.  The new certificate's fingerprint in `fp`. */
static void renew(struct served *s, int nth, unsigned char fp[SHA256])
{
    char next_cert[600], next_key[600], spki[64];
    snprintf(next_cert, sizeof(next_cert), "%s.new", s->cert);
    snprintf(next_key, sizeof(next_key), "%s.new", s->key);
    REQUIRE(tlscert_make(next_cert, next_key, NULL, false, spki, sizeof(spki)));
    REQUIRE(file_fingerprint(next_cert, fp));
    REQUIRE(!same(s->fp, fp));
    REQUIRE(rename(next_cert, s->cert) == 0 && rename(next_key, s->key) == 0);
    kill(s->p.pid, SIGHUP);
    char *said = tu_wait_file(s->errpath, "new connections get it.", 10000);
    EXPECT_CONTAINS(said, "Reloaded the certificate");
    EXPECT_CONTAINS(said, "new connections get it.");
    free(said);
    EXPECT_INT(count_in(s->errpath, "Reloaded the certificate"), nth + 1);
}

/* Cert A served; cert B put in place of the files and SIGHUP: the
 * station says so and new handshakes get B.  Then a key that is not B's
 * in place of the key file and SIGHUP: the sentence, and B still served.
 * The station ran throughout and ends on SIGTERM with 0; the files given
 * are as the test left them. */
static void a_station_serves_a_renewed_certificate_after_sighup(void)
{
    struct served s;
    REQUIRE(serve(&s, "station", "scan",
                  "--station desk --name desk-tls --json --offline --web "
                  "127.0.0.1:0",
                  "Phones scan at: ", true));
    unsigned char b[SHA256], got[SHA256];
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, s.fp));
    renew(&s, 0, b);
    size_t cert_len = 0;
    char *cert_before = tu_read_file(s.cert, &cert_len);
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, b));

    /* A key that is not the certificate's: said, and B goes on. */
    char next_key[600];
    snprintf(next_key, sizeof(next_key), "%s.new", s.key);
    REQUIRE(tlscert_make_key(next_key, NULL));
    REQUIRE(rename(next_key, s.key) == 0);
    kill(s.p.pid, SIGHUP);
    char *said =
        tu_wait_file(s.errpath, "goes on serving the certificate", 10000);
    EXPECT_CONTAINS(said, "is not the certificate");
    EXPECT_CONTAINS(said, "The station goes on serving the certificate it "
                          "had.");
    free(said);
    /* A key file others may read: its own sentence, asking for SIGHUP
     * (not a restart) once fixed. */
    REQUIRE(chmod(s.key, 0644) == 0);
    kill(s.p.pid, SIGHUP);
    said = tu_wait_file(s.errpath, "and send SIGHUP again.", 10000);
    EXPECT_CONTAINS(said, "make it yours alone with 'chmod 600");
    EXPECT_CONTAINS(said, "and send SIGHUP again.");
    free(said);
    EXPECT_INT(count_in(s.errpath, "goes on serving the certificate"), 2);
    EXPECT_INT(count_in(s.errpath, "Reloaded the certificate"), 1);
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, b));

    int status = tu_stop(&s.p, SIGTERM, 10000, "the station");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    size_t cert_after_len = 0;
    char *cert_after = tu_read_file(s.cert, &cert_after_len);
    EXPECT_TRUE(cert_before && cert_after && cert_len == cert_after_len &&
                !memcmp(cert_before, cert_after, cert_len));
    free(cert_before);
    free(cert_after);
}

/* The dashboard over HTTPS: A served, B after the files are replaced
 * and SIGHUP; SIGINT still stops it, with 0. */
static void a_dashboard_serves_a_renewed_certificate_after_sighup(void)
{
    struct served s;
    REQUIRE(serve(&s, "dash", "dashboard", "--offline --listen 127.0.0.1:0",
                  "https://", false));
    unsigned char b[SHA256], got[SHA256];
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, s.fp));
    renew(&s, 0, b);
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, b));

    int status = tu_stop(&s.p, SIGINT, 10000, "the dashboard");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A FIFO given as the certificate (issue 50): opening it waited for a
 * writer, so the station hung at start without a word.  Now it is
 * refused at once in one sentence, and the station ends. */
static void a_certificate_that_is_a_fifo_is_refused_at_start(void)
{
    const char *out, *err;
    char db[512], cert[TLSCERT_PATH], key[TLSCERT_PATH], args[4096];
    snprintf(db, sizeof(db), "%s", tu_path("fifo.db"));
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    REQUIRE(tlscert_named("fifo", NULL, false, cert, key, NULL));
    REQUIRE(unlink(cert) == 0 && mkfifo(cert, 0600) == 0);
    snprintf(args, sizeof(args),
             "exec '%s' scan '%s' --station desk --name desk-fifo --json "
             "--offline --web 127.0.0.1:0 --tls-cert '%s' --tls-key '%s' "
             ">'%s' 2>'%s' </dev/null",
             CHECKIN_BIN, db, cert, key, tu_path("fifo.out"),
             tu_path("fifo.err"));
    struct tu_proc p;
    REQUIRE(tu_spawn(&p, args, 0));
    char *said =
        tu_wait_file(tu_path("fifo.err"), "give --tls-cert the file", 10000);
    EXPECT_CONTAINS(said, "is not a certificate file (PEM, a few KB); give "
                          "--tls-cert the file itself.");
    free(said);
    int status = tu_stop(&p, 0, 10000, "the station");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

/* The certificate file replaced by a FIFO while the station runs: the
 * reload hung in open(), silently, and the station then ignored later
 * reloads and no longer ended when its input closed (issue 50).  Now the
 * reload is refused in one sentence, the old certificate goes on, a good
 * pair put in place is taken at the next SIGHUP, and the station ends
 * with 0 on SIGTERM. */
static void a_certificate_replaced_by_a_fifo_is_refused_at_reload(void)
{
    struct served s;
    REQUIRE(serve(&s, "fifo-reload", "scan",
                  "--station desk --name desk-fifo-reload --json --offline "
                  "--web 127.0.0.1:0",
                  "Phones scan at: ", true));
    REQUIRE(unlink(s.cert) == 0 && mkfifo(s.cert, 0600) == 0);
    kill(s.p.pid, SIGHUP);
    char *said =
        tu_wait_file(s.errpath, "goes on serving the certificate", 10000);
    EXPECT_CONTAINS(said, "is not a certificate file (PEM, a few KB); give "
                          "--tls-cert the file itself.");
    free(said);
    unsigned char b[SHA256], got[SHA256];
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, s.fp));
    renew(&s, 0, b);
    EXPECT_TRUE(served_fingerprint(s.port, got) && same(got, b));
    int status = tu_stop(&s.p, SIGTERM, 10000, "the station");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The process running in the tmux session: the pane's own, or its
 * child when the pane's shell did not exec it; 0 if none. */
static pid_t tmux_station_pid(void)
{
    const char *path = tu_path("pane.pid");
    if (tu_sh("tmux -L %s display -p -t t '#{pane_pid}' > '%s'",
              tu_tmux_socket(), path))
        return 0;
    char *text = tu_read_file(path, NULL);
    pid_t pid = text ? (pid_t)strtol(text, NULL, 10) : 0;
    free(text);
    char proc[64];
    snprintf(proc, sizeof(proc), "/proc/%d/comm", (int)pid);
    text = tu_read_file(proc, NULL);
    bool station = text && !strncmp(text, "checkin", 7);
    free(text);
    if (station || pid <= 0)
        return pid;
    snprintf(proc, sizeof(proc), "/proc/%d/task/%d/children", (int)pid,
             (int)pid);
    text = tu_read_file(proc, NULL);
    pid = text ? (pid_t)strtol(text, NULL, 10) : 0;
    free(text);
    return pid;
}

/* At the full-screen display, which covers standard error, the reload's
 * sentence is said on the display itself (issue 31): a desk at the
 * terminal serving phones over HTTPS, its standard error sent to a file
 * so that only the display can show it. */
static void the_full_screen_display_says_the_reload(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    const char *out, *err;
    char db[512], cert[TLSCERT_PATH], key[TLSCERT_PATH],
        next_cert[TLSCERT_PATH], next_key[TLSCERT_PATH], args[4096];
    snprintf(db, sizeof(db), "%s", tu_path("screen.db"));
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    REQUIRE(tlscert_named("screen", NULL, false, cert, key, NULL));
    tu_tmux_station(db,
                    "--station desk --name desk-screen --offline --web "
                    "127.0.0.1:0 --tls-cert '%s' --tls-key '%s' 2>'%s'",
                    cert, key, tu_path("screen.err"));
    pid_t pid = tmux_station_pid();
    REQUIRE(pid > 0);
    REQUIRE(tlscert_named("screen2", NULL, false, next_cert, next_key, NULL));
    REQUIRE(rename(next_cert, cert) == 0 && rename(next_key, key) == 0);
    EXPECT_INT(kill(pid, SIGHUP), 0);
    free(tu_tmux_wait_for("Reloaded the certificate"));
    /* A mistake's sentence too, and the station still answers keys. */
    REQUIRE(chmod(key, 0644) == 0);
    EXPECT_INT(kill(pid, SIGHUP), 0);
    free(tu_tmux_wait_for("can be read by other users"));
    EXPECT_INT(count_in(tu_path("screen.err"), "Reloaded the certificate"), 0);
    tu_tmux_quit();
    tu_tmux_stop();
}

/* The port of a station's link "https://127.0.0.1:PORT/...". */
static int url_port(const char *url)
{
    const char *colon = url ? strrchr(url, ':') : NULL;
    return colon ? (int)strtol(colon + 1, NULL, 10) : -1;
}

/* Two stations' servers over TLS in one process (issue 31: only the
 * first could reload): each serves its own pair, and the second reloads
 * a renewed one while the first keeps its own. */
static void two_servers_in_one_process_each_reload_their_own(void)
{
    char ca[TLSCERT_PATH], ka[TLSCERT_PATH], cb[TLSCERT_PATH], kb[TLSCERT_PATH],
        cn[TLSCERT_PATH], kn[TLSCERT_PATH];
    REQUIRE(tlscert_named("one", NULL, false, ca, ka, NULL));
    REQUIRE(tlscert_named("two", NULL, false, cb, kb, NULL));
    REQUIRE(tlscert_named("two-new", NULL, false, cn, kn, NULL));
    unsigned char a[SHA256], b[SHA256], n[SHA256], got[SHA256];
    REQUIRE(file_fingerprint(ca, a) && file_fingerprint(cb, b) &&
            file_fingerprint(cn, n));
    struct ck_error e = {0};
    web_station *one = NULL, *two = NULL;
    REQUIRE(web_station_start_tls("127.0.0.1:0", false, ca, ka, &one, &e) ==
            CK_OK);
    if (web_station_start_tls("127.0.0.1:0", false, cb, kb, &two, &e)) {
        TU_FAIL_AT("the second server did not start: %s", e.msg);
        web_station_stop(one);
        return;
    }
    int pa = url_port(web_station_url(one)),
        pb = url_port(web_station_url(two));
    EXPECT_TRUE(served_fingerprint(pa, got) && same(got, a));
    EXPECT_TRUE(served_fingerprint(pb, got) && same(got, b));
    REQUIRE(rename(cn, cb) == 0 && rename(kn, kb) == 0);
    char said[1200] = "";
    if (web_station_reload_tls(two, said, sizeof(said), &e))
        TU_FAIL_AT("the second server did not reload: %s", e.msg);
    EXPECT_CONTAINS(said, "Reloaded the certificate");
    EXPECT_TRUE(served_fingerprint(pb, got) && same(got, n));
    EXPECT_TRUE(served_fingerprint(pa, got) && same(got, a));
    web_station_stop(two);
    web_station_stop(one);
}

TU_MAIN(TU_CASE(a_station_serves_a_renewed_certificate_after_sighup),
        TU_CASE(a_certificate_that_is_a_fifo_is_refused_at_start),
        TU_CASE(a_certificate_replaced_by_a_fifo_is_refused_at_reload),
        TU_CASE(a_dashboard_serves_a_renewed_certificate_after_sighup),
        TU_CASE(the_full_screen_display_says_the_reload),
        TU_CASE(two_servers_in_one_process_each_reload_their_own))
