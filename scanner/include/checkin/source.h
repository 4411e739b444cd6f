/* Where a station's codes come from.  Every camera-like source hands out
 * the same 8-bit gray frame (frame.h) with a source time; keyboard-wedge
 * scanners hand out typed codes.  The station treats them alike, so a
 * recorded frame file or a list of images exercises exactly the path a
 * live camera does.
 *
 *   camera    V4L2 through zbar's video layer; any format zbar converts
 *   frames    raw GREY or YUYV frames of a fixed size, from a file or "-"
 *   images    PNG, JPEG or PGM stills, in order
 *   keyboard  a USB HID scanner: lines on standard input, or an evdev
 *             device grabbed with EVIOCGRAB (US layout)
 *
 * A source is used by one thread; free it with source_free(). */
#ifndef CHECKIN_SOURCE_H
#define CHECKIN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/frame.h"

typedef struct source source;

enum source_item_kind {
    SOURCE_END,   /* no more input */
    SOURCE_IDLE,  /* nothing within the timeout */
    SOURCE_FRAME, /* `frame` is valid until the next call */
    SOURCE_CODE,  /* `code`/`len` is valid until the next call */
};

struct source_item {
    enum source_item_kind kind;
    int64_t t_ms; /* source time: ms since the source started */
    struct gray_frame frame;
    const uint8_t *code;
    size_t len;
};

#define SOURCE_FOURCC(a, b, c, d)                                              \
    ((uint32_t)(a) | ((uint32_t)(b) << 8) | ((uint32_t)(c) << 16) |            \
     ((uint32_t)(d) << 24))
#define SOURCE_GREY SOURCE_FOURCC('G', 'R', 'E', 'Y')
#define SOURCE_YUYV SOURCE_FOURCC('Y', 'U', 'Y', 'V')

struct source_options {
    int width, height; /* frames: required; camera: request (0: 1280x720) */
    uint32_t fourcc;   /* frames: SOURCE_GREY or SOURCE_YUYV */
    int64_t frame_ms;  /* source time between frames or images
                          (0: 33 for frames, 1000 for images) */
};

/* Implementations fill this; tests may too.  `waiting` (may be NULL:
 * never) says whether a newer frame than the one `next` last gave is
 * already there, so that a station behind the camera can skip to it. */
struct source_ops {
    int (*next)(source *src, int timeout_ms, struct source_item *out,
                struct ck_error *err);
    void (*free)(source *src);
    bool (*waiting)(source *src);
    /* The fd that becomes readable when `next` has something (may be
     * NULL: none, then the station waits inside `next`). */
    int (*fd)(source *src);
};
struct source {
    const struct source_ops *ops;
};

/* Raw frames: width*height bytes (GREY) or width*height*2 (YUYV) each,
 * back to back; `path` "-" is standard input. */
int source_open_frames(const char *path, const struct source_options *opt,
                       source **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Still images, one after the other, `frame_ms` apart.  A file that cannot
 * be read ends the source with its error. */
int source_open_images(char *const *paths, size_t n,
                       const struct source_options *opt, source **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* A V4L2 camera, e.g. "/dev/video0". */
int source_open_camera(const char *device, const struct source_options *opt,
                       source **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* A keyboard-wedge scanner: `path` NULL or "-" reads lines from standard
 * input; otherwise an evdev device (/dev/input/event*), grabbed so that
 * its keys do not also reach the console.  A regular file of recorded
 * `struct input_event`s replays without a grab. */
int source_open_keyboard(const char *path, source **out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* The next frame or code, waiting at most `timeout_ms` for live sources
 * (files never wait). */
int source_next(source *src, int timeout_ms, struct source_item *out,
                struct ck_error *err) CK_MUST_CHECK;

void source_free(source *src);

/* The fd a station may sleep on once `source_next` with no wait said
 * SOURCE_IDLE: readable when the source has more (a keyboard's lines); -1
 * for sources that wait inside source_next (cameras, files). */
int source_wait_fd(source *src);

/* A live source already holds a newer frame than the last one it gave
 * (the reader fell behind).  Files never say so: they are replayed whole,
 * frame by frame. */
bool source_frame_waiting(source *src);

/* Convert one buffer in a camera format (`fourcc`: GREY, Y800, YUYV, UYVY,
 * NV12, I420, RGB3, BGR3, MJPG, ...) to 8-bit gray through zbar's
 * converter, as the camera path does.  *gray is malloc'd, width*height
 * bytes; the caller frees it. */
int source_convert(uint32_t fourcc, const uint8_t *data, size_t len, int width,
                   int height, uint8_t **gray /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* "GREY", "YUYV", ... as a fourcc; 0 if not four characters. */
uint32_t source_fourcc(const char *name);

/* The ASCII a US-layout keyboard types for evdev key `code` (KEY_*),
 * with shift or not; 0 for keys that type nothing. */
int source_key_ascii(int code, bool shift);

#endif
