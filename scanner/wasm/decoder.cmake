# The /scan page's decoder: checkin's own QR decoder (scanner/decode.c,
# qrgrid.c, preprocess.c) and zbar's image scanner and QR reader, compiled
# to WebAssembly with Debian's emscripten; web/ builds the file into the
# binary as /scan/decoder.wasm and holds none of its sources.  zbar's
# source is Debian's own package, unpacked by `scripts/setup --phones`
# (or --tests) under /var/cache/checkin/zbar; it is never copied into
# this repository.
#
# Built only when emcc and that source are found; without them the build
# goes on, and the page says the station has no decoder.  Sets
# CHECKIN_WASM_DECODER to the .wasm file built, or "".
option(CHECKIN_EMSCRIPTEN "Build the /scan page's WebAssembly decoder when emscripten is installed" ON)
set(CHECKIN_ZBAR_SOURCE "" CACHE PATH
    "zbar's source tree for the WebAssembly decoder (default: the one scripts/setup --phones unpacked)")
# The decoder is the same bytes in every build of a tree (emcc's own flags,
# whatever the sanitizer), and one emcc run is one process of 13 s CPU: CI's
# ASan, TSan and fuzz builds take it from its plain build instead of
# compiling it three more times (issue 33).
set(CHECKIN_WASM_FROM "" CACHE PATH
    "Another build directory of this source tree whose decoder.wasm this build takes (brought up to date there first) instead of running emcc itself")
set(CHECKIN_WASM_DECODER "")
# Our files in the decoder, beside zbar's: what it is compiled from, and
# what a build taking it from another (CHECKIN_WASM_FROM) watches.
set(wasm_ours
  ${CMAKE_CURRENT_SOURCE_DIR}/decode.c
  ${CMAKE_CURRENT_SOURCE_DIR}/decode_finders.c
  ${CMAKE_CURRENT_SOURCE_DIR}/decode_hold.c
  ${CMAKE_CURRENT_SOURCE_DIR}/qrgrid.c
  ${CMAKE_CURRENT_SOURCE_DIR}/preprocess.c
  ${CMAKE_CURRENT_SOURCE_DIR}/payload_text.c
  ${PROJECT_SOURCE_DIR}/common/util.c
  ${PROJECT_SOURCE_DIR}/common/error.c
  ${PROJECT_SOURCE_DIR}/common/utf8.c
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/scan_decoder.c)
set(wasm_headers
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/zbar_config.h
  ${CMAKE_CURRENT_SOURCE_DIR}/wasm/scan_decoder.h
  ${CMAKE_CURRENT_SOURCE_DIR}/include/checkin/decode.h
  ${CMAKE_CURRENT_SOURCE_DIR}/include/checkin/frame.h
  ${CMAKE_CURRENT_SOURCE_DIR}/decode_priv.h
  ${CMAKE_CURRENT_SOURCE_DIR}/qrgrid.h
  ${CMAKE_CURRENT_SOURCE_DIR}/preprocess.h
  ${PROJECT_SOURCE_DIR}/common/include/checkin/error.h
  ${PROJECT_SOURCE_DIR}/common/include/checkin/text.h
  ${PROJECT_SOURCE_DIR}/common/include/checkin/util.h
  ${PROJECT_SOURCE_DIR}/common/include/checkin/vec.h)
if(CHECKIN_EMSCRIPTEN AND CHECKIN_WASM_FROM)
  get_filename_component(wasm_from "${CHECKIN_WASM_FROM}" ABSOLUTE
                         BASE_DIR "${CMAKE_BINARY_DIR}")
  set(from_home "")
  if(EXISTS "${wasm_from}/CMakeCache.txt")
    file(STRINGS "${wasm_from}/CMakeCache.txt" from_home
         REGEX "^CMAKE_HOME_DIRECTORY:INTERNAL=")
    string(REPLACE "CMAKE_HOME_DIRECTORY:INTERNAL=" "" from_home "${from_home}")
  endif()
  if(NOT from_home STREQUAL CMAKE_SOURCE_DIR)
    message(FATAL_ERROR "CHECKIN_WASM_FROM=${CHECKIN_WASM_FROM} is not a "
      "configured build directory of ${CMAKE_SOURCE_DIR}; configure that "
      "build first, or leave CHECKIN_WASM_FROM out to run emcc here.")
  endif()
  if(NOT EXISTS "${wasm_from}/scanner/CMakeFiles/checkin_wasm_decoder.dir")
    message(FATAL_ERROR "The build in ${wasm_from} has no WebAssembly "
      "decoder (no emcc or zbar source there); leave CHECKIN_WASM_FROM out, "
      "or run scripts/setup --phones and configure that build again.")
  endif()
  message(STATUS "The /scan page's decoder: taken from ${wasm_from}")
  set(CHECKIN_WASM_DECODER "${CMAKE_CURRENT_BINARY_DIR}/wasm/decoder.wasm")
  # The other build brings its decoder up to date from the same sources,
  # so this one never holds a stale copy.  Its make runs on its own, not
  # on this build's jobserver (which it could not reach: one emcc anyway).
  add_custom_command(
    OUTPUT ${CHECKIN_WASM_DECODER}
    COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS
            ${CMAKE_COMMAND} --build ${wasm_from} --target checkin_wasm_decoder
    COMMAND ${CMAKE_COMMAND} -E copy ${wasm_from}/scanner/wasm/decoder.wasm
            ${CHECKIN_WASM_DECODER}
    DEPENDS ${wasm_ours} ${wasm_headers}
    COMMENT "Taking the /scan page's decoder from ${wasm_from}"
    VERBATIM)
