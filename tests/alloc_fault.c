/* The countdown of alloc_fault.h; compiled without it, so these call the
 * C library's own functions. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void ck_fault_arm(long n);
bool ck_fault_fired(void);
void *ck_fault_malloc(size_t n);
void *ck_fault_calloc(size_t n, size_t size);
void *ck_fault_realloc(void *p, size_t n);
char *ck_fault_strdup(const char *s);
char *ck_fault_strndup(const char *s, size_t n);

static long countdown;
static bool fired;

void ck_fault_arm(long n)
{
    countdown = n;
    fired = false;
}

bool ck_fault_fired(void)
{
    return fired;
}

static bool fail_now(void)
{
    if (countdown <= 0 || --countdown > 0)
        return false;
    fired = true;
    return true;
}

void *ck_fault_malloc(size_t n)
{
    return fail_now() ? NULL : malloc(n);
}

void *ck_fault_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : calloc(n, size);
}

void *ck_fault_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : realloc(p, n);
}

char *ck_fault_strdup(const char *s)
{
    return fail_now() ? NULL : strdup(s);
}

char *ck_fault_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : strndup(s, n);
}
