# rootip-cert build and test entry points. See README.md.
SHELL := /bin/bash
# Fyne logs a locale error under Debian's default C.UTF-8: give it a real one
# (Japanese, the product's first language; --lang en switches per command).
export LANG := ja_JP.UTF-8
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
# Go 1.27.3, which the go command takes from the module proxy like a module
# (README: every shell and script sets the same; go.mod's go line needs it).
export GOTOOLCHAIN := go1.27.3
GO ?= go
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# The one version of every artefact (packaging/version.sh: the git tag, or
# 0.0.0-dev+HASH); `make dist VERSION=1.2.3` overrides it.
VERSION ?= $(shell packaging/version.sh)
export VERSION
# Release builds: no symbol table, no build paths.
GOBUILD := $(GO) build -trimpath
LDFLAGS := -s -w -X rootip-cert/internal/cli.Version=$(VERSION)
# The window's build tags: no_emoji leaves out Fyne's 4.2 MB colour emoji
# font, which Fyne parsed for every text style (18 MiB of the window's
# memory); the app's characters are in its own font (assets/fonts_test.go),
# ✗ and ⚠ come from the system's fonts, as ✗ did before.
GUITAGS := no_emoji
export GUITAGS
# The console command (here, build-exe.sh, bench.sh) runs for milliseconds
# on a heap of a few hundred KB, so it is built with Go's classic garbage
# collector: Green Tea, the default, keeps each small-object span's mark
# bits in the span's last bytes, so a span the start-up fills can touch a
# second page, and a first touch of a page costs about 10 µs on this kind
# of machine. `version` takes about 25 fewer page faults on the heap (of
# some 450) and runs about 4 % faster in pairs, `diagnose` 2 % (BENCHMARKS.md,
# ninth round). The window is built with the default: its memory on the
# home screen is the same either way.
CONSOLE_GOEXPERIMENT := nogreenteagc
export CONSOLE_GOEXPERIMENT
# The command (console build, no window linked), the window program, and
# the helper both run to evaluate proxy auto-config scripts (internal/pac:
# the only program that links the script engine).
BIN := bin/rootip-cert
GUI := bin/rootip-cert-gui
PAC := bin/rootip-cert-pac

.PHONY: all deps deps-all build pac-helper windows dist sample run inspect-sample test lint vuln vuln-dist unit race fuzz bench clean

all: build

deps:
	scripts/deps.sh

deps-all:
	scripts/deps.sh all

build: deps pac-helper
	GOEXPERIMENT=$(CONSOLE_GOEXPERIMENT) $(GOBUILD) -tags cli -ldflags "$(LDFLAGS)" -o $(BIN) .
	$(GOBUILD) -tags $(GUITAGS) -ldflags "$(LDFLAGS)" -o $(GUI) .

# The tests of every suite run this one build of the helper
# (ROOTIP_CERT_PAC_HELPER, read by test binaries only: internal/pac/pactest).
pac-helper:
	$(GOBUILD) -ldflags "$(LDFLAGS)" -o $(PAC) ./internal/pac/rootip-cert-pac

# The Windows programs with their resources (packaging/windows/build-exe.sh):
# dist/rootip-cert.exe, the window (GUI subsystem, cross-built with mingw:
# Fyne needs cgo), and dist/rootip-cert-cli.exe, the console command
# (CGO_ENABLED=0, fast).
windows: deps-all
	GO="$(GO)" LDFLAGS="$(LDFLAGS)" packaging/windows/build-exe.sh

# Every installer into dist/ (packaging/build.sh), each program built once.
dist: deps-all
	GO="$(GO)" LDFLAGS="$(LDFLAGS)" packaging/build.sh

# A throwaway sample クライアント証明書.p12 (password rootip) from a fresh test CA.
sample:
	$(GO) run ./internal/pki/mksample -out sample

# The main job: the whole flow on the built-in demo (a generated
# クライアント証明書.p12, a loopback system address with mutual TLS, a scratch
# NSS database), then the checklist, verdict ok. Nothing of the user's is touched.
run: build
	$(BIN) demo

# Inspect a throwaway sample file.
inspect-sample: build sample
	$(BIN) inspect sample/クライアント証明書.p12

# Every test: formatting, vet, staticcheck, govulncheck, unit and
# real-component suites, and the race detector over the use-case layer and
# the window.
test: deps-all lint vuln dist vuln-dist unit race

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=darwin CGO_ENABLED=0 $(GO) vet ./internal/... ./platform/...
	GOOS=windows CGO_ENABLED=0 $(GO) vet ./internal/... ./platform/...
	$(GO) run $(STATICCHECK) ./...

# govulncheck, offline, with the vulnerability database taken as a Go module
# (scripts/vuln.sh): nothing reachable in this OS's build of every package nor
# in the Windows and macOS builds of internal/ and platform/.
vuln:
	scripts/vuln.sh

# The same over the programs make dist built (both Windows .exe, the three
# Linux programs).
vuln-dist: dist
	scripts/vuln.sh dist/rootip-cert.exe dist/rootip-cert-cli.exe $(BIN) $(GUI) $(PAC)

unit: pac-helper
	ROOTIP_CERT_PAC_HELPER=$(CURDIR)/$(PAC) $(GO) test -count=1 ./...

# The use-case layer, the checks and the window's asynchronous paths under
# the race detector. -short leaves out the every-screen-at-every-scale
# rendering (run without -race in unit): it has no concurrency of its own and
# ten times slower under -race it overran go test's 10-minute limit.
race: pac-helper
	ROOTIP_CERT_PAC_HELPER=$(CURDIR)/$(PAC) $(GO) test -race -short -count=1 ./internal/flow/ ./internal/check/ ./internal/cli/ ./internal/store/ ./internal/helpdesk/ ./app/

# Run the PKCS#12 reader's fuzzer for a while (not part of make test).
FUZZTIME ?= 3m
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./internal/certfile/

bench: build sample
	scripts/bench.sh

clean:
	rm -rf bin sample dist
