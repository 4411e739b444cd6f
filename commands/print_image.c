/* An image file on a label printer (print_image.h): loaded by scanner/,
 * printed by printer/'s printer_print_gray. */
#include "checkin/print_image.h"
#include "checkin/i18n.h"

#include "checkin/image.h"
#include "checkin/printer_tools.h"

int print_image_file(const char *path, const char *uri,
                     struct printer_options *opt, const char *media_spec,
                     int threshold, FILE *out, struct ck_error *err)
{
    struct media wanted;
    int code;
    if (media_spec) {
        if ((code = printer_media_parse(media_spec, &wanted, err)))
            return code;
        opt->media = media_spec; /* also what is loaded, where not asked */
    }
    struct gray_frame frame = {0};
    if ((code = image_load(path, &frame, err)))
        return code;
    printer *p = NULL;
    bool printed = false;
    code = printer_open(uri, opt, &p, err);
    if (!code)
        code = printer_print_gray(p, media_spec ? &wanted : NULL, frame.pixels,
                                  frame.width, frame.height, frame.stride,
                                  threshold, &printed, err);
    if (!code && printed)
        fprintf(out, _("Printed %s on %s.\n"), path, printer_describe(p));
    else if (!code)
        fprintf(out,
                _("Sent %s to %s (it cannot report whether it printed).\n"),
                path, printer_describe(p));
    printer_close(p);
    image_free(&frame);
    return code;
}
