/* Tiny test harness: assertions that print both sides, a registry of named
 * test functions, temporary directories and running the `checkin` binary.
 * Each test executable is one area; each TEST is one behaviour. */
#ifndef CHECKIN_TESTUTIL_H
#define CHECKIN_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

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

/* Skip the running case, saying why (a tool it needs is not installed):
 * TU_SKIP returns from the case, which tu_run reports as "ok N - NAME #
 * SKIP why" and counts as skipped, never as passed.  The executable exits
 * 77 (ctest's "skipped") only when every case it ran skipped, and 1 on
 * any failure, so a skip never hides a failure of an earlier case.  With
 * CI set (and not empty) a skip is a failure instead: CI installs what
 * every test needs (scripts/setup --tests), and a skip there would hide
 * a missing install step.  A helper that finds the tool missing calls
 * tu_skip and returns false, and the case returns on that. */
#define TU_SKIP(...)                                                           \
    do {                                                                       \
        tu_skip(__VA_ARGS__);                                                  \
        return;                                                                \
    } while (0)
void tu_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* For a test whose every case needs what is missing, before any runs:
 * says why and returns the exit status (77, or 1 under CI as above). */
int tu_skip_all(const char *why);

typedef void (*tu_fn)(void);
struct tu_case {
    const char *name;
    tu_fn fn;
};

/* Runs every case (or only those named in argv) and prints ctest-friendly
 * lines, each case's seconds on a "# " line after it (wall, and the CPU of
 * this process and every process under it: tu_tree_cpu_ms); returns the
 * process exit status.  `--part K/N` runs the cases whose index modulo N
 * is K-1, so that N ctest entries, K = 1..N, together run every case once
 * and `ctest -j` can run a long test's parts side by side
 * (tests/sync.cmake); `--part K/N --skip CASE...` leaves the named cases
 * out of it (a ThreadSanitizer build's single-threaded cases, TSAN_SKIP in
 * tests/CMakeLists.txt), and fails when a name is no case of the test.
 * A part that matches no case fails. */
int tu_run(const struct tu_case *cases, size_t n, int argc, char **argv);

/* One process as /proc/PID/stat shows it: its parent, its state ('R',
 * 'S', 'Z'...) and the CPU it and its reaped children used, in clock
 * ticks.  0 when the process is there and its line parsed, -1 if not. */
struct tu_proc_info {
    pid_t pid, ppid;
    char state;
    long long ticks;
};
int tu_proc_stat(pid_t pid, struct tu_proc_info *out);

/* The CPU time (user + system, ms) this process and every process under
 * it have used so far: its own, its reaped children's, and, for those
 * still running (a test's PostgreSQL server, a station), theirs and their
 * reaped children's, read from /proc.  On a shared machine this, not the
 * wall time, is what a change to a test's cost shows in. */
long long tu_tree_cpu_ms(void);

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

/* Leak checks, where they are worth their cost.  Under AddressSanitizer,
 * LeakSanitizer's scan at a process's exit is a third of the CPU time of a
 * short command (`checkin stats` on the demo event: 0.37 s with it, 0.25 s
 * without), and the suite runs thousands.  A command that runs once and
 * exits gives its memory back at exit; a leak matters where a process
 * runs for the day.  So the one-shot commands a test runs (tu_checkin and
 * friends, and the ones test_damaged forks by the hundred) go without the
 * scan; the test processes themselves (the libraries called in-process)
 * and the long-running ones they start (stations, dashboards, servers:
 * tu_spawn, live.h) keep it, and memcheck_commands runs the main commands
 * under valgrind with leaks as errors.  Without AddressSanitizer the
 * setting is unused.
 *
 * TU_NO_LEAK_SCAN begins a shell command line, before the command. */
#define TU_NO_LEAK_SCAN                                                        \
    "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" "

/* The same in this process's environment, for a forked child that is
 * about to exec a one-shot command. */
void tu_no_leak_scan(void);

/* Run the checkin binary with a shell command line of arguments (the caller
 * quotes), capturing stdout and stderr, without the leak scan (above).
 * Returns the exit status, or -1.  The returned buffers live until the
 * next call. */
int tu_checkin(const char *args, const char **out, const char **err);

/* The demo event as `checkin init` + `import` leave it: tu_path("event.db")
 * with its signing key in tu_path("event.key") and the demo CSV imported,
 * from tu_demo_event_ini().  Made once per process; returns the database
 * path. */
const char *tu_demo_event(void);

/* The demo event's description without its acknowledgement ([admission]
 * and [acknowledge coc]), so that a desk checks people in at the first
 * scan: for the tests that are not about acknowledgements
 * (test_acknowledge and test_demo are, and use the real file).  Made from
 * config/demo/event.ini once per process, as tu_path("demo-event.ini");
 * returns its path. */
const char *tu_demo_event_ini(void);

/* Speak `lang` as `checkin --lang LANG` does: the catalogues bound once
 * (i18n_start), then the language set (a failure recorded). */
void tu_speak(const char *lang);

