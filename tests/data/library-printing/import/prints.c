/* A library file that prints to a person. */
#include <stdio.h>

int imported(long n)
{
    /* printf("in a comment") is not a call */
    printf("Imported %ld attendees.\n", n);
    return 0;
}
