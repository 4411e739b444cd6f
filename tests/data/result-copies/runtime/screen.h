struct screen {
    struct station_result last;
    int shown;
};
