/* See label_stock.h.  Not for the printer's own status (printer/) nor for
 * the sentence (runtime/station_sentence.c writes it for the displays
 * and the hub). */
#include <stdio.h>

#include "checkin/jobs.h"
#include "checkin/label_stock.h"

/* Brother's DK rolls as sold (label counts from the roll's box): die-cut
 * labels by size, and continuous tape by its length. */
static const struct {
    int width_mm, length_mm; /* length 0: continuous */
    long labels;             /* die-cut: labels on the roll */
    long tape_mm;            /* continuous: the tape's length */
} ROLLS[] = {
    {62, 100, 300, 0},  /* DK-11202 */
    {62, 29, 800, 0},   /* DK-11209 */
    {29, 90, 400, 0},   /* DK-11201 */
    {102, 152, 200, 0}, /* DK-11241 */
    {62, 0, 0, 30480},  /* DK-22205, 30.48 m */
    {102, 0, 0, 30480}, /* DK-22243, 30.48 m */
};

long label_stock_standard_roll(const struct media *m, int label_mm)
{
    for (size_t i = 0; i < sizeof(ROLLS) / sizeof(ROLLS[0]); i++) {
        if (ROLLS[i].width_mm != m->width_mm ||
            ROLLS[i].length_mm != m->length_mm)
            continue;
        if (ROLLS[i].labels)
            return ROLLS[i].labels;
        return label_mm > 0 ? ROLLS[i].tape_mm / label_mm : 0;
    }
    return 0;
}

int label_stock_forecast(store *s, const char *printer,
                         const struct label_stock *ls, bool empty,
                         int64_t now_ms, struct label_forecast *out,
                         struct ck_error *err)
{
    *out = (struct label_forecast){0};
    if (empty) {
        out->state = LABEL_FORECAST_EMPTY;
        return CK_OK;
    }
    if (ls->roll <= 0)
        return CK_OK;
    long used = 0, recent = 0;
    int64_t from = now_ms - LABEL_STOCK_WINDOW_MS;
    if (from < ls->loaded_ms)
        from = ls->loaded_ms;
    int code = jobs_labels_since(s, printer, ls->loaded_ms, &used, err);
    if (!code)
        code = jobs_labels_since(s, printer, from, &recent, err);
    if (code)
        return code;
    out->left = ls->roll > used ? ls->roll - used : 0;
    if (out->left == 0) {
        out->state = LABEL_FORECAST_USED_UP;
        return CK_OK;
    }
    /* The rate over the window, or over the time since the roll was
     * loaded when that is shorter, and never over less than a minute: a
     * burst of one group is not the morning's pace. */
    int64_t span = now_ms - from;
    if (span < 60 * 1000)
        span = 60 * 1000;
    if (recent < 2) {
        out->state = LABEL_FORECAST_LEFT;
        return CK_OK;
    }
    out->minutes =
        (long)((double)out->left * (double)span / (double)recent / 60000.0);
    out->state =
        out->minutes < 1 ? LABEL_FORECAST_SOON : LABEL_FORECAST_MINUTES;
    return CK_OK;
}
