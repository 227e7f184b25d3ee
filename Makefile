# wasp: `make run` and `make test` set up a fresh Debian machine (as root) and do the rest.
APT_PACKAGES := libssl-dev openssl ca-certificates chromium rsync haproxy nginx-light libfuse3-dev fuse3 groff-base
ROOT ?= .
# SwiftPM adds -color-diagnostics to every swiftc command when its output is a terminal, and a changed command
# rebuilds everything (2-3.5 min for release): without colour, a second build of unchanged code is a no-op
# whether make's output is a terminal or a file.
SWIFT_BUILD := swift build --no-color-diagnostics

.PHONY: all deps build release run demo test fuzz fuzz-build install clean

all: build

# Installs only what is missing, so a second run costs a few dpkg look-ups.
deps:
	@missing="$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# graphql-core 3 (PyPI) checks wasp's GraphQL documents against Shopify's schemas; Debian 12's package is 2.3, too
	@# old. Without it that one test says it is skipped.
	@python3 -c 'import graphql, sys; sys.exit(int(graphql.__version__.split(".")[0]) < 3)' 2>/dev/null \
		|| python3 -m pip install -q 'graphql-core>=3,<4' 2>/dev/null || echo "graphql-core 3 not installed; AdminDocumentsTests will be skipped"

build: deps
	$(SWIFT_BUILD)

# Static Swift libraries: each daemon maps only the code it uses (idle intake RSS 14 MiB instead of 20).
release: deps
	$(SWIFT_BUILD) -c release --static-swift-stdlib --product wasp

# Starts every daemon with the default etc/ and spool/ in the foreground; Ctrl-C stops them all.
run: release
	mkdir -p $(ROOT)/etc/tenants $(ROOT)/spool
	.build/release/wasp up --root $(ROOT)

# Production on Debian ('wasp help production'): the binary, the systemd units, a default /etc/wasp (kept if
# there), the daemons' users and the spool's owners. /var/lib/wasp is the root: etc -> /etc/wasp, and
# wasp.conf puts the spool in /var/spool/wasp. `systemctl enable --now wasp.target` starts it.
PREFIX ?= /usr/local
CONFIG := /etc/wasp
install: release
	install -D -m 0755 .build/release/wasp $(PREFIX)/bin/wasp
	install -D -m 0644 README.md $(PREFIX)/share/doc/wasp/README.md
	.build/release/wasp help --man $(PREFIX)/share/man > /dev/null
	install -d -m 0755 /etc/systemd/system /var/lib/wasp /var/spool/wasp $(CONFIG)/tenants
	install -m 0644 etc/systemd/wasp@.service etc/systemd/wasp-fsck.service etc/systemd/wasp.target /etc/systemd/system/
	test -e $(CONFIG)/wasp.conf || sed -e 's|^spool = spool$$|spool = /var/spool/wasp|' -e 's|^# users = wasp$$|users = wasp|' \
		etc/wasp.conf > $(CONFIG)/wasp.conf
	for file in whatsapp-web.selectors backup.exclude tenants/README; do \
		test -e $(CONFIG)/$$file || install -m 0644 etc/$$file $(CONFIG)/$$file; \
	done
	ln -sfn $(CONFIG) /var/lib/wasp/etc
	$(PREFIX)/bin/wasp users --create --root /var/lib/wasp
	$(PREFIX)/bin/wasp fsck --repair --root /var/lib/wasp
	if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "installed; 'systemctl enable --now wasp.target' starts every daemon, 'wasp status --root /var/lib/wasp' shows them"

# The merchant's whole flow against the local WhatsApp Web stand-in (a program from Tests/, not part of wasp).
demo: release
	$(SWIFT_BUILD) -c release --static-swift-stdlib --product wasp-stand-in
	Tests/StandInServer/demo.sh

# The suites run as processes of their own, LANES at a time (Tests/run-suites.sh says why); the fuzzers' build,
# which needs no test, uses what CPU the waiting suites leave. No $(MAKE) on that line: `make -n test` (which
# WaspProductTests runs) would run it.
LANES ?= 10
test: deps
	$(SWIFT_BUILD) --build-tests
	@nice -n 19 $(FUZZ_BUILD_COMMAND) > .build/fuzz-build.log 2>&1 & fuzz_build=$$!; \
	LANES=$(LANES) Tests/run-suites.sh; suites=$$?; \
	wait $$fuzz_build || { tail -n 40 .build/fuzz-build.log; exit 1; }; exit $$suites
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

# libFuzzer over each parser that reads bytes from outside (Tests/Fuzz/Targets), from the committed corpus in
# Tests/Fuzz/Corpus/<target>/; what it learns goes to .build-fuzz/corpus/. A crash or hang is written to
# Tests/Fuzz/Crashes/<target>/ and fails the run: commit the file, and FuzzTests replays it from then on.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := request json order config selectors orderfile
FUZZ_BUILD := .build-fuzz
FUZZ_BUILD_COMMAND = $(SWIFT_BUILD) --scratch-path $(FUZZ_BUILD) --product wasp-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

fuzz-build: deps
	$(FUZZ_BUILD_COMMAND)

fuzz: fuzz-build
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$target Tests/Fuzz/Crashes/$$target; \
		echo "fuzz $$target: $(FUZZ_SECONDS) s"; \
		WASP_FUZZ_TARGET=$$target $(FUZZ_BUILD)/debug/wasp-fuzz $(FUZZ_BUILD)/corpus/$$target Tests/Fuzz/Corpus/$$target \
			-max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=Tests/Fuzz/Crashes/$$target/ > $(FUZZ_BUILD)/$$target.log 2>&1 \
			|| { tail -n 40 $(FUZZ_BUILD)/$$target.log; exit 1; }; \
		grep -E '^Done' $(FUZZ_BUILD)/$$target.log; \
	done

clean:
	rm -rf .build $(FUZZ_BUILD)
