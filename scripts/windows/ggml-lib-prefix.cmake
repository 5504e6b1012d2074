# Included into whisper.cpp's CMake project (CMAKE_PROJECT_INCLUDE) for the MinGW build.
# MinGW's CMake names static libraries without the `lib` prefix (ggml.a), but whisper-rs-sys
# asks the linker for `static=ggml`, which MinGW's ld looks up as libggml.a. The targets do
# not exist yet when this file is read, so the fix waits for the end of the top directory.
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL
  set_target_properties ggml ggml-base ggml-cpu PROPERTIES PREFIX lib)
