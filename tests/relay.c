/* The loopback relay (see relay.h): one thread polls the listening
 * socket and both sides of every pair, copying what is there (while
 * paused, only the listening socket). */
#include "relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "checkin/util.h"

enum { PAIRS = 64 };

static struct {
    int listen_fd;
    char path[108];
    int a[PAIRS], b[PAIRS]; /* client side, server side; -1: free */
    pthread_t thread;
    bool running;
    atomic_bool down, cut_now, stop, paused;
    atomic_long connections, cuts, turns;
    bool heard[PAIRS]; /* the server spoke last on pair i (or none yet) */
} R = {.listen_fd = -1};

/* Pairs open, for relay_quiet: changed and waited on under `open_mu`. */
static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t open_cv; /* on CLOCK_MONOTONIC, made once */
static pthread_cond_t held_cv; /* so too, made with it */
static pthread_once_t open_once = PTHREAD_ONCE_INIT;
static int open_pairs;

static void open_init(void)
{
    (void)util_mono_cond_init(&open_cv);
    (void)util_mono_cond_init(&held_cv);
}

static void count_open(int by)
{
    pthread_once(&open_once, open_init);
    pthread_mutex_lock(&open_mu);
    open_pairs += by;
    pthread_cond_broadcast(&open_cv);
    pthread_mutex_unlock(&open_mu);
}

static void close_pair(int i)
{
    close(R.a[i]);
    close(R.b[i]);
    R.a[i] = R.b[i] = -1;
    count_open(-1);
}

bool relay_quiet(int timeout_ms)
{
    pthread_once(&open_once, open_init);
    struct timespec until;
    util_mono_deadline(timeout_ms, &until);
    pthread_mutex_lock(&open_mu);
    int rc = 0;
    while (open_pairs > 0 && rc == 0)
        rc = pthread_cond_timedwait(&open_cv, &open_mu, &until);
    bool quiet = open_pairs == 0;
    pthread_mutex_unlock(&open_mu);
    return quiet;
}

static int to_server(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", R.path);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Write `n` bytes of `buf` to `to`; false on an error. */
static bool write_all(int to, const char *buf, size_t n)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = write(to, buf + off, n - off);
        if (w <= 0)
            return false;
        off += (size_t)w;
    }
    return true;
}

/* relay_pause_at's text, and the bytes that held it (kept for pair
 * `held_pair` until the pause ends); under `held_mu`, with `held_cv`
 * signalled when the relay pauses on it. */
static pthread_mutex_t held_mu = PTHREAD_MUTEX_INITIALIZER;
static char held_at[256];
static char *held;
static size_t held_len;
static int held_pair = -1;
static bool held_seen;

/* Bytes from client `i` that hold relay_pause_at's text: kept, and the
 * relay paused before them; true when they were. */
static bool hold(int i, const char *buf, size_t n)
{
    pthread_mutex_lock(&held_mu);
    bool hit =
        held_at[0] && !held && memmem(buf, n, held_at, strlen(held_at)) != NULL;
    if (hit) {
        held = malloc(n);
        hit = held != NULL;
    }
    if (hit) {
        memcpy(held, buf, n);
        held_len = n;
        held_pair = i;
        held_at[0] = '\0';
        held_seen = true;
        atomic_store(&R.paused, true);
        pthread_cond_broadcast(&held_cv);
    }
    pthread_mutex_unlock(&held_mu);
    return hit;
}

/* The pause is over: what hold() kept goes on to its server, when its
 * pair is still open. */
static void release(void)
{
    pthread_mutex_lock(&held_mu);
    if (held && held_pair >= 0 && R.b[held_pair] >= 0 &&
        !write_all(R.b[held_pair], held, held_len))
        close_pair(held_pair);
    free(held);
    held = NULL;
    held_len = 0;
    held_pair = -1;
    pthread_mutex_unlock(&held_mu);
}

/* Copy what `from` has to `to` (client `i`'s bytes when `client`); false
 * at its end or on an error. */
static bool pump(int from, int to, bool client, int i)
{
    char buf[65536];
    ssize_t n = read(from, buf, sizeof(buf));
    if (n <= 0)
        return false;
    if (client && hold(i, buf, (size_t)n))
        return true;
    return write_all(to, buf, (size_t)n);
}

