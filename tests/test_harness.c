/* The harness's own verdicts (testutil.c, tu_run): a skipped case is
 * reported as skipped, never as passed; the executable exits 77 only when
 * every case it ran skipped, 1 when any failed, so a skip never hides a
 * failure; under CI a skip is a failure.  This test runs itself again as
 * a child with TU_HARNESS_CHILD set, in which its first three cases pass,
 * skip or fail on purpose (without the variable they pass, so that the
 * suite's own run of them is green). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"

static const char *self;

static bool child(void)
{
    const char *c = getenv("TU_HARNESS_CHILD");
    return c && *c;
}

static void child_passes(void)
{
    EXPECT_TRUE(1);
}

static void child_skips(void)
{
    if (child())
        TU_SKIP("the tool this case needs is not installed");
}

static void child_fails(void)
{
    if (child())
        TU_FAIL_AT("planted failure");
}

/* The child's exit status and standard output for `cases`, with CI set
 * to `ci`. */
static int run_child(const char *cases, const char *ci, char **out)
{
    const char *path = tu_path("child.out");
    int status = tu_sh("env -u CI TU_HARNESS_CHILD=1 %s%s '%s' %s > '%s' 2>&1",
                       ci ? "CI=" : "", ci ? ci : "", self, cases, path);
    *out = tu_read_file(path, NULL);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void a_skip_is_reported_and_never_hides_a_failure(void)
{
    char *out = NULL;
    /* Every case run skipped: 77, ctest's "skipped". */
    EXPECT_INT(run_child("child_skips", NULL, &out), 77);
    EXPECT_CONTAINS(out, "ok 1 - child_skips # SKIP the tool this case needs "
                         "is not installed");
    EXPECT_CONTAINS(out, "0 passed, 0 failed, 1 skipped");
    free(out);
    /* A pass beside the skip: 0, the skip counted apart. */
    EXPECT_INT(run_child("child_passes child_skips", NULL, &out), 0);
    EXPECT_CONTAINS(out, "1 passed, 0 failed, 1 skipped");
    free(out);
    /* A failure beside the skip: 1, whatever skipped. */
    EXPECT_INT(run_child("child_fails child_skips", NULL, &out), 1);
    EXPECT_CONTAINS(out, "not ok 2 - child_fails");
    EXPECT_CONTAINS(out, "0 passed, 1 failed, 1 skipped");
    free(out);
    /* Under CI a skip is a failure, naming what to install. */
    EXPECT_INT(run_child("child_skips", "true", &out), 1);
    EXPECT_CONTAINS(out, "CI must run this case");
    EXPECT_CONTAINS(out, "not ok 1 - child_skips");
    free(out);
    /* CI set but empty is no CI. */
    EXPECT_INT(run_child("child_skips", "", &out), 77);
    free(out);
}

int main(int argc, char **argv)
{
    self = argv[0];
    static const struct tu_case cases[] = {
        TU_CASE(child_passes), TU_CASE(child_skips), TU_CASE(child_fails),
        TU_CASE(a_skip_is_reported_and_never_hides_a_failure)};
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
