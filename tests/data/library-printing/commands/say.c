/* commands/ is where sentences are printed. */
#include <stdio.h>

void say(long n)
{
    printf("Imported %ld attendees.\n", n);
}
