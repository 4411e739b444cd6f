/* A real browser for the tests: Debian's chromium, headless, driven by
 * chromedriver over the W3C WebDriver protocol (HTTP + JSON on loopback),
 * plus the small HTTP/1.1 client that speaks it, which tests also use to
 * look at a server's raw responses.
 *
 * Every process started here (chromedriver, and the chromium it starts, in
 * a process group of their own) is tracked with tu_track: killed at exit
 * and on SIGINT, SIGTERM and SIGALRM, also when the test fails. */
#ifndef CHECKIN_TEST_WEBDRIVER_H
#define CHECKIN_TEST_WEBDRIVER_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* tu_http (testutil.h) under its older name. */
int wd_http(int port, const char *method, const char *path, const char *extra,
            const char *body, char **head, char **resp);

/* Whether chromium and chromedriver are installed (tests skip when not,
 * saying to run scripts/setup --tests). */
bool wd_available(void);

/* Start chromedriver and open a headless browser session, its profile in
 * `profile_dir` (1280x900).  Returns 0, or -1 after reporting a failure. */
int wd_start(const char *profile_dir);
/* The same with more Chromium arguments (`extra`, NULL-terminated; may be
 * NULL), e.g. a fake camera. */
int wd_start_with(const char *profile_dir, const char *const *extra);

/* A second browser (its own Chromium, profile and `extra` arguments,
 * such as another fake camera) in the running chromedriver: two phones.
 * The commands below go to the browser chosen by wd_use (0: the first,
 * 1: this one); wd_quit ends both.  0 or -1. */
int wd_start_another(const char *profile_dir, const char *const *extra);
void wd_use(int which);

/* Open `url` in the session; 0 or -1. */
int wd_get(const char *url);

/* Resize the browser window (outer size, CSS pixels); 0 or -1. */
int wd_window(int width, int height);

/* Cut the page off every network (`offline`), or give it back; 0 or -1.
 * It lasts across navigations, until changed or the session ends. */
int wd_offline(bool offline);

/* One Chrome DevTools Protocol command to the current session's page
 * through chromedriver's endpoint for them (POST .../goog/cdp/execute):
 * `cmd` such as "Network.emulateNetworkConditions", `params` a JSON
 * object's text.  0, or -1 when chromedriver refused it. */
int wd_cdp(const char *cmd, const char *params);

/* Run `script` (a function body; `return` gives the value) in the page and
 * return the value as JSON text (malloc'd), or NULL. */
char *wd_exec(const char *script);

/* Run `script`, an action ending in `return 1;`, in the page; true when it
 * ran to that return (nothing to free). */
bool wd_do(const char *script);

/* Run `script` every 100 ms until its value, as JSON text, equals `want`
 * or `timeout_ms` passes; returns the last value (malloc'd, may be NULL).
 * Giving up, it prints the page's address and text to stderr. */
char *wd_wait(const char *script, const char *want, int timeout_ms);

/* A check of the page where it stands in a test (testutil.h): `script`'s
 * value, as JSON text, must be `want`, at once (EXPECT_EXEC) or within
 * `timeout_ms` (EXPECT_WAIT); otherwise the test fails at that line with
 * the script and the value it gave.  For a value the test reads further,
 * call wd_exec or wd_wait. */
#define EXPECT_EXEC(script, want) EXPECT_PAGE(wd_exec(script), script, want)
#define EXPECT_WAIT(script, want, timeout_ms)                                  \
    do {                                                                       \
        const char *wd_w = (want);                                             \
        EXPECT_PAGE(wd_wait(script, wd_w, timeout_ms), script, wd_w);          \
    } while (0)
#define EXPECT_PAGE(value, script, want)                                       \
    do {                                                                       \
        char *wd_v = (value);                                                  \
        const char *wd_want = (want);                                          \
        if (!wd_v || strcmp(wd_v, wd_want) != 0)                               \
            TU_FAIL_AT("%s gave %s, expected %s", #script,                     \
                       wd_v ? wd_v : "(null)", wd_want);                       \
        free(wd_v);                                                            \
    } while (0)

/* axe-core, the accessibility checker (npm's axe-core, pinned in
 * scripts/axe/package-lock.json, installed by scripts/setup --tests under
 * CHECKIN_AXE_DIR): its axe.min.js, or NULL when it is not installed. */
const char *wd_axe_js(void);

/* Skip the case (tu_skip, saying what to run) and return false when
 * axe-core is not installed or chromium cannot start a page; every
 * accessibility case starts with it, so none passes without checking. */
bool wd_axe_ready(void);

/* Run axe-core in the page as it stands for WCAG 2.1 A and AA (tags
 * wcag2a, wcag2aa, wcag21a, wcag21aa).  Returns the number of
 * violations, and in *report (malloc'd) one line for each: its rule id,
 * impact and the elements (CSS selectors) it found, e.g.
 * "color-contrast (serious): #status, #link"; -1 with *report saying
 * why when axe-core did not run. */
int wd_axe(char **report);

/* The page where it stands in a test must have no WCAG 2.1 A/AA
 * violation; otherwise the test fails at that line naming `what` and
 * each violation's id, impact and elements.  The count is printed either
 * way ("axe-core: WHAT: N violations"), for docs/web.md's table. */
#define EXPECT_AXE(what)                                                       \
    do {                                                                       \
        char *wd_r = NULL;                                                     \
        int wd_n = wd_axe(&wd_r);                                              \
        printf("axe-core: %s: %d violations\n", (what), wd_n);                 \
        if (wd_n != 0)                                                         \
            TU_FAIL_AT("axe-core on %s: %d violations\n%s", (what), wd_n,      \
                       wd_r ? wd_r : "");                                      \
        free(wd_r);                                                            \
    } while (0)

/* Save a PNG of the window at `path`; 0 or -1. */
int wd_screenshot(const char *path);

/* End the session and stop chromedriver (also done at exit). */
void wd_quit(void);

/* tu_track and tu_forget (testutil.h) under their older names. */
void wd_track(pid_t pgid);
void wd_forget(pid_t pgid);

/* A port on 127.0.0.1 free a moment ago. */
int wd_free_port(void);

#endif
