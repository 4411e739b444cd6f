/* A fixture for check-banned-calls: a room that grows its arrays through
 * checkin/vec.h, and one realloc() of its own, with decoys it must not
 * report (realloc( in a comment, a string, a name that ends in it). */
#include <stdlib.h>

int *grow(int *v, size_t n)
{
    const char *say = "realloc(v, n) in a string";
    int *w = my_realloc(v, n); /* realloc( in a comment */
    (void)say;
    return w ? w : realloc(v, 2 * n * sizeof(*v));
}
