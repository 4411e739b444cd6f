# QR decoding, image loading and `checkin decode` (scanner/decode.h,
# scanner/image.h, cli/cmd_decode.c).  Real libqrencode and zbar; as
# photographs, photo-like pictures of badges the printer code renders
# (photo_like.h), made by the test, so a clone alone runs every case.
checkin_test(test_decode
  SOURCES test_decode.c photo_like.c
  LIBS checkin_synthcam checkin_scanner checkin_printer PkgConfig::QRENCODE
       PkgConfig::PNG JPEG::JPEG m
  LABELS unit integration)
# The row scan's bit packing (scanner/preprocess.h, inline) tested as is.
target_include_directories(test_decode PRIVATE ${CMAKE_SOURCE_DIR}/scanner)
get_test_property(test_decode ENVIRONMENT decode_env)
# A photo set named by CHECKIN_QR_PHOTOS that is not there fails the
# case that reads it, in one sentence, and the other cases still pass:
# one other case named here (test_decode runs them all in this build;
# all 43 again here were 5 s of CPU, 11 under ASan).
add_test(NAME test_decode_names_a_missing_photo_set
  COMMAND test_decode loader_reports_missing_file)
set_tests_properties(test_decode_names_a_missing_photo_set PROPERTIES
  LABELS unit
  ENVIRONMENT "${decode_env};CHECKIN_QR_PHOTOS=${CMAKE_CURRENT_BINARY_DIR}/no-qr-photos"
  PASS_REGULAR_EXPRESSION "^ok 1 - loader_reports_missing_file\n# loader_reports_missing_file: [^\n]*\n1 passed, 0 failed\nThe photo set [^\n]*/no-qr-photos is absent, so the case that measures it failed\; put all 90 photos there, or leave CHECKIN_QR_PHOTOS unset\.\n$")
# All 90 photographs of the organizers' shared set, when it is beside
# the checkout (as in CI): at least 83 read exactly, none wrong.  They
# are not in the repository.  Not registered without them, and
# configuring says so.
set(CHECKIN_QR_PHOTOS "${CHECKIN_SHARED_DIR}/data/qr-photos" CACHE PATH
    "All 90 QR photographs for test_decode_photo_set (data/qr-photos)")
if(IS_DIRECTORY "${CHECKIN_QR_PHOTOS}")
  add_test(NAME test_decode_photo_set
    COMMAND test_decode photos_read_at_least_floor_and_never_wrong)
  set_tests_properties(test_decode_photo_set PROPERTIES LABELS unit
    ENVIRONMENT "${decode_env};CHECKIN_QR_PHOTOS=${CHECKIN_QR_PHOTOS}")
else()
  message(STATUS "No photo set at ${CHECKIN_QR_PHOTOS}: "
          "test_decode_photo_set (all 90) is left out; test_decode's "
          "photo cases use the pictures it makes")
endif()
# The camera path when frames come faster than they are decoded: the
# station decodes the newest and counts the dropped ones; the decoder's
# fallbacks keep to their time budget.
checkin_test(test_decode_stream
  SOURCES test_decode_stream.c
  LIBS checkin_synthcam checkin_runtime checkin_scanner PkgConfig::QRENCODE m
  LABELS integration)

# The decoder on any picture, and the image loader on any file, under
# libFuzzer (tests/fuzz/README.md); their corpora replay as tests here.
include(${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz.cmake)
checkin_fuzz_target(fuzz_frame ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_frame.c
  checkin_scanner checkin_data
  FLOOR 660 RUNS 1000)
checkin_fuzz_target(fuzz_image ${CMAKE_CURRENT_LIST_DIR}/fuzz/fuzz_image.c
  checkin_scanner checkin_data
  FLOOR 70 RUNS 1000)
