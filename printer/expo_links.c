/* The booths' links as the organizer hands them out (expo_links.h): the
 * tokens are event/expo.c's, the QR codes qr.c's; here they become a
 * list and files to print.  So does a door's or a sponsor's station's
 * one phones' link (event/phone_token.c's token).  What the organizer is
 * told of them is commands/' (expo_commands.c). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/atomic_file.h"
#include "checkin/expo.h"
#include "checkin/expo_links.h"
#include "checkin/phone_token.h"
#include "checkin/qr.h"
#include "checkin/store.h"

/* `url` without trailing slashes, then the booth's path and token. */
static void booth_link(const char *url, const struct expo_booth *b, char *out,
                       size_t cap)
{
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    snprintf(out, cap, "%.*s/booth/?token=%s", (int)n, url, b->token);
}

int expo_links_write(const char *db, const char *url, const char *dir,
                     FILE *out, struct expo_links_written *w,
                     struct ck_error *err)
{
    memset(w, 0, sizeof(*w));
    if (dir && mkdir(dir, 0700) && errno != EEXIST)
        return ck_fail(err, CK_EIO,
                       "Cannot make the folder %s (%s); give --qr a "
                       "folder this user may write.",
                       dir, strerror(errno));
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    struct expo_booth *b = NULL;
    size_t n = 0;
    code = expo_booths(s, &b, &n, err);
    store_close(s);
    if (code)
        return code;
    struct atomic_file af;
    FILE *list = out;
    char path[4096];
    if (dir) {
        snprintf(path, sizeof(path), "%s/links.txt", dir);
        if ((code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err)) ||
            !(list = atomic_file_stream(&af, err))) {
            atomic_file_abort(&af);
            free(b);
            return code ? code : err->code;
        }
    }
    /* A booth closed at the hub is left out: the station refuses its
     * link, so a list to hand out holds none of it (closed, below). */
    for (size_t i = 0; !code && i < n; i++) {
        if (b[i].closed) {
            size_t used = strlen(w->closed);
            snprintf(w->closed + used, sizeof(w->closed) - used, "%s%s",
                     used ? ", " : "", b[i].slug);
            continue;
        }
        w->open++;
        char link[1200];
        booth_link(url, &b[i], link, sizeof(link));
        fprintf(list, "%s\t%s\t%s\n", b[i].slug, b[i].name, link);
        if (dir) {
            snprintf(path, sizeof(path), "%s/%s.png", dir, b[i].slug);
            code = qr_write_png(link, 8, path, err);
        }
    }
    if (dir) {
        if (code)
            atomic_file_abort(&af);
        else
            code = atomic_file_commit(&af, err);
    }
    free(b);
    return code;
}

int phone_link_write(const char *db, const char *name, const char *role,
                     const char *url, const char *dir, FILE *out,
                     struct ck_error *err)
{
    if (dir && mkdir(dir, 0700) && errno != EEXIST)
        return ck_fail(err, CK_EIO,
                       "Cannot make the folder %s (%s); give --qr a "
                       "folder this user may write.",
                       dir, strerror(errno));
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    char token[PHONE_TOKEN_CHARS + 1];
    code = phone_token_kept(s, false, token, err);
    store_close(s);
    if (code)
        return code;
    size_t n = strlen(url);
    while (n && url[n - 1] == '/')
        n--;
    char link[1200];
    snprintf(link, sizeof(link), "%.*s/scan/?token=%s", (int)n, url, token);
    if (!dir) {
        fprintf(out, "%s\t%s\t%s\n", name, role, link);
        return CK_OK;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.png", dir, name);
    code = qr_write_png(link, 8, path, err);
    struct atomic_file af;
    FILE *list = NULL;
    snprintf(path, sizeof(path), "%s/links.txt", dir);
    if (!code && !(code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err))) {
        if ((list = atomic_file_stream(&af, err)) != NULL) {
            fprintf(list, "%s\t%s\t%s\n", name, role, link);
            code = atomic_file_commit(&af, err);
        } else {
            code = err->code;
            atomic_file_abort(&af);
        }
    }
    return code;
}

int expo_links_check(const char *url, const char *dir, struct ck_error *err)
{
    const char *host = !strncmp(url, "https://", 8)  ? url + 8
                       : !strncmp(url, "http://", 7) ? url + 7
                                                     : NULL;
    size_t hn = host ? strcspn(host, ":/?#") : 0;
    bool ok = host && hn > 0 && strlen(url) < 512;
    for (size_t i = 0; ok && i < hn; i++)
        ok = host[i] > ' ' && host[i] != '@' && host[i] != '\\' &&
             (unsigned char)host[i] < 0x7f;
    if (ok && host[hn] == ':') {
        char *end = NULL;
        errno = 0;
        long port = strtol(host + hn + 1, &end, 10);
        ok = !errno && end != host + hn + 1 && port >= 1 && port <= 65535 &&
             (*end == '\0' || *end == '/');
    } else if (ok) {
        ok = host[hn] == '\0' || host[hn] == '/';
    }
    if (!ok)
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not a station's address as phones open it; "
                       "give --phones-url like https://expo.example:8443.",
                       url);
    if (!dir)
        return CK_OK;
    struct stat st;
    if (stat(dir, &st)) {
        if (errno == ENOENT)
            return CK_OK;
        return ck_fail(err, CK_EIO,
                       "Cannot look at %s (%s); give --qr a folder this user "
                       "may write.",
                       dir, strerror(errno));
    }
    DIR *d = S_ISDIR(st.st_mode) ? opendir(dir) : NULL;
    if (!d)
        return ck_fail(err, CK_EINVAL,
                       "%s is not a folder this user may read; give --qr a "
                       "new or empty folder.",
                       dir);
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    if (!empty)
        return ck_fail(err, CK_EINVAL,
                       "The folder %s already holds files; give --qr a new or "
                       "empty folder (nothing is overwritten).",
                       dir);
    return CK_OK;
}