/* The demo event's description, read from config/demo/event.ini now (so
 * never a stale copy), without the sections `drop` names (NULL-ended;
 * "open-spaces" drops [open-spaces], and a name ending in a space every
 * section it begins: "acknowledge " drops each [acknowledge SLUG]), with
 * `extra` (may be NULL) after it, written to tu_path(name); returns that
 * path, or NULL after failing the test. */
const char *tu_demo_ini(const char *name, const char *const *drop,
                        const char *extra);

/* Run a shell command line made like printf; returns system()'s status. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the full-screen display under tmux ----
 * One session ("t") on a private tmux server (-L, named for the process),
 * 100x32, TERM=xterm, LC_ALL=C.UTF-8.  A case that needs it skips
 * (TU_SKIP) when tu_tmux_available() is false. */
int tu_tmux_available(void);
/* The server's socket name, for tmux commands of the test's own. */
const char *tu_tmux_socket(void);
/* Start `checkin ARGS` (the caller quotes) in the session, replacing any.
 * With `record` set, every byte the program writes to its terminal, from
 * the first, is appended to that file (tmux pipe-pane). */
void tu_tmux_start(const char *args, const char *record);
/* The screen now, as text (capture-pane), as a person reads it: without
 * the invisible isolates around names (U+2068, U+2069); caller frees. */
char *tu_tmux_screen(void);
/* The screen now, every byte tmux gives (the isolates too). */
char *tu_tmux_screen_raw(void);
/* Wait for every one of the texts on the screen at once, up to 60 s (an
 * ASan build on a busy machine is slow, and a wait that ends early makes
 * the test's next keys land on a screen not ready for them).  A station
 * draws its verdict and then its header's counts: to check both, wait for
 * both, e.g. tu_tmux_wait_for("(checked-in)", "Checked in: 1").  Returns
 * the screen (caller frees); if the texts never came, the test fails at
 * the caller's line, saying what was awaited and what the screen showed. */
#define tu_tmux_wait_for(...)                                                  \
    tu_tmux_wait_all(__FILE__, __LINE__, (const char *[]){__VA_ARGS__, NULL})
char *tu_tmux_wait_all(const char *file, int line, const char *const *texts);
/* tmux send-keys arguments, e.g. "/ thordis Enter"; the caller quotes. */
void tu_tmux_keys(const char *keys);
/* Kill the server and everything in it. */
void tu_tmux_stop(void);
/* A station at the terminal: start `checkin scan 'DB' OPTS --keyboard`
 * (OPTS made like printf; the caller quotes) in the session and wait for
 * its "Ready", the screen a volunteer waits for before the first scan.
 * A screen that never says it fails the test at the caller's line. */
#define tu_tmux_station(db, ...)                                               \
    tu_tmux_station_at(__FILE__, __LINE__, db, __VA_ARGS__)
