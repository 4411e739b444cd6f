/* Listed: it still prints, and may until it is split. */
#include <stdio.h>

void synced(void)
{
    puts("Synced.");
}
