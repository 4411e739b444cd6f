# QR decoding, image loading and `checkin decode` (scanner/decode.h,
# scanner/image.h, cli/cmd_decode.c).  Real libqrencode and zbar, the
# shared photographs as ground truth.
if(TARGET checkin_scanner)
  checkin_test(test_decode
    SOURCES test_decode.c
    LIBS checkin_synthcam checkin_scanner PkgConfig::QRENCODE m
    LABELS unit integration)
  # Without the photo set the cases that read it are skipped (exit 77).
  set(CHECKIN_QR_PHOTOS "${CHECKIN_SHARED_DIR}/data/qr-photos" CACHE PATH
      "The shared QR photographs test_decode reads (data/qr-photos)")
  target_compile_definitions(test_decode PRIVATE
    QR_PHOTOS="${CHECKIN_QR_PHOTOS}")
  # The row scan's bit packing (scanner/preprocess.h, inline) tested as is.
  target_include_directories(test_decode PRIVATE ${CMAKE_SOURCE_DIR}/scanner)
  # The same without the photo set: the other cases pass and it says, in
  # one sentence, what was skipped (exit 77, which this test accepts).
  add_test(NAME test_decode_without_photos COMMAND test_decode)
  get_test_property(test_decode ENVIRONMENT decode_env)
  set_tests_properties(test_decode_without_photos PROPERTIES LABELS unit
    ENVIRONMENT "${decode_env};CHECKIN_QR_PHOTOS=${CMAKE_CURRENT_BINARY_DIR}/no-qr-photos"
    PASS_REGULAR_EXPRESSION "33 passed, 0 failed\nThe photo set [^\n]*/no-qr-photos is absent, so the 3 cases that read it were skipped\; put it there or set CHECKIN_QR_PHOTOS\.\n$")
endif()
# The camera path when frames come faster than they are decoded: the
# station decodes the newest and counts the dropped ones; the decoder's
# fallbacks keep to their time budget.
if(TARGET checkin_scanner)
  checkin_test(test_decode_stream
    SOURCES test_decode_stream.c
    LIBS checkin_synthcam checkin_scanner PkgConfig::QRENCODE m
    LABELS integration)
endif()
