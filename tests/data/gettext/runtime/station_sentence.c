static const char *const WORDS[] = {N_("Go to the desk."),
                                    "Show your code to the scanner."};
