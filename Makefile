# Two commands set everything up on a fresh Debian/Ubuntu machine:
#   make run   installs missing system packages, builds in release mode, starts Starling
#   make test  the same set-up, then every test
SHELL := /bin/bash
MODEL ?= $(abspath ../shared/models/ggml-tiny.en.bin)

# Tests find the whisper model through STARLING_TEST_MODEL; default to the shared one if present.
ifneq ($(wildcard $(MODEL)),)
export STARLING_TEST_MODEL ?= $(MODEL)
endif

.PHONY: deps build run test bench eval clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cargo build --release

run: build
	./target/release/starling

test: deps
	cargo test --all-targets

# Pipeline overhead against a bare whisper call, on a 3-minute synthesized answer.
bench: build
	bash scripts/bench.sh

# Accuracy on the dev set of ../shared/eval (synthesized answers with known truth).
eval: build
	bash scripts/eval.sh

clean:
	cargo clean
