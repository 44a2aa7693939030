# The two commands a newcomer needs: `make demo` and `make test`.
# `make test` installs what is missing (toolchain components, the wasm target), then runs every
# test layer. Later layers (wasm, JS, browser) join the same target.

SHELL := /bin/bash
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown

.PHONY: test demo setup fmt lint unit clean

test: setup fmt lint unit

## Installs what the build needs and is missing (idempotent, fast when everything is there).
setup:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup target list --installed 2>/dev/null | grep -q '^$(WASM_TARGET)$$' || rustup target add $(WASM_TARGET)

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings

unit:
	$(CARGO) test

## Runs the seed's human-in-the-loop example natively: interrupt, then resume with an edit.
demo: setup
	$(CARGO) run --quiet --example seed

clean:
	$(CARGO) clean
