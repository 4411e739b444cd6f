/* An order's status as a person reads it (store.h: order_status_word),
 * in the language spoken.  Here, a room below both, so that the
 * station's sentences (runtime/) and the organizer's commands
 * (commands/: `checkin attendees`, `checkin verify`) say the same word;
 * the code itself (order_status_str) stays English for --json. */
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/store.h"

const char *order_status_word(const char *code)
{
    static const char *const words[] = {
        /* TRANSLATORS: an order's status on the desk's person line
         * ("order ABC12 paid") and in its sentences ("the order is
         * pending"): a word, lower case as the sentence runs. */
        NC_("order status", "paid"),
        /* TRANSLATORS: as "paid": the order is not paid yet. */
        NC_("order status", "pending"),
        /* TRANSLATORS: as "paid": the order was cancelled. */
        NC_("order status", "cancelled"),
        /* TRANSLATORS: as "paid": the order's money was given back. */
        NC_("order status", "refunded"),
    };
    /* Matched by the English after the context's \004. */
    for (size_t i = 0; code && i < sizeof(words) / sizeof(words[0]); i++)
        if (!strcmp(code, strchr(words[i], '\004') + 1))
            return i18n_pgettext(NULL, words[i]);
    return code ? code : "";
}
