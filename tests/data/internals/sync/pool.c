/* A GLib thread the docs do not name. */
#include <glib.h>

static gpointer worker(gpointer data) { return data; }

void start(void) { g_thread_new("sync", worker, NULL); }