void tu_tmux_station_at(const char *file, int line, const char *db,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Ctrl-Q, then tu_tmux_wait_quit: the station's file is read only once
 * it has quit. */
#define tu_tmux_quit() tu_tmux_quit_at(__FILE__, __LINE__)
void tu_tmux_quit_at(const char *file, int line);
/* Wait up to 5 s for the station to quit (its session ends with it); a
 * station still running fails the test at the caller's line. */
#define tu_tmux_wait_quit() tu_tmux_wait_quit_at(__FILE__, __LINE__)
void tu_tmux_wait_quit_at(const char *file, int line);
/* The screen `screen` in the test's log, under a title. */
void tu_tmux_show(const char *title, const char *screen);
/* A person's pause between keys: a scanner types a whole code within a
 * few milliseconds a key, a person takes longer than the desk's 100 ms
 * (BURST_PAUSE_MS in runtime/display_curses.c): an Enter alone within
 * 100 ms of the last key is a scanner's CR LF and confirms nothing.  This
 * is the input as a person types it, not a wait for the station. */
void tu_pause_as_a_person(void);

/* Read a whole file; NULL if it cannot be read.  Caller frees. */
char *tu_read_file(const char *path, size_t *len);

/* Copy file `src` to tu_path(`name`) (a fresh database for one station);
 * returns that path, or fails the test. */
const char *tu_copy(const char *src, const char *name);

/* xorshift32 on *state: a seeded sequence, the same on every run. */
uint32_t tu_rand(uint32_t *state);

/* A seed for a test whose random choices (kill moments, flipped bits)
 * differ from run to run, so that runs together cover more than one run
 * can: CHECKIN_TEST_SEED when set (a number, as the test printed it, to
 * repeat that run), else one from the clock and the process id.  Printed
 * once on standard output as "seed: N (CHECKIN_TEST_SEED=N repeats this
 * run)"; never 0 (xorshift's one fixed point).  A CHECKIN_TEST_SEED that
 * is not a number from 1 to 4294967295 fails the test. */
uint32_t tu_run_seed(void);

/* Milliseconds on the monotonic clock. */
int64_t tu_mono_ms(void);
int tu_write_file(const char *path, const void *data, size_t len);

/* ---- the event files a test makes ----
 * The first value of the first row of `sql` on the SQLite file `db`,
 * opened read-only; a failed query fails the test (and gives -1, or "").
 * The text lives until the next call. */
long long tu_sql_int(const char *db, const char *sql);
const char *tu_sql_text(const char *db, const char *sql);
/* The n-th paid registration's `what` (a.ticket_id, s.secret, ...) from
 * `db`, by id, of its live secrets; as tu_sql_text. */
const char *tu_paid(const char *db, const char *what, int n);
/* `fmt` formatted (snprintf), for a query with values in it; "" after
 * failing the test when it does not fit 4 KiB.  Lives until the fourth
 * call after. */
const char *tu_format(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* `checkin init DB INI` then `checkin import DB REGISTRATIONS`, as an
 * organizer makes an event; with `key` set, init writes its signing key
 * there.  0, or -1 after failing the test with the command's sentence. */
int tu_event(const char *db, const char *ini, const char *key,
             const char *registrations);

/* `checkin ARGS` (made like printf) that must exit `want`, or the test
 * fails with its output; stdout and stderr together, until the next
 * call. */
const char *tu_checkin_want(int want, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* tu_checkin with `input` as the command's standard input (codes typed at
 * a station, a PIN). */
int tu_checkin_in(const char *args, const char *input, const char **out,
                  const char **err);

/* How many lines of file `path` hold both `a` and `b`. */
int tu_lines_with(const char *path, const char *a, const char *b);

/* ---- the processes a test starts: servers and stations ----
 * Process group `pgid` is killed at exit, on SIGINT, SIGTERM and SIGALRM
 * and, through a reaper process, also when the test is killed outright;
 * tu_forget when the test has stopped it itself. */
void tu_track(pid_t pgid);
void tu_forget(pid_t pgid);

/* A process started by tu_spawn: its pid (its own process group), the
 * write end of its standard input and the read end of its standard output
 * when asked for (else -1). */
struct tu_proc {
    pid_t pid;
    int in;
    int out;
};
#define TU_PIPE_IN 1
#define TU_PIPE_OUT 2

/* Run `sh -c CMD` in a process group of its own, tracked, with the pipes
 * `pipes` (TU_PIPE_IN | TU_PIPE_OUT) asked for; false if it cannot. */
bool tu_spawn(struct tu_proc *p, const char *cmd, int pipes);

/* Read `fd` until a whole line holding `needle` has come, the stream ends
 * or `timeout_ms` passes; what was read (static, up to 4 KiB). */
const char *tu_read_until(int fd, const char *needle, int timeout_ms);

/* Wait up to `timeout_ms` for file `path` to hold `text`; its last
 * contents (caller frees; NULL if never read), whether or not it came. */
char *tu_wait_file(const char *path, const char *text, int timeout_ms);

/* End `p`: send `sig` (0: close its input, as at the end of a keyboard's
 * codes) and wait up to `timeout_ms`.  A process that does not end fails
 * the test, named `what`, and its group is killed.  Returns its wait
 * status, or -1 when it had to be killed. */
int tu_stop(struct tu_proc *p, int sig, int timeout_ms, const char *what);

/* A server's link as it prints it ("http://127.0.0.1:8080/?token=..."):
 * the first in `text` at or after `marker` (NULL: anywhere), to the next
 * blank, its port (an IPv6 "[::1]:PORT" too) and its token (""
 * without one).  False when there is no link with a port. */
struct tu_link {
    char url[256];
    int port;
    char token[80];
};
bool tu_find_link(const char *text, const char *marker, struct tu_link *out);

/* A server started: `sh -c CMD` as tu_spawn starts it (no pipes), waited
 * for until the file `said` (where CMD writes what it says) holds a whole
 * line at `marker` with a link in it (tu_find_link), up to 10 s: true,
 * the link in *link.  False when it does not start or say its link: the
 * failure said with what the file held (`what` names the server) and the
 * process killed. */
bool tu_serve(struct tu_proc *p, const char *cmd, const char *said,
              const char *marker, const char *what, struct tu_link *link);
/* tu_serve with the pipes `pipes` (tu_spawn's) asked for: a station a
 * test types codes to (TU_PIPE_IN). */
bool tu_serve_with(struct tu_proc *p, const char *cmd, int pipes,
                   const char *said, const char *marker, const char *what,
                   struct tu_link *link);

/* ---- HTTP to the servers a test starts ----
 * A connected socket to 127.0.0.1:port, or -1. */
int tu_connect(int port);

/* An event stream (GET /events) from 127.0.0.1:port, its answer's head
 * read within `wait_ms`: the socket to read the events from, or -1 when
 * no 200 came. */
int tu_events(int port, int wait_ms);

/* One HTTP/1.1 exchange with 127.0.0.1:port.  `extra` is more request
 * header lines ("Host: x\r\nCookie: y\r\n"), may be NULL.  Returns the
 * status (-1: no answer); *head and *resp (malloc'd, may be NULL) get the
 * response's headers and its body, a chunked one decoded. */
int tu_http(int port, const char *method, const char *path, const char *extra,
            const char *body, char **head, char **resp);

#endif
