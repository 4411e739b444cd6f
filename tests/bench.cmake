# The benchmarks' own arithmetic, where a slip would misreport every
# figure (bench/scene-table.awk turns decode_bench's and zxing_bench's
# per-condition rows into README's tables).
# scene_table_weights_by_frames: a decoder's mean over a size is its total
# time over the frames it decoded: conditions of 4 frames at 10 ms and of
# 2 at 3 ms make 7.67 ms, 3.83x a peer at 2 ms (weighting each condition
# by its median instead, as the table once did, made 3.70 ms).
find_program(CHECKIN_AWK awk)
if(CHECKIN_AWK)
  add_test(NAME scene_table_weights_by_frames
    COMMAND ${CHECKIN_AWK} -F "\t" -f ${CMAKE_SOURCE_DIR}/bench/scene-table.awk
            ${CHECKIN_TEST_DATA}/scene-table/rows.tsv)
  set_tests_properties(scene_table_weights_by_frames PROPERTIES LABELS unit
    PASS_REGULAR_EXPRESSION "\\| plain \\| 4/4, 10\\.0 ms \\| 3/4, 2\\.0 ms \\|\n\\| low-light \\| 1/4, 3\\.0 ms \\| 0/4, 2\\.0 ms \\|.*\\| checkin station \\(video\\) \\| 640x480 \\| 5/8 \\| 0 \\| 7\\.67 \\| 3\\.83 \\| 30\\.0 \\|")
endif()
