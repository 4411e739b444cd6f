/* Errors a user can read.
 *
 * Every function in the checkin libraries that can fail returns one of the
 * CK_E* codes (0 on success) and, when given a `struct ck_error`, fills it
 * with one sentence that says what happened and what to do.  The code is for
 * programs (exit status, retry decisions); the message is for people. */
#ifndef CHECKIN_ERROR_H
#define CHECKIN_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#define CK_MUST_CHECK __attribute__((warn_unused_result))

enum ck_code {
    CK_OK = 0,
    CK_EINVAL = -1,    /* bad input from the user or a file */
    CK_ENOMEM = -2,    /* out of memory */
    CK_EIO = -3,       /* reading or writing a file or device failed */
    CK_ECORRUPT = -4,  /* a database or file is damaged or not ours */
    CK_ENOTFOUND = -5, /* the thing asked for does not exist */
    CK_EFULL = -6,     /* disk full */
    CK_EBUSY = -7,     /* locked by another process */
    CK_EVERSION = -8,  /* made by a newer checkin */
    CK_EDEVICE = -9,   /* a device refused or went away */
};

/* How many of a sentence's arguments are kept for saying it in another
 * language: the most any ck_fail of ours gives is 12 (a tutorial's time
 * that happens twice, event_words.c; with 10 kept it was said in English
 * alone, found by fuzz_event's whole-sentence check). */
#define CK_ERROR_ARGS 12

struct ck_error {
    int code;
    char msg[512]; /* the English sentence: logs, journals and --json */
    /* What msg was made of, for saying it in the station's language
     * (ck_error_text): ck_fail's format, a string literal, or NULL when
     * msg was written otherwise; each argument's text where it stands in
     * msg (at, len), and the place of its value among ck_fail's
     * arguments (from 1; a `*` width or precision takes a place too), so
     * that a translation may number them (%2$s).  `sum` is msg's hash
     * when it was made: a msg changed since (appended to, written anew)
     * is said as it is.  Nothing here is allocated, so an out-of-memory
     * error is kept as any other. */
    const char *fmt;
    /* A count's sentence (ck_failn): its plural format beside fmt, its
     * singular, and the count that chooses between them (ngettext);
     * NULL for any other. */
    const char *fmt_pl;
    unsigned long count;
    unsigned short arg_at[CK_ERROR_ARGS], arg_len[CK_ERROR_ARGS];
    unsigned char arg_pos[CK_ERROR_ARGS];
    unsigned char nargs;
    unsigned int sum;
    /* Which kept arguments (bit k: the k-th) begin with a phrase of the
     * catalogue, what checkin was doing (ck_error_phrase): said in the
     * reader's language, msg keeping its English. */
    unsigned short phrase;
    /* The error a wrapper's sentence holds (ck_wrap), to be said in the
     * wrapper's language too: its format (NULL: none), its arguments'
     * places within its own sentence, its hash, and which of the
     * wrapper's arguments its sentence is. */
    const char *in_fmt;
    unsigned short in_at[CK_ERROR_ARGS], in_len[CK_ERROR_ARGS];
    unsigned char in_pos[CK_ERROR_ARGS];
    unsigned char in_nargs, in_arg;
    unsigned int in_sum;
    unsigned short in_phrase;
};

/* Record `code` and a printf-style message in `err` (which may be NULL) and
 * return `code`, so callers can write `return ck_fail(err, CK_EINVAL, ...)`.
 * The format must be a string literal (the macro refuses anything else
 * at compile time): xgettext extracts it from the rooms po/ERROR-ROOMS
 * lists, and ck_error_text says it translated.  The conversions are
 * printf's (flags, width, precision and `*`, hh h l ll z j t L, d i o u
 * x X c s p e E f F g G a A, %%); a format with any other is kept in
 * English only. */
