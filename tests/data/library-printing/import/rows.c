/* A library file that says rejected rows on the stream of a person's
 * messages it is handed (named msgs), beside a file it writes. */
#include <stdio.h>

struct ui { FILE *msgs; long msgs_said; };

void rejected(struct ui *ui, FILE *msgs, FILE *out, const char *why)
{
    fprintf(ui->msgs, "rejected: %s.\n", why);
    fputs(why, msgs);
    fprintf(out, "%s,%ld\n", why, ui->msgs_said);
}
