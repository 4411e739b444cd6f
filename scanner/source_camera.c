/* A V4L2 camera through zbar's video layer (libv4l2 underneath): opened
 * at the requested size (1280x720 unless told otherwise), in whatever
 * format zbar negotiates, each image converted to gray by the same
 * source_convert() that frame files use.  Not for files. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>

#include "checkin/source.h"
#include "checkin/util.h"

struct camera {
    source base;
    zbar_video_t *video;
    const char *device;
    int64_t start_ms;
    uint8_t *gray;
    int width, height;
};

static int camera_next(source *src, int timeout_ms, struct source_item *out,
                       struct ck_error *err)
{
    struct camera *c = (struct camera *)src;
    int fd = zbar_video_get_fd(c->video);
    if (fd >= 0) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) == 0) {
            out->kind = SOURCE_IDLE;
            out->t_ms = util_mono_ms() - c->start_ms;
            return CK_OK;
        }
    }
    zbar_image_t *img = zbar_video_next_image(c->video);
    if (!img)
        return ck_fail(err, CK_EDEVICE,
                       "The camera %s stopped delivering images; check its "
                       "cable and restart the station.",
                       c->device);
    int w = (int)zbar_image_get_width(img), h = (int)zbar_image_get_height(img);
    free(c->gray);
    c->gray = NULL;
    int code = source_convert(
        (uint32_t)zbar_image_get_format(img), zbar_image_get_data(img),
        zbar_image_get_data_length(img), w, h, &c->gray, err);
    zbar_image_destroy(img);
    if (code)
        return code;
    out->kind = SOURCE_FRAME;
    out->t_ms = util_mono_ms() - c->start_ms;
    out->frame = (struct gray_frame){c->gray, w, h, (size_t)w};
    return CK_OK;
}

/* V4L2 marks the device readable while a filled buffer waits to be
 * dequeued. */
static bool camera_waiting(source *src)
{
    struct camera *c = (struct camera *)src;
    int fd = zbar_video_get_fd(c->video);
    struct pollfd p = {fd, POLLIN, 0};
    return fd >= 0 && poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

static void camera_free(source *src)
{
    struct camera *c = (struct camera *)src;
    if (c->video) {
        zbar_video_enable(c->video, 0);
        zbar_video_destroy(c->video);
    }
    free(c->gray);
    free(c);
}

static const struct source_ops CAMERA_OPS = {camera_next, camera_free,
                                             camera_waiting};

int source_open_camera(const char *device, const struct source_options *opt,
                       source **out, struct ck_error *err)
{
    *out = NULL;
    struct camera *c = calloc(1, sizeof(*c));
    if (!c)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    c->base.ops = &CAMERA_OPS;
    c->device = device;
    c->video = zbar_video_create();
    if (!c->video) {
        free(c);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    int w = opt && opt->width > 0 ? opt->width : 1280;
    int h = opt && opt->height > 0 ? opt->height : 720;
    /* zbar opens at the camera's largest size unless asked first. */
    zbar_video_request_size(c->video, (unsigned)w, (unsigned)h);
    if (zbar_video_open(c->video, device) != 0 ||
        zbar_negotiate_format(c->video, NULL) != 0 ||
        zbar_video_enable(c->video, 1) != 0) {
        camera_free(&c->base);
        return ck_fail(err, CK_EDEVICE,
                       "Cannot start the camera %s; check that it is "
                       "plugged in, that this user may open it (group "
                       "'video'), and that no other program uses it.",
                       device);
    }
    c->start_ms = util_mono_ms();
    *out = &c->base;
    return CK_OK;
}