static void *run(void *arg)
{
    (void)arg;
    while (!atomic_load(&R.stop)) {
        if (atomic_exchange(&R.cut_now, false)) {
            for (int i = 0; i < PAIRS; i++)
                if (R.a[i] >= 0) {
                    close_pair(i);
                    atomic_fetch_add(&R.cuts, 1);
                }
        }
        struct pollfd p[1 + 2 * PAIRS];
        int idx[1 + 2 * PAIRS], n = 0;
        p[n] = (struct pollfd){R.listen_fd, POLLIN, 0};
        idx[n++] = -1;
        bool paused = atomic_load(&R.paused);
        if (!paused)
            release();
        for (int i = 0; i < PAIRS && !paused; i++)
            if (R.a[i] >= 0) {
                p[n] = (struct pollfd){R.a[i], POLLIN, 0};
                idx[n++] = i;
                p[n] = (struct pollfd){R.b[i], POLLIN, 0};
                idx[n++] = i + PAIRS;
            }
        if (poll(p, (nfds_t)n, 20) <= 0)
            continue;
        for (int k = 1; k < n; k++) {
            if (!p[k].revents)
                continue;
            int i = idx[k] % PAIRS;
            if (R.a[i] < 0)
                continue;
            bool client = idx[k] < PAIRS;
            /* A client that speaks after the server answered (or first)
             * begins a round trip. */
            if (client && R.heard[i])
                atomic_fetch_add(&R.turns, 1);
            R.heard[i] = !client;
            bool ok = client ? pump(R.a[i], R.b[i], true, i)
                             : pump(R.b[i], R.a[i], false, i);
            if (!ok)
                close_pair(i);
        }
        if (p[0].revents) {
            int c = accept4(R.listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (c < 0)
                continue;
            int s = atomic_load(&R.down) ? -1 : to_server();
            int slot = -1;
            for (int i = 0; i < PAIRS && slot < 0 && s >= 0; i++)
                if (R.a[i] < 0)
                    slot = i;
            if (slot < 0) {
                close(c);
                if (s >= 0)
                    close(s);
                continue;
            }
            R.a[slot] = c;
            R.b[slot] = s;
            R.heard[slot] = true;
            count_open(1);
            atomic_fetch_add(&R.connections, 1);
        }
    }
    return NULL;
}

int relay_start(const char *unix_path)
{
    snprintf(R.path, sizeof(R.path), "%s", unix_path);
    for (int i = 0; i < PAIRS; i++)
        R.a[i] = R.b[i] = -1;
    R.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(sa);
    if (R.listen_fd < 0 || bind(R.listen_fd, (struct sockaddr *)&sa, len) ||
        listen(R.listen_fd, 64) ||
        getsockname(R.listen_fd, (struct sockaddr *)&sa, &len))
        return 0;
    if (pthread_create(&R.thread, NULL, run, NULL))
        return 0;
    R.running = true;
    atexit(relay_stop);
    return ntohs(sa.sin_port);
}

void relay_pause(bool paused)
{
    if (!paused) {
        pthread_mutex_lock(&held_mu);
        held_at[0] = '\0';
        pthread_mutex_unlock(&held_mu);
    }
    atomic_store(&R.paused, paused);
}

void relay_pause_at(const char *text)
{
    pthread_once(&open_once, open_init); /* held_cv, before hold() */
    pthread_mutex_lock(&held_mu);
    snprintf(held_at, sizeof(held_at), "%s", text);
    held_seen = false;
    pthread_mutex_unlock(&held_mu);
}

bool relay_paused_at(int timeout_ms)
{
    pthread_once(&open_once, open_init);
    struct timespec until;
    util_mono_deadline(timeout_ms, &until);
    pthread_mutex_lock(&held_mu);
    int rc = 0;
    while (!held_seen && rc == 0)
        rc = pthread_cond_timedwait(&held_cv, &held_mu, &until);
    bool seen = held_seen;
    pthread_mutex_unlock(&held_mu);
    return seen;
}

void relay_cut(bool down)
{
    atomic_store(&R.down, down);
    if (down)
        atomic_store(&R.cut_now, true);
}

long relay_connections(void)
{
    return atomic_load(&R.connections);
}

long relay_turns(void)
{
    return atomic_load(&R.turns);
}

long relay_cuts(void)
{
    return atomic_load(&R.cuts);
}

void relay_stop(void)
{
    if (!R.running)
        return;
    R.running = false;
    atomic_store(&R.stop, true);
    pthread_join(R.thread, NULL);
    for (int i = 0; i < PAIRS; i++)
        if (R.a[i] >= 0)
            close_pair(i);
    close(R.listen_fd);
    R.listen_fd = -1;
}
