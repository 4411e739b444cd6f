static const char *const TEXTS[] = {N_("Welcome!"), N_("Scan a code.")};
