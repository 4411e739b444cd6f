/* The label-stock forecast of a desk (issue 30; docs/stations.md, "The
 * label-stock forecast"): how many labels are left on the printer's roll
 * and when to reload, from the roll's size (what the volunteer said when
 * loading it, or the standard roll of the media the printer reports),
 * the labels this desk's printer took since, and its rate over the last
 * minutes.  No state of its own in the file: the labels are counted from
 * the print jobs, the roll and its loading time are the desk's, in
 * memory. */
#ifndef CHECKIN_LABEL_STOCK_H
#define CHECKIN_LABEL_STOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/driver.h"
#include "checkin/error.h"
#include "checkin/jobs.h"
#include "checkin/store.h"

/* The window the desk's rate is measured over. */
#define LABEL_STOCK_WINDOW_MS (10 * 60 * 1000)

struct label_stock {
    long roll;         /* labels on the roll when loaded; 0: not known */
    int64_t loaded_ms; /* wall clock (store_now_ms) when it was loaded, or
                          the desk started: labels are counted since */
    bool standard;     /* `roll` is the standard roll of the reported media */
    int label_mm;      /* a badge's length, to cut a continuous roll into */
    bool empty;        /* the printer last said it was out of labels */
};

/* Labels on Brother's standard roll of media `m` (DK-11202, 62x100 mm
 * die-cut: 300), or of a continuous roll cut to `label_mm` labels; 0 when
 * no standard roll is known. */
long label_stock_standard_roll(const struct media *m, int label_mm);

/* The forecast for printer `printer` (its URI, as print jobs name it) at
 * wall clock `now_ms`, into `out` as numbers (jobs.h; the displays write
 * it, station_result_labels in runtime/: "About 40 labels left, reload
 * in ~15 minutes.").  `empty`: the printer says it is out of labels. */
int label_stock_forecast(store *s, const char *printer,
                         const struct label_stock *ls, bool empty,
                         int64_t now_ms, struct label_forecast *out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

#endif
