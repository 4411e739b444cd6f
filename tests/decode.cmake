# QR decoding, image loading and `checkin decode` (scanner/decode.h,
# scanner/image.h, cli/cmd_decode.c).  Real libqrencode and zbar, the
# shared photographs as ground truth.
if(TARGET checkin_scanner)
  checkin_test(test_decode
    SOURCES test_decode.c
    LIBS checkin_scanner PkgConfig::QRENCODE m
    LABELS unit integration)
endif()
