/* A column-0 `{` inside a function: named, and the file is not read on. */
int outer(int a)
{
    if (a)
{
        return 1;
    }
    return 0;
}
