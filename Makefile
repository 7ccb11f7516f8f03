# The two commands of the README. Both set up what is missing first (system packages, default models).
.PHONY: run test setup build

setup:
	scripts/setup

build: setup
	swift build -c release

run: build
	.build/release/mastui $(ARGS)

test: setup
	swift test -c release