elseif(CHECKIN_EMSCRIPTEN)
  find_program(EMCC_EXECUTABLE emcc)
  set(zbar_src "${CHECKIN_ZBAR_SOURCE}")
  if(NOT zbar_src)
    file(GLOB found LIST_DIRECTORIES true /var/cache/checkin/zbar/zbar-*)
    if(found)
      list(GET found 0 zbar_src)
    endif()
  endif()
  if(NOT EMCC_EXECUTABLE)
    message(STATUS "No emscripten (emcc): the /scan page is built without "
                   "its decoder; run scripts/setup --phones to have it")
  elseif(NOT zbar_src OR NOT EXISTS "${zbar_src}/zbar/img_scanner.c")
    message(STATUS "No zbar source (CHECKIN_ZBAR_SOURCE, or under "
                   "/var/cache/checkin/zbar): the /scan page is built "
                   "without its decoder; run scripts/setup --phones to have "
                   "it")
  else()
    message(STATUS "The /scan page's decoder: ${EMCC_EXECUTABLE}, zbar from ${zbar_src}")
    set(z "${zbar_src}/zbar")
    set(wasm_sources
      ${z}/config.c ${z}/error.c ${z}/symbol.c ${z}/image.c ${z}/refcnt.c
      ${z}/img_scanner.c ${z}/scanner.c ${z}/decoder.c
      ${z}/decoder/qr_finder.c ${z}/qrcode/qrdec.c ${z}/qrcode/qrdectxt.c
      ${z}/qrcode/rs.c ${z}/qrcode/isaac.c ${z}/qrcode/bch15_5.c
      ${z}/qrcode/binarize.c ${z}/qrcode/util.c
      ${wasm_ours})
    set(exports _scan_decoder_new _scan_decoder_free _scan_decoder_buffer
                _scan_decoder_rgba _scan_decoder_gray _scan_decoder_code
                _scan_decoder_code_len)
    string(REPLACE ";" "," exports "${exports}")
    set(wasm_dir "${CMAKE_CURRENT_BINARY_DIR}/wasm")
    set(CHECKIN_WASM_DECODER "${wasm_dir}/decoder.wasm")
    # zbar's sources include <config.h>, which its configure script would
    # write: ours is scanner/wasm/zbar_config.h.  Warnings are off for this
    # compile (zbar's code is not ours; ours is checked by the native
    # build with -Werror).  Debian's emcc runs its optimizer under the
    # system's node, which finds node-acorn only on NODE_PATH.
    add_custom_command(
      OUTPUT ${CHECKIN_WASM_DECODER}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${wasm_dir}/include
      COMMAND ${CMAKE_COMMAND} -E copy_if_different
              ${CMAKE_CURRENT_SOURCE_DIR}/wasm/zbar_config.h
              ${wasm_dir}/include/config.h
      COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs
              ${EMCC_EXECUTABLE} -O2 -w -DNDEBUG -D_GNU_SOURCE
              -I${wasm_dir}/include -I${zbar_src}/include -I${z}
              -I${CMAKE_CURRENT_SOURCE_DIR}/include
              -I${CMAKE_CURRENT_SOURCE_DIR}
              -I${PROJECT_SOURCE_DIR}/common/include
              -I${CMAKE_CURRENT_SOURCE_DIR}/wasm
              ${wasm_sources}
              --no-entry -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH
              -sEXPORTED_FUNCTIONS=${exports}
              -o ${CHECKIN_WASM_DECODER}
      DEPENDS ${wasm_sources} ${wasm_headers}
      COMMENT "Compiling the /scan page's decoder to WebAssembly (emcc)"
      VERBATIM)
  endif()
endif()
# What another build's CHECKIN_WASM_FROM builds here.
if(CHECKIN_WASM_DECODER)
  add_custom_target(checkin_wasm_decoder DEPENDS ${CHECKIN_WASM_DECODER})
endif()
