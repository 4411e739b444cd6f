# Setup QR codes for phones: the /scan link on a terminal and as a PNG
# (printer/qr.c), read back by zbar; a real `checkin scan --web --qr`.
checkin_test(test_setup_qr SOURCES test_setup_qr.c
  LIBS checkin_printer checkin_scanner PkgConfig::ZBAR
  LABELS unit)
