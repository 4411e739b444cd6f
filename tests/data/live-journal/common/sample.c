/* A fixture for scripts/check-live-journal: line 3 reads the table (split
 * across two literals); B reads the view, C names every row, D writes. */
static const char *const A = "SELECT count(*) FROM"
                             " scan WHERE decision = 'admit'";
static const char *const B =
    "SELECT count(*) FROM live_scan WHERE decision = 'admit'";
static const char *const C = "SELECT max(seq) FROM " JOURNAL_EVERY_ROW;
static const char *const D = "INSERT INTO scan (seq) VALUES (1)";
