# The attendees' index folded at 1,000,000 registrations: the write lock's
# hold and a desk's wait beside it, the fold inside the writer's
# transaction against store_gram_fold.
add_executable(fold_bench ${CMAKE_CURRENT_SOURCE_DIR}/fold_bench.c)
target_link_libraries(fold_bench PRIVATE checkin_data PkgConfig::SQLITE3)
