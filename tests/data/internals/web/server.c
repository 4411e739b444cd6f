/* The fixture's server: pthread_create(&t, NULL, hidden, w) in a comment
 * is not a call. */
#include <pthread.h>

static void *serve(void *arg) { return arg; }
static void *other(void *arg) { return arg; }

void start(pthread_t *t, pthread_t *u, void *w)
{
    pthread_create(t, NULL, serve, w);
    pthread_create(u, NULL, other, w);
}
