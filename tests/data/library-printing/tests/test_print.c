#include <stdio.h>

int main(void)
{
    printf("tests are not a library room\n");
    return 0;
}
