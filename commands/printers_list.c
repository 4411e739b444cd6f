/* `checkin printers`: the attached USB label printers printer/ lists
 * (printer_list_usb), a line each or one JSON array (print_commands.h). */
#include <jansson.h>
#include <stdlib.h>

#include "checkin/i18n.h"
#include "checkin/print_commands.h"
#include "checkin/printer_tools.h"

static json_t *media_json(const struct printer_status *st)
{
    if (!st->media_known)
        return json_null();
    char name[32];
    printer_media_str(&st->media, name, sizeof(name));
    const char *dk = printer_media_product(&st->media);
    return json_pack("{s:s, s:i, s:i, s:s, s:s?}", "kind",
                     st->media.kind == MEDIA_DIE_CUT ? "die-cut" : "continuous",
                     "width_mm", st->media.width_mm, "length_mm",
                     st->media.length_mm, "name", name, "product", dk);
}

/* One printer as a line: URI, model and where, media, state; its
 * complaint on a line of its own. */
static void print_line(FILE *out, const struct printer_listed *l)
{
    const struct usb_printer_info *info = &l->info;
    char media[48];
    snprintf(media, sizeof(media), "%s", _("media unknown"));
    if (l->st.media_known) {
        char size[32];
        printer_media_str(&l->st.media, size, sizeof(size));
        const char *dk = printer_media_product(&l->st.media);
        snprintf(media, sizeof(media), "%s%s%s%s", size,
                 l->st.media.kind == MEDIA_DIE_CUT ? _(" labels") : _(" roll"),
                 dk ? " " : "", dk ? dk : "");
    }
    /* TRANSLATORS: URI, model, USB port, bus, address, ", serial " and
     * the serial number, the media, the state; keep the tabs. */
    fprintf(out, _("%s\t%s on usb %s (bus %03d address %03d)%s%s\t%s\t%s\n"),
            info->uri, info->model->name, info->port, info->bus, info->address,
            info->serial[0] ? _(", serial ") : "", info->serial, media,
            printer_state_str(l->st.state));
    if (l->message[0])
        fprintf(out, "\t%s\n", l->message);
}

int printers_print(FILE *out, bool json, size_t *found, struct ck_error *err)
{
    *found = 0;
    struct printer_listed *list;
    size_t n;
    int code = printer_list_usb(&list, &n, err);
    if (code)
        return code;
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct printer_listed *l = &list[i];
        const struct usb_printer_info *info = &l->info;
        if (!json) {
            print_line(out, l);
            continue;
        }
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:i, s:i, s:s, s:o, s:s, s:s?}", "uri", info->uri,
            "model", info->model->name, "port", info->port, "bus", info->bus,
            "address", info->address, "serial", info->serial, "media",
            media_json(&l->st), "state", printer_state_str(l->st.state),
            "message", l->message[0] ? l->message : NULL);
        json_array_append_new(arr, o);
    }
    if (json) {
        char *text = json_dumps(arr, JSON_COMPACT);
        if (text)
            fprintf(out, "%s\n", text);
        free(text);
        json_decref(arr);
    } else if (n == 0) {
        fputs(_("No supported printer is attached.\n"), out);
    }
    free(list);
    *found = n;
    return CK_OK;
}
