# Copies of this project's libraries compiled with options of their own,
# for tests that need the library built differently from the product: the
# fuzz targets' instrumented copies (tests/fuzz/fuzz.cmake), the
# allocation-failure test's (tests/alloc.cmake).
#
#   checkin_lib_copy(LIB SUFFIX OUT_VAR)
#
# The copy's name in OUT_VAR.  A static library of this project becomes
# <LIB>_<SUFFIX>, its own sources compiled again with the options in the
# global property CHECKIN_COPY_OPTIONS_<SUFFIX>; an INTERFACE library
# (checkin_data, which names the data rooms) becomes an INTERFACE
# <LIB>_<SUFFIX> naming their copies.  Either way every library of ours
# that it links, directly or through another, is replaced by its copy, so
# no room of ours runs without the options.  Imported and other libraries
# are returned unchanged.
include_guard(GLOBAL)
function(checkin_lib_copy lib suffix out_var)
  set(${out_var} ${lib} PARENT_SCOPE)
  if(lib MATCHES "^\\$<LINK_ONLY:(.+)>$")
    checkin_lib_copy(${CMAKE_MATCH_1} ${suffix} inner)
    set(${out_var} "$<LINK_ONLY:${inner}>" PARENT_SCOPE)
    return()
  endif()
  if(NOT TARGET ${lib})
    return()
  endif()
  get_target_property(imported ${lib} IMPORTED)
  get_target_property(type ${lib} TYPE)
  if(imported OR NOT (type STREQUAL "STATIC_LIBRARY" OR
                      type STREQUAL "INTERFACE_LIBRARY"))
    return()
  endif()
  set(copy ${lib}_${suffix})
  if(NOT TARGET ${copy})
    if(type STREQUAL "INTERFACE_LIBRARY")
      add_library(${copy} INTERFACE)
      set(props INTERFACE_INCLUDE_DIRECTORIES INTERFACE_COMPILE_DEFINITIONS)
    else()
      get_target_property(srcs ${lib} SOURCES)
      get_target_property(src_dir ${lib} SOURCE_DIR)
      set(abs_srcs)
      foreach(s ${srcs})
        if(IS_ABSOLUTE ${s})
          list(APPEND abs_srcs ${s})
        else()
          list(APPEND abs_srcs ${src_dir}/${s})
        endif()
      endforeach()
      add_library(${copy} STATIC ${abs_srcs})
      # Sources the library generates (web/'s pages built into it) are made
      # by its own folder's rules: build it first.
      add_dependencies(${copy} ${lib})
      set(props INCLUDE_DIRECTORIES INTERFACE_INCLUDE_DIRECTORIES
                COMPILE_DEFINITIONS INTERFACE_COMPILE_DEFINITIONS
                COMPILE_OPTIONS)
      get_property(options GLOBAL PROPERTY CHECKIN_COPY_OPTIONS_${suffix})
      target_compile_options(${copy} PRIVATE ${options})
    endif()
    foreach(prop ${props})
      get_target_property(v ${lib} ${prop})
      if(v)
        set_property(TARGET ${copy} APPEND PROPERTY ${prop} "${v}")
      endif()
    endforeach()
    # What it links, each through its own copy.
    set(link_props INTERFACE_LINK_LIBRARIES)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      list(APPEND link_props LINK_LIBRARIES)
    endif()
    foreach(prop ${link_props})
      get_target_property(v ${lib} ${prop})
      if(NOT v)
        continue()
      endif()
      set(mapped)
      foreach(dep ${v})
        checkin_lib_copy(${dep} ${suffix} dep_copy)
        list(APPEND mapped ${dep_copy})
      endforeach()
      set_target_properties(${copy} PROPERTIES ${prop} "${mapped}")
    endforeach()
  endif()
  set(${out_var} ${copy} PARENT_SCOPE)
endfunction()

