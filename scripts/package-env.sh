# Sourced: the build settings of the Debian package, shared by `make deb` (scripts/package.sh)
# and the lints and tests of `make test`, which run on the package's build so that CI compiles
# whisper.cpp once rather than twice.
# A package runs on other people's CPUs: whisper.cpp is built for x86-64-v3 (AVX2, FMA, F16C;
# Intel since 2013, AMD since 2015) instead of this machine's own (-march=native), in a target
# folder of its own so the development build keeps its native one.
export CARGO_TARGET_DIR=target/package
if [ "$(uname -m)" = x86_64 ]; then
  export GGML_NATIVE=OFF GGML_AVX=ON GGML_AVX2=ON GGML_FMA=ON GGML_F16C=ON GGML_BMI2=ON
fi
