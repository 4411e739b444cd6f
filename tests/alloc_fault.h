/* Allocation-failure injection, as SQLite's tests do it (its "malloc
 * tests"): force-included (-include) into copies of checkin's data rooms
 * built for test_alloc_fail only (tests/alloc.cmake), so that every
 * malloc, calloc, realloc, strdup and strndup of checkin's own code, and
 * the buffer and array growth of common/'s buf.c and checkin/vec.h, goes
 * through a countdown: ck_fault_arm(N) makes the Nth allocation from then
 * on fail, once.  SQLite's, jansson's and glib's own allocations are not
 * counted (their code is not compiled with this header).  The product
 * binary never includes it. */
#ifndef CHECKIN_ALLOC_FAULT_H
#define CHECKIN_ALLOC_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The Nth allocation from now fails (N >= 1); 0 disarms. */
void ck_fault_arm(long n);
/* Whether the armed failure happened (since the last ck_fault_arm). */
bool ck_fault_fired(void);

void *ck_fault_malloc(size_t n);
void *ck_fault_calloc(size_t n, size_t size);
void *ck_fault_realloc(void *p, size_t n);
char *ck_fault_strdup(const char *s);
char *ck_fault_strndup(const char *s, size_t n);

#define malloc(n) ck_fault_malloc(n)
#define calloc(n, size) ck_fault_calloc(n, size)
#define realloc(p, n) ck_fault_realloc(p, n)
#define strdup(s) ck_fault_strdup(s)
#define strndup(s, n) ck_fault_strndup(s, n)

#endif
