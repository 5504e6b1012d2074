# Two commands set everything up on a fresh Debian/Ubuntu machine:
#   make run   installs missing system packages, builds in release mode, starts Starling
#   make test  the same set-up, then the format and lint checks and every test
SHELL := /bin/bash
MODEL ?= $(abspath ../shared/models/ggml-tiny.en.bin)
BASE_MODEL ?= $(abspath ../shared/models/ggml-base.bin)

# Tests find the whisper models through STARLING_TEST_MODEL (tiny.en) and
# STARLING_TEST_MODEL_BASE (base); default to the shared ones if present.
ifneq ($(wildcard $(MODEL)),)
export STARLING_TEST_MODEL ?= $(MODEL)
endif
ifneq ($(wildcard $(BASE_MODEL)),)
export STARLING_TEST_MODEL_BASE ?= $(BASE_MODEL)
endif

.PHONY: deps build run test deb package-test windows windows-test bench bench-field eval eval-all eval-agree eval-delivery fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cargo build --release

run: build
	./target/release/starling

# Tests that need a whisper model are #[ignore]d so a plain `cargo test` says how many it left
# out; here they run too (they find the models through STARLING_TEST_MODEL*, which .ci/run
# sets). One ignored test is a known, documented miss of issue 15, run on its own with --ignored.
# Lints and tests run on the Debian package's release build (scripts/package-env.sh), which the
# package and its test then reuse: whisper.cpp is built once, not twice (the package still
# recompiles the crates whose features the dev-dependencies change, and the program). The Windows build goes on beside the package's test (which waits on the Debian
# mirror most of the time), then its own test runs.
test: deps
	cargo fmt --check
	source scripts/package-env.sh && cargo clippy --release --all-targets -- -D warnings
	source scripts/package-env.sh && cargo test --release --all-targets -- --include-ignored --skip an_out_of_order_answer_keeps_its_headline_result
	$(MAKE) -j2 package-test windows
	bash scripts/windows/test.sh

# The Debian package: target/debian/starling_<version>_<arch>.deb (cargo-deb; installs it if
# missing). `sudo apt install ./target/debian/starling_*.deb` puts Starling in the menu.
deb: deps
	bash scripts/package.sh

# Installs the package into a fresh Debian chroot (debootstrap) and runs it there.
package-test: deb
	bash scripts/package-test.sh

# Starling for Windows, cross-compiled with MinGW-w64 (the rustup target is added if missing):
# target/windows/Starling-<version>-setup.exe (an NSIS installer) and a zip of the same program.
windows: deps
	bash scripts/windows/build.sh
	bash scripts/windows/package.sh

# The Windows installer under Wine: installs it, runs every command, compares `analyze` with the
# Linux package build's report, screenshots the window, uninstalls it (scripts/windows/test.sh).
windows-test: windows deb
	bash scripts/windows/test.sh

# Pipeline overhead against a bare whisper call, on a 3-minute synthesized answer.
bench: build
	bash scripts/bench.sh

# `analyze` against faster-whisper (PyPI, installed into target/faster-whisper-venv) with the
# same weights, threads and beam, side by side: MODELS="path ..." (default tiny.en and base), RUNS=N.
bench-field: build
	bash scripts/bench-audio.sh
	python3 scripts/compare-faster-whisper.py --runs $${RUNS:-3} --model $${MODELS:-$(MODEL) $(BASE_MODEL)}

# Fuzz the readers of outside data with cargo-fuzz (nightly), SECONDS_EACH per target (600).
fuzz:
	bash scripts/fuzz.sh

# Accuracy on the dev sets of ../shared/eval (synthesized answers with known truth):
# STORIES=dev|dev2 ENGINE=espeak|piper CONDITION=clean|snr10|babble10|reverb|... WPM=N MODEL=path
# (scripts/eval.sh lists them). Installs the neural voice for ENGINE=piper, only for eval.
eval: build
	bash scripts/eval.sh

# Every dev source, both voices, plain and deviating (no Result, a rambling Situation, a
# one-sentence Action): measures, advice precision and planted problems caught, one table.
eval-all: build
	bash scripts/eval-all.sh

# Same recording, same report: the app's path against `analyze` of the saved answer, and
# zeros before, after and inside an answer against the plain one (issue 38).
eval-agree: build
	bash scripts/eval-agree.sh

# Pitch, loudness and fluency against Praat and the generator's times (issue 19).
eval-delivery: build
	bash scripts/delivery-eval.sh

clean:
	cargo clean
