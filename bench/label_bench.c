/* Label rendering benchmark: one 62 x 100 mm badge rendered to its 1-bit
 * bitmap in a running process (fonts and Pango caches warm, as at a
 * check-in desk), over the varied names of the demo event; then a batch
 * PDF of N badges (default 3,000) for pre-printing, with wall time and
 * peak memory.  Target from the issue: at most 20 ms per badge.
 *
 *   label_bench [N] [WORKDIR]
 *
 * Each render is followed by driver_encode() for a QL-820NWB (Brother QL
 * raster with PackBits), timed on its own and with the render.  It prints
 * figures; it never passes or fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/driver.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/label.h"
#include "checkin/store.h"
#include "checkin/template.h"
#include "checkin/util.h"

#define RENDERS 200

static double now_ms(void)
{
    return (double)util_mono_ns() / 1e6;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const struct ck_error *err)
{
    fprintf(stderr, "label_bench: %s\n", err->msg);
    return 1;
}

int main(int argc, char **argv)
{
    long batch = argc > 1 ? strtol(argv[1], NULL, 10) : 3000;
    char dir[4096];
    if (argc > 2) {
        snprintf(dir, sizeof(dir), "%s", argv[2]);
        mkdir(dir, 0700);
    } else {
        snprintf(dir, sizeof(dir), "/tmp/label-bench-XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }
    char db[4200], key_path[4200], pdf_path[4200];
    snprintf(db, sizeof(db), "%s/event.db", dir);
    snprintf(key_path, sizeof(key_path), "%s/event.key", dir);
    snprintf(pdf_path, sizeof(pdf_path), "%s/badges.pdf", dir);
    unlink(db);
    unlink(key_path);

    struct ck_error err = {0};
    store *s;
    struct import_counts counts;
    struct badge_key key;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err) ||
        credential_create_key(s, key_path, &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &counts,
                    &err) ||
        credential_load_key(s, key_path, &key, &err))
        return fail(&err);
    struct template tpl;
    if (template_find(CONFIG_DIR "/labels", "badge-62x100", &tpl, &err))
        return fail(&err);

    /* Every printable demo badge's strings, looked up once. */
    struct attendee_list all;
    if (store_attendee_search(s, "", 0, &all, &err))
        return fail(&err);
    struct label_data *data = calloc(all.n, sizeof(*data));
    size_t n = 0;
    double lookup_ms = now_ms();
    for (size_t i = 0; i < all.n; i++) {
        const struct attendee *a = &all.items[i];
        if (a->status != STATUS_PAID && a->status != STATUS_PENDING)
            continue;
        if (label_data_for(s, &key, a->id, 0, &data[n], &err))
            return fail(&err);
        n++;
    }
    lookup_ms = (now_ms() - lookup_ms) / (double)n;

    long rss_start = peak_rss_kib();
    struct label_image img;
    /* The first render loads fonts; then one pass over every name, as a
     * desk sees every script within its first minutes. */
    double cold = now_ms();
    if (label_render(&tpl, &data[0], &img, &err))
        return fail(&err);
    cold = now_ms() - cold;
    label_image_free(&img);
    double warm_pass = now_ms();
    for (size_t i = 0; i < n; i++) {
        if (label_render(&tpl, &data[i], &img, &err))
            return fail(&err);
        label_image_free(&img);
    }
    warm_pass = (now_ms() - warm_pass) / (double)n;
    const struct printer_model *model = printer_model_by_name("QL-820NWB");
    double t[RENDERS], te[RENDERS], tt[RENDERS];
    size_t job_bytes = 0;
    char encode_error[600] = "";
    for (int i = 0; i < RENDERS; i++) {
        /* Step through the names so that each script and length comes
         * up, not one cached name. */
        const struct label_data *d = &data[((size_t)i * 7) % n];
        double t0 = now_ms();
        if (label_render(&tpl, d, &img, &err))
            return fail(&err);
        double t1 = now_ms();
        struct bytebuf job = {0};
        if (model && !encode_error[0] &&
            driver_encode(model, &tpl.media, &img.bitmap, 1, NULL, &job, &err))
            snprintf(encode_error, sizeof(encode_error), "%s", err.msg);
        double t2 = now_ms();
        job_bytes = job.len;
        bytebuf_free(&job);
        t[i] = t1 - t0;
        te[i] = t2 - t1;
        tt[i] = t2 - t0;
        label_image_free(&img);
    }
    qsort(t, RENDERS, sizeof(t[0]), cmp_double);
    qsort(te, RENDERS, sizeof(te[0]), cmp_double);
    qsort(tt, RENDERS, sizeof(tt[0]), cmp_double);

    label_pdf *pdf;
    if (label_pdf_open(pdf_path, &pdf, &err))
        return fail(&err);
    double b0 = now_ms();
    for (long i = 0; i < batch; i++)
        if (label_pdf_add(pdf, &tpl, &data[(size_t)i % n], NULL, &err))
            return fail(&err);
    if (label_pdf_close(pdf, &err))
        return fail(&err);
    double batch_ms = now_ms() - b0;
    struct stat st;
    long pdf_kib = stat(pdf_path, &st) == 0 ? (long)(st.st_size / 1024) : -1;

    printf("| measure | value |\n|---|---|\n");
    printf("| template | %s (%d x %d dots, %d dpi) |\n", tpl.name,
           tpl.width_dots, tpl.height_dots, tpl.dpi);
    printf("| names | %zu demo badges |\n", n);
    printf("| store lookup + signed QR text, per badge | %.2f ms |\n",
           lookup_ms);
    printf("| first render in the process (loads fonts) | %.1f ms |\n", cold);
    printf("| first pass over all names, mean | %.2f ms |\n", warm_pass);
    printf("| render to 1-bit, median of %d | %.2f ms |\n", RENDERS,
           t[RENDERS / 2]);
    printf("| render to 1-bit, p95 | %.2f ms |\n", t[RENDERS * 95 / 100]);
    printf("| render to 1-bit, max | %.2f ms |\n", t[RENDERS - 1]);
    if (!model)
        printf("| encode (driver_encode) | no QL-820NWB model |\n");
    else if (encode_error[0])
        printf("| encode (driver_encode) | failed: %s |\n", encode_error);
    else
        printf("| encode for %s, median | %.2f ms (%zu bytes) |\n"
               "| render + encode, median / p95 | %.2f / %.2f ms |\n",
               model->name, te[RENDERS / 2], job_bytes, tt[RENDERS / 2],
               tt[RENDERS * 95 / 100]);
    printf("| batch PDF, %ld badges | %.1f s (%.2f ms per badge) |\n", batch,
           batch_ms / 1e3, batch_ms / (double)batch);
    printf("| batch PDF size | %.1f MiB |\n", (double)pdf_kib / 1024.0);
    printf("| peak RSS before renders / after batch | %.1f / %.1f MiB |\n",
           (double)rss_start / 1024.0, (double)peak_rss_kib() / 1024.0);

    for (size_t i = 0; i < n; i++)
        label_data_free(&data[i]);
    free(data);
    attendee_list_free(&all);
    template_free(&tpl);
    badge_key_wipe(&key);
    store_close(s);
    if (argc <= 2) {
        unlink(db);
        unlink(key_path);
        unlink(pdf_path);
        char side[4300];
        snprintf(side, sizeof(side), "%s-wal", db);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", db);
        unlink(side);
        rmdir(dir);
    }
    return 0;
}
