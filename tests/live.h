/* A running station for tests: `checkin scan DB ARGS --keyboard --json`
 * with pipes on its standard input and output, fed codes and read one
 * JSON object per line, as a barcode scanner and a screen would.  The
 * station gets SIGKILL if the test process dies first. */
#ifndef CHECKIN_TEST_LIVE_H
#define CHECKIN_TEST_LIVE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct live {
    pid_t pid;
    int in, out;
    char buf[1 << 16];
    size_t n;
};

/* Start it, `env` (assignments, may be "") before the command, its
 * standard error appended to tu_path("live.err").  0 or -1. */
int live_start(struct live *st, const char *env, const char *db,
               const char *args);

/* The same with another `checkin` binary (a benchmark measuring an older
 * build beside this one). */
int live_start_bin(struct live *st, const char *env, const char *bin,
                   const char *db, const char *args);

/* The next object it prints within `timeout_ms` for which `want` (NULL:
 * any) is true; objects before it are dropped.  NULL (no test failure
 * recorded) on timeout or when the station ended.  Caller decrefs. */
json_t *live_next(struct live *st, int timeout_ms,
                  bool (*want)(json_t *o, const void *arg), const void *arg);

/* Scan `code` and wait (up to 20 s) for the decision it shows; records a
 * test failure and returns NULL when none comes.  Caller decrefs. */
json_t *live_scan(struct live *st, const char *code);

/* Close its input (the scanner is unplugged: the station ends), wait up
 * to 20 s (then SIGKILL), and return its exit status (-1: killed). */
int live_stop(struct live *st);

/* SIGKILL it now (a station's power cut), and reap it. */
void live_kill(struct live *st);

/* The string member `key` of `o`, "" when absent. */
const char *live_str(json_t *o, const char *key);

#endif
