/* Shared libraries loaded at their first use, not at every start.
 *
 * `checkin` is one program, and most of its runs (an import, a scan at a
 * desk with no hub, a report) never speak to PostgreSQL or draw a label;
 * yet linking libpq and pango/cairo makes the dynamic loader map and
 * relocate them and the fifty libraries under them at every start: 30 of
 * a start's 77 ms for libpq and 27 for pango/cairo (an ASan build: 52 and
 * 60 of 204 ms; docs/performance-history.md, 2026-11-27).  A room that
 * uses such a library defines the functions it calls (pg/libpq_load.c,
 * printer/pangocairo_load.c) as forwarders that load the library with
 * dynlib_load on their first call and jump to its own function; the
 * compiler checks each forwarder against the library's header, so a
 * wrong signature does not build.
 *
 * A library that cannot be loaded (not installed, the wrong version) is a
 * broken installation: the handler set with dynlib_on_missing says so
 * (commands/ writes the sentence) and the process exits; with no handler
 * it aborts. */
#ifndef CHECKIN_DYNLIB_H
#define CHECKIN_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

/* What a forwarder calls: dlsym's result as a function pointer, cast to
 * the function's own type at the call. */
typedef void (*dynlib_fn)(void);

struct dynlib {
    const char *soname;  /* "libpq.so.5": what dlopen is given */
    const char *package; /* Debian's package that holds it: "libpq5" */
    const char *const *names;
    dynlib_fn *slots; /* filled by dynlib_load, in the order of names */
    size_t n;
};

/* Open `lib->soname` and resolve every name into its slot.  Call it once
 * (pthread_once in the forwarders' file); on any failure the handler of
 * dynlib_on_missing runs and the process ends. */
void dynlib_load(const struct dynlib *lib);

/* What to do when a library or one of its functions is missing: `why`
 * is dlerror()'s text.  The handler must not return (it exits). */
typedef void (*dynlib_missing_fn)(const char *soname, const char *package,
                                  const char *why);
void dynlib_on_missing(dynlib_missing_fn fn);

/* Whether `lib` is mapped in this process now (for tests: a command that
 * needs no hub has not loaded libpq). */
int dynlib_is_loaded(const char *soname);

/* A forwarders' file lists its library's functions as
 * LIST(F, V, X): F(return type, name, (parameters), (arguments)) for a
 * function, V(name, (parameters), (arguments)) for a void one, and
 * X(name) for a name resolved whose forwarder the file writes itself
 * (a variadic function, a variable).  Then
 *
 *     DYNLIB_TABLE(LIST, "libpq.so.5", "libpq5")
 *     LIST(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)
 *
 * defines the table, its load (once, at the first call) and a forwarder
 * for each F and V; a hand-written one calls DYNLIB_LOAD() and then
 * DYNLIB_FN(name), cast to the function's type. */
#define DYNLIB_NAME_F(ret, name, params, args) #name,
#define DYNLIB_NAME_V(name, params, args) #name,
#define DYNLIB_NAME_X(name) #name,
#define DYNLIB_SLOT_F(ret, name, params, args) dynlib_slot_##name,
#define DYNLIB_SLOT_V(name, params, args) dynlib_slot_##name,
#define DYNLIB_SLOT_X(name) dynlib_slot_##name,
#define DYNLIB_TABLE(LIST, SONAME, PACKAGE)                                    \
    static const char *const dynlib_names[] = {                                \
        LIST(DYNLIB_NAME_F, DYNLIB_NAME_V, DYNLIB_NAME_X)};                    \
    enum { LIST(DYNLIB_SLOT_F, DYNLIB_SLOT_V, DYNLIB_SLOT_X) dynlib_nslots };  \
    static dynlib_fn dynlib_slots[dynlib_nslots];                              \
    static const struct dynlib dynlib_lib = {SONAME, PACKAGE, dynlib_names,    \
                                             dynlib_slots, dynlib_nslots};     \
    static pthread_once_t dynlib_once = PTHREAD_ONCE_INIT;                     \
    static void dynlib_load_lib(void)                                          \
    {                                                                          \
        dynlib_load(&dynlib_lib);                                              \
    }
#define DYNLIB_LOAD() pthread_once(&dynlib_once, dynlib_load_lib)
#define DYNLIB_FN(name) dynlib_slots[dynlib_slot_##name]
#define DYNLIB_FORWARD_F(ret, name, params, args)                              \
    ret name params                                                            \
    {                                                                          \
        DYNLIB_LOAD();                                                         \
        return ((ret(*) params)DYNLIB_FN(name))args;                           \
    }
#define DYNLIB_FORWARD_V(name, params, args)                                   \
    void name params                                                           \
    {                                                                          \
        DYNLIB_LOAD();                                                         \
        ((void(*) params)DYNLIB_FN(name)) args;                                \
    }
#define DYNLIB_FORWARD_X(name)

#endif
