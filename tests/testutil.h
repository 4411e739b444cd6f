/* Tiny test harness: assertions that print both sides, a registry of named
 * test functions, temporary directories and running the `checkin` binary.
 * Each test executable is one area; each TEST is one behaviour. */
#ifndef CHECKIN_TESTUTIL_H
#define CHECKIN_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern int tu_failures;

#define TU_FAIL_AT(...) tu_fail(__FILE__, __LINE__, __VA_ARGS__)

#define EXPECT_TRUE(c)                                                         \
    do {                                                                       \
        if (!(c))                                                              \
            TU_FAIL_AT("expected true: %s", #c);                               \
    } while (0)

#define EXPECT_INT(a, b)                                                       \
    do {                                                                       \
        long long tu_a = (long long)(a), tu_b = (long long)(b);                \
        if (tu_a != tu_b)                                                      \
            TU_FAIL_AT("%s == %s: got %lld, expected %lld", #a, #b, tu_a,      \
                       tu_b);                                                  \
    } while (0)

#define EXPECT_STR(a, b)                                                       \
    do {                                                                       \
        const char *tu_a = (a), *tu_b = (b);                                   \
        if (!tu_a || !tu_b || strcmp(tu_a, tu_b) != 0)                         \
            TU_FAIL_AT("%s == %s: got \"%s\", expected \"%s\"", #a, #b,        \
                       tu_a ? tu_a : "(null)", tu_b ? tu_b : "(null)");        \
    } while (0)

#define EXPECT_CONTAINS(hay, needle)                                           \
    do {                                                                       \
        const char *tu_h = (hay), *tu_n = (needle);                            \
        if (!tu_h || !strstr(tu_h, tu_n))                                      \
            TU_FAIL_AT("%s contains \"%s\": got \"%s\"", #hay, tu_n,           \
                       tu_h ? tu_h : "(null)");                                \
    } while (0)

#define EXPECT_NOT_CONTAINS(hay, needle)                                       \
    do {                                                                       \
        const char *tu_h = (hay), *tu_n = (needle);                            \
        if (tu_h && strstr(tu_h, tu_n))                                        \
            TU_FAIL_AT("%s must not contain \"%s\"", #hay, tu_n);              \
    } while (0)

/* Stop this test now if `c` is false (for preconditions later steps need). */
#define REQUIRE(c)                                                             \
    do {                                                                       \
        if (!(c)) {                                                            \
            TU_FAIL_AT("required: %s", #c);                                    \
            return;                                                            \
        }                                                                      \
    } while (0)

void tu_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef void (*tu_fn)(void);
struct tu_case {
    const char *name;
    tu_fn fn;
};

/* Runs every case (or only those named in argv) and prints ctest-friendly
 * lines; returns the process exit status. */
int tu_run(const struct tu_case *cases, size_t n, int argc, char **argv);

#define TU_MAIN(...)                                                           \
    int main(int argc, char **argv)                                            \
    {                                                                          \
        static const struct tu_case cases[] = {__VA_ARGS__};                   \
        return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);    \
    }
#define TU_CASE(fn)                                                            \
    {                                                                          \
#fn, fn                                                                \
    }

/* A fresh directory under $TMPDIR, removed with everything in it at exit
 * unless the test failed (then kept, and its path printed). */
const char *tu_tmpdir(void);

/* A path inside tu_tmpdir(); the string lives until the next 64 calls. */
const char *tu_path(const char *name);

/* Run the checkin binary with a shell command line of arguments (the caller
 * quotes), capturing stdout and stderr.  Returns the exit status, or -1.
 * The returned buffers live until the next call. */
int tu_checkin(const char *args, const char **out, const char **err);

/* The demo event as `checkin init` + `import` leave it: tu_path("event.db")
 * with its signing key in tu_path("event.key") and the demo CSV imported.
 * Made once per process; returns the database path. */
const char *tu_demo_event(void);

/* Run a shell command line made like printf; returns system()'s status. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the full-screen display under tmux ----
 * One session ("t") on a private tmux server (-L, named for the process),
 * 100x32, TERM=xterm, LC_ALL=C.UTF-8.  Tests that need it exit 77 when
 * tu_tmux_available() is false. */
int tu_tmux_available(void);
/* The server's socket name, for tmux commands of the test's own. */
const char *tu_tmux_socket(void);
/* Start `checkin ARGS` (the caller quotes) in the session, replacing any.
 * With `record` set, every byte the program writes to its terminal, from
 * the first, is appended to that file (tmux pipe-pane). */
void tu_tmux_start(const char *args, const char *record);
/* The screen now, as text (capture-pane); caller frees. */
char *tu_tmux_screen(void);
/* Wait up to 10 s for `text` on the screen; returns the screen (caller
 * frees) whether or not it came. */
char *tu_tmux_wait_for(const char *text);
/* tmux send-keys arguments, e.g. "/ thordis Enter"; the caller quotes. */
void tu_tmux_keys(const char *keys);
/* Kill the server and everything in it. */
void tu_tmux_stop(void);

/* Read a whole file; NULL if it cannot be read.  Caller frees. */
char *tu_read_file(const char *path, size_t *len);

/* Copy file `src` to tu_path(`name`) (a fresh database for one station);
 * returns that path, or fails the test. */
const char *tu_copy(const char *src, const char *name);

/* xorshift32 on *state: a seeded sequence, the same on every run. */
uint32_t tu_rand(uint32_t *state);

/* Milliseconds on the monotonic clock. */
int64_t tu_mono_ms(void);
int tu_write_file(const char *path, const void *data, size_t len);

#endif
