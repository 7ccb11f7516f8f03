# The two commands of the README. Both set up what is missing first (system packages, default models).
.PHONY: run test setup build

setup:
	scripts/setup

build: setup
	swift build -c release

run: build
	.build/release/mastui $(ARGS)

# Release mode: the tests run real models. Serially: timeout tests of the tools must not starve behind
# model tests that keep both cores (and Swift's cooperative threads) busy.
test: setup
	swift test -c release --no-parallel
