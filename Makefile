# wasp: `make run` and `make test` set up a fresh Debian machine (as root) and do the rest.
APT_PACKAGES := libssl-dev openssl ca-certificates chromium rsync
ROOT ?= .

.PHONY: all deps build release run demo test clean

all: build

# Installs only what is missing, so a second run costs a few dpkg look-ups.
deps:
	@missing="$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	swift build

# Static Swift libraries: each daemon maps only the code it uses (idle intake RSS 14 MiB instead of 20).
release: deps
	swift build -c release --static-swift-stdlib

# Starts every daemon with the default etc/ and spool/ in the foreground; Ctrl-C stops them all.
run: release
	mkdir -p $(ROOT)/etc/tenants $(ROOT)/spool
	.build/release/wasp up --root $(ROOT)

# The merchant's whole flow against the local WhatsApp Web stand-in (a program from Tests/, not part of wasp).
demo: release
	swift build -c release --static-swift-stdlib --product wasp-standin
	Tests/StandInServer/demo.sh

test: deps
	swift build --build-tests
	swift test --skip-build

clean:
	rm -rf .build