#define ck_fail(err, code, ...) ck_fail_fmt((err), (code), "" __VA_ARGS__)
int ck_fail_fmt(struct ck_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* ck_fail for a sentence about `n` of something, in its singular
 * `one` ("%d station is enrolled as %s.") and plural `many` ("%d
 * stations are enrolled as %s."), string literals with the same
 * conversions: msg is `one` for 1, `many` for any other n, and
 * ck_error_text says the catalogue's form for `n` (ngettext), so that a
 * language with other plural rules says its own.  xgettext extracts
 * both as one message with its plural. */
#define ck_failn(err, code, n, one, many, ...)                                 \
    ck_failn_fmt((err), (code), (n), "" one, "" many, __VA_ARGS__)
int ck_failn_fmt(struct ck_error *err, int code, unsigned long n,
                 const char *one, const char *many, ...)
    __attribute__((format(printf, 5, 6)));
/* An error whose sentence is said already, in the reader's language
 * (a _() sentence of commands/) or made at run time: written into msg as
 * printf would, no format kept, so ck_error_text says msg as it is. */
int ck_said(struct ck_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ck_vfail(struct ck_error *err, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The argument at `place` (from 1, as ck_fail counted them) of the
 * sentence ck_fail just kept in `err` (may be NULL) begins with a phrase
 * marked N_() where it was written, what checkin was doing ("reading
 * the stations"), up to its first ": " if it has one: ck_error_render
 * says that phrase translated (gettext), the rest as it is.  msg keeps
 * the English (pg/'s pg_fail, store/'s store_sqlite_fail). */
void ck_error_phrase(struct ck_error *err, int place);

/* An error whose sentence holds another's: `fmt`, a string literal
 * (extracted as ck_fail's are) with one conversion, %s, where `inner`'s
 * sentence goes ("%s Nothing was checked in; try again.").  msg is the
 * English of both, as ck_fail would write it; ck_error_text says the
 * wrapper translated around the inner sentence translated.  The code is
 * `code`, or inner's when `code` is CK_OK. */
#define ck_wrap(err, code, inner, fmt)                                         \
    ck_wrap_fmt((err), (code), (inner), "" fmt)
int ck_wrap_fmt(struct ck_error *err, int code, const struct ck_error *inner,
                const char *fmt);

/* The error `e` holds (ck_wrap), rebuilt into `inner` as ck_fail kept it;
 * -1 when `e` holds none, or its sentence was cut or changed since. */
int ck_error_inner(const struct ck_error *e, struct ck_error *inner);

/* ck_error_render with `inner_text` said for the argument that is the
 * error `e` holds (ck_wrap) in place of its English. */
int ck_error_render_with(const struct ck_error *e, const char *fmt,
                         const char *inner_text, char *out, size_t cap);

/* `e`'s sentence said with `fmt`, a translation of e->fmt (its
 * conversions those of e->fmt, in any order when numbered: %2$s), into
 * `out` (cut to `cap` bytes on a character's boundary, always
 * terminated).  Each conversion gives its argument's text as ck_fail
 * wrote it into msg.  0, or -1 (out untouched) when `e` kept no format,
 * its msg was changed since, or `fmt` names an argument `e` lacks. */
int ck_error_render(const struct ck_error *e, const char *fmt, char *out,
                    size_t cap);

/* `e`'s sentence in the language spoken (checkin/i18n.h): its format
 * looked up in the catalogue and, when translated, rendered into `buf`
 * (ck_error_render), which is returned; otherwise e->msg, the English.
 * Every place that shows a person an error says it through this
 * (common/error_text.c). */
const char *ck_error_text(const struct ck_error *e, char *buf, size_t cap);

/* ck_error_text's sentence copied into `out` (`cap` bytes, terminated). */
void ck_error_say(const struct ck_error *e, char *out, size_t cap);

/* What ck_error_text needs of `e` beside its msg, as one line of text
 * for a file (a print job's failure, store/jobs.c): its formats, count
 * and each argument's place in msg, and those of the error it holds
 * (ck_wrap).  "" when `e` kept none or its msg changed since; cut to ""
 * when it does not fit `cap`.  The bytes written. */
#define CK_ERROR_KEPT_CAP 2048
size_t ck_error_keep(const struct ck_error *e, char *out, size_t cap);

/* The error `msg` was, rebuilt from `kept` (ck_error_keep's line) into
 * `e` with `code`, so that it is said in the reader's language as the
 * one ck_fail made: a sentence of an earlier run said at display time.
 * Its formats are kept for the process's life (interned, as string
 * literals are).  `kept` NULL, "", damaged or not `msg`'s: `e` holds
 * msg alone, said as it is. */
void ck_error_unkeep(struct ck_error *e, int code, const char *msg,
                     const char *kept);

/* Clear `err` (may be NULL). */
void ck_error_clear(struct ck_error *err);

/* Exit status the command line uses for an error code: 2 for usage errors,
 * 1 otherwise. */
int ck_exit_status(int code);

#endif
