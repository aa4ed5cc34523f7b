# The two commands: `make run` and `make test`. Both install what is missing first.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)

.PHONY: all setup configure build run test bench clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# Starts the server on the embedded SQLite database (./concord-data/concord.db) with demo data.
run: build
	@$(BUILD)/concord serve --demo

# Unit, API, crash and migration tests on SQLite and on a throwaway PostgreSQL cluster.
test: build
	@scripts/test.sh $(BUILD)

# Prints the benchmark figures (authenticated reads per second, latency percentiles).
bench: build
	@bench/read_bench.sh $(BUILD)
	@bench/party_bench.sh $(BUILD)
	@bench/ledger_bench.sh $(BUILD)
	@bench/o2c.sh $(BUILD)
	@bench/ui_first_page.sh $(BUILD)

clean:
	rm -rf $(BUILD)
