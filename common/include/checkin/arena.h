/* A grow-only arena of strings and small blocks, freed at once: for the
 * many short strings of one merge, one report or one print-job listing. */
#ifndef CHECKIN_ARENA_H
#define CHECKIN_ARENA_H

#include <stddef.h>

struct arena;
struct arena *arena_new(void);
char *arena_strdup(struct arena *a, const char *s);
void *arena_alloc(struct arena *a, size_t n);
void arena_free(struct arena *a);

#endif
