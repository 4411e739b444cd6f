const struct station_kind station_kind_desk = {.mode = SCAN_DESK};
