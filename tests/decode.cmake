# QR decoding, image loading and `checkin decode` (scanner/decode.h,
# scanner/image.h, cli/cmd_decode.c).  Real libqrencode and zbar, the
# shared photographs as ground truth.
if(TARGET checkin_scanner)
  checkin_test(test_decode
    SOURCES test_decode.c
    LIBS checkin_scanner PkgConfig::QRENCODE m
    LABELS unit integration)
  # Without the photo set the cases that read it are skipped (exit 77).
  set(CHECKIN_QR_PHOTOS "${CHECKIN_SHARED_DIR}/data/qr-photos" CACHE PATH
      "The shared QR photographs test_decode reads (data/qr-photos)")
  target_compile_definitions(test_decode PRIVATE
    QR_PHOTOS="${CHECKIN_QR_PHOTOS}")
endif()
