# The two commands of the README: `make run` and `make test`.
# SANITIZE=address,undefined (or thread) builds and tests with sanitizers, in
# a build directory of its own, with clang 16: its libFuzzer is what `make
# fuzz` runs, so the address build serves both the suite and the fuzzers.
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD_DIR ?= build
CMAKE_FLAGS =
DEPS_FLAGS =
else
BUILD_DIR ?= build-$(subst $(comma),-,$(SANITIZE))
CMAKE_FLAGS = -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
  -DKHABAR_SANITIZE=$(SANITIZE) -DKHABAR_FUZZ=$(if $(findstring address,$(SANITIZE)),ON,OFF)
DEPS_FLAGS = --sanitize
endif
comma := ,
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DB ?= data/khabar.db
CONFIG ?= config/site.toml

.PHONY: all deps build run test fuzz tsan bench bench-cluster bench-search bench-import bench-markdown soak clean format

all: build

deps:
	@bash scripts/deps.sh $(DEPS_FLAGS)

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	$(BUILD_DIR)/khabar serve --config $(CONFIG) --db $(DB) --listen $(LISTEN) --demo

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@cd $(BUILD_DIR) && printf 'store conformance suite: %s tests on SQLite and %s on PostgreSQL, all passed\n' \
	  "$$(ctest -N -R '^Sqlite/StoreContractTest' | sed -n 's/^Total Tests: //p')" \
	  "$$(ctest -N -FA '.*' -R '^Postgres/StoreContractTest' | sed -n 's/^Total Tests: //p')"

# `make fuzz` runs each libFuzzer target (fuzz/) for FUZZ_SECONDS from its
# seeds in fuzz/corpus/, in the address,undefined sanitizer build, and
# prints what each executed. A crash fails it and names the input to keep.
FUZZ_SECONDS ?= 60
FUZZERS = http_request article_file markdown template settings search_query image_upload wordpress_body wxr

fuzz:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined deps build-address-undefined/build.ninja
	cmake --build build-address-undefined -j $(JOBS) --target $(FUZZERS:%=%_fuzz)
	bash scripts/fuzz.sh build-address-undefined $(FUZZ_SECONDS) $(FUZZERS)

# `make tsan` runs the tests whose threads work on shared state at once (the
# server, the page cache, the store's pools and writers, metrics, purges)
# under ThreadSanitizer, building only their test programs.
TSAN_TARGETS = metrics_test calendar_test store_sqlite_test render_test http_test site_test
TSAN_TESTS = Concurrent|Threads|ServerTest|PageCache|PurgeClient|CacheSync|PublishDue

tsan:
	@$(MAKE) --no-print-directory SANITIZE=thread deps build-thread/build.ninja
	cmake --build build-thread -j $(JOBS) --target $(TSAN_TARGETS)
	cd build-thread && ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

# Benchmarks are not tests: they measure, on this machine, and print numbers
# for bench/README.md. Corpora are generated once into bench/results/.
# `make bench` runs the page benchmarks (bench/run.sh) on BENCH_STORIES
# stories: `make bench BENCH_STORIES="1000 10000 100000"` for several. It
# builds only the server and the benchmark's tools, not the tests.
BENCH_STORIES ?= 10000
IMPORT_POSTS ?= 50000

bench:
	@bash scripts/deps.sh --bench
	@$(MAKE) --no-print-directory $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target khabar bench_corpus bench_writer bench_probe bench_previewer
	BUILD_DIR=$(BUILD_DIR) bash bench/run.sh $(BENCH_STORIES)
	BUILD_DIR=$(BUILD_DIR) bash bench/preview_load.sh

# Full-text search through the store alone, over 100,000 stories (the
# corpora take about 80 s each to build the first time).
# Two khabar nodes on one PostgreSQL database (bench/cluster.sh), on
# BENCH_STORIES stories (the first count only).
bench-cluster:
	@bash scripts/deps.sh --bench
	@$(MAKE) --no-print-directory $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target khabar bench_corpus bench_writer bench_probe
	BUILD_DIR=$(BUILD_DIR) bash bench/cluster.sh $(firstword $(BENCH_STORIES))

# A bounded soak (bench/soak.sh): the server on loopback with the demo
# content for SOAK_SECONDS under mixed reads and writes, its RSS sampled;
# fails on any error or on RSS growth. Not part of `make test` (ctest runs
# a 20 s smoke run of the same script).
SOAK_SECONDS ?= 600

soak:
	@bash scripts/deps.sh --bench
	@$(MAKE) --no-print-directory $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target khabar bench_writer bench_probe
	BUILD_DIR=$(BUILD_DIR) SOAK_SECONDS=$(SOAK_SECONDS) bash bench/soak.sh

# `make bench-import` imports a generated 50,000-post WordPress export
# (bench/README.md, "WordPress exports").
bench-import: build
	cmake --build $(BUILD_DIR) -j $(JOBS) --target khabar wxr_generate
	BUILD_DIR=$(BUILD_DIR) bash bench/wordpress_import.sh $(IMPORT_POSTS)

# `make bench-markdown` renders the shapes that were quadratic (issue 15)
# at 40, 160 and 640 KiB (bench/README.md, "Markdown").
bench-markdown:
	@$(MAKE) --no-print-directory $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target markdown_bench
	$(BUILD_DIR)/bench/markdown_bench --runs 15

bench-search: build
	$(BUILD_DIR)/bench/search_bench --articles 100000 --queries 1000 --db bench/results/search-zipf.db
	$(BUILD_DIR)/bench/search_bench --articles 100000 --queries 1000 --db bench/results/search-dense.db --dense

format:
	find src tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
