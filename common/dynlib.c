/* Shared libraries loaded at first use (checkin/dynlib.h). */
#include "checkin/dynlib.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

static dynlib_missing_fn missing;

void dynlib_on_missing(dynlib_missing_fn fn)
{
    __atomic_store_n(&missing, fn, __ATOMIC_RELEASE);
}

static void fail(const struct dynlib *lib)
{
    const char *why = dlerror();
    dynlib_missing_fn fn = __atomic_load_n(&missing, __ATOMIC_ACQUIRE);
    if (fn)
        fn(lib->soname, lib->package, why ? why : "");
    abort();
}

void dynlib_load(const struct dynlib *lib)
{
    /* RTLD_NOW: every symbol the library needs is bound here, so a
     * broken installation is found at the first call, not in the middle
     * of a later one.  Local: nothing else resolves against it. */
    void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        fail(lib);
    for (size_t i = 0; i < lib->n; i++) {
        void *p = dlsym(h, lib->names[i]);
        if (!p)
            fail(lib);
        /* POSIX: dlsym's object pointer holds a function's address. */
        memcpy(&lib->slots[i], &p, sizeof(p));
    }
}

int dynlib_is_loaded(const char *soname)
{
    void *h = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
    if (!h)
        return 0;
    dlclose(h);
    return 1;
}
