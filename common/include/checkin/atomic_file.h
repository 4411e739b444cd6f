/* Files that appear whole or not at all.  A file is made at a temporary
 * name beside its final one (".NAME.PID.tmp"), synced, and then published
 * with one rename: a failed or killed command never leaves a half-written
 * file at the name the user gave, never writes through a symbolic link, and
 * (ATOMIC_NEW) never replaces anything.  Every file made here is mode 0600
 * whatever the umask: they hold keys and personal data.
 *
 * Temporary files of a run that was killed are removed by the next run
 * that makes the same file (their process is gone). */
#ifndef CHECKIN_ATOMIC_FILE_H
#define CHECKIN_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/error.h"

enum atomic_mode {
    ATOMIC_NEW,     /* publish only where nothing is; never replaces */
    ATOMIC_REPLACE, /* may replace a regular file (an earlier export) */
};

struct atomic_file {
    char path[4096]; /* the name it is published at */
    char tmp[4200];  /* where it is made, in the same folder */
    int fd;          /* open on tmp (atomic_file_begin), else -1 */
    FILE *f;         /* atomic_file_stream's stream, or NULL */
    enum atomic_mode mode;
    bool made;                   /* tmp exists and is ours to remove */
    bool published;              /* now at path */
    unsigned long long dev, ino; /* the published file, for unpublish */
};

/* Start making `path`.  ATOMIC_NEW refuses a path where anything is (a
 * file, a folder, a symbolic link, even a dangling one); ATOMIC_REPLACE
 * refuses anything but a regular file (never a link).  Creates af->tmp
 * empty, mode 0600, open for writing in af->fd.  On failure nothing was
 * created and af needs no atomic_file_abort (it is harmless). */
int atomic_file_begin(struct atomic_file *af, const char *path,
                      enum atomic_mode mode,
                      struct ck_error *err) CK_MUST_CHECK;

/* The same checks, for a file another library creates itself (SQLite:
 * store_open(af->tmp, STORE_CREATE)): only af->tmp is chosen, nothing is
 * created; af->fd is -1.  Call atomic_file_restrict once it exists. */
int atomic_file_begin_name(struct atomic_file *af, const char *path,
                           enum atomic_mode mode,
                           struct ck_error *err) CK_MUST_CHECK;

/* Make af->tmp and the -wal, -shm and -journal files beside it mode 0600
 * (SQLite gives the database's mode to the -wal and -shm it makes later). */
int atomic_file_restrict(struct atomic_file *af,
                         struct ck_error *err) CK_MUST_CHECK;

/* A stdio stream writing to af->fd, owned by af (closed by commit/abort). */
FILE *atomic_file_stream(struct atomic_file *af, struct ck_error *err);

/* Flush and sync the file, then publish it at af->path (and sync the
 * folder).  The file must be complete and closed by anyone else (an
 * SQLite database closed, so that it has no -wal left).  On failure the
 * temporary file is removed and af->path is as it was. */
int atomic_file_commit(struct atomic_file *af,
                       struct ck_error *err) CK_MUST_CHECK;

/* Give up: close and remove the temporary file (and its -wal, -shm,
 * -journal).  af->path is not touched.  Harmless after commit and on a
 * struct atomic_file that atomic_file_begin* failed on or zeroed with fd -1. */
void atomic_file_abort(struct atomic_file *af);

/* Remove the file this af published (a key file whose database could not
 * be published after it, so nothing refers to it).  Only removes it if it
 * is still the very file published. */
void atomic_file_unpublish(struct atomic_file *af);

/* For tests of interrupted commands only: when the environment variable
 * CHECKIN_TEST_KILL_AT is "POINT:NAME" (NAME the file's last path
 * component), the process kills itself with SIGKILL here; when
 * CHECKIN_TEST_STOP_AT is, it stops itself (SIGSTOP) until the test,
 * having seen it stop, has done what it does at that point and sends
 * SIGCONT.  Points used: "begun" (temporary file made, empty), "written"
 * (complete, not yet published), "published"; "first-pull-half" (the
 * first batch of the registrations' rows of the first pull into the file
 * `hub add-station` is making taken, the rest still coming, sync/pull.c). */
void atomic_file_kill_point(const char *point, const char *path);

#endif
