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
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X rootip-cert/internal/cli.Version=$(VERSION)
BIN := bin/rootip-cert

.PHONY: all deps deps-all build windows dist sample run inspect-sample test lint vuln vuln-dist unit race fuzz bench clean

all: build

deps:
	scripts/deps.sh

deps-all:
	scripts/deps.sh all

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

# The Windows .exe (GUI subsystem; it attaches to the console when started
# from one), cross-built with mingw: Fyne needs cgo.
windows: deps-all
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	  $(GO) build -ldflags "$(LDFLAGS) -H=windowsgui" -o dist/rootip-cert.exe .

# Every installer into dist/ (packaging/build.sh).
PKG_VERSION ?= 0.1.0
dist: deps-all
	PKG_VERSION=$(PKG_VERSION) packaging/build.sh

# A throwaway sample クライアント証明書.p12 (password rootip) from a fresh test CA.
sample:
	$(GO) run ./internal/pki/mksample -out sample

# The main job: the whole flow on the built-in demo (a generated
# クライアント証明書.p12, a loopback system address with mutual TLS, a scratch
# NSS database), then the checklist, all green. Nothing of the user's is touched.
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

# The same over the programs make dist built (Windows .exe, Linux binary).
vuln-dist: dist
	scripts/vuln.sh dist/rootip-cert.exe $(BIN)

unit:
	$(GO) test -count=1 ./...

# The use-case layer, the checks and the window's asynchronous paths under
# the race detector.
race:
	$(GO) test -race -count=1 ./internal/flow/ ./internal/check/ ./internal/cli/ ./internal/store/ ./internal/helpdesk/ ./app/

# Run the PKCS#12 reader's fuzzer for a while (not part of make test).
FUZZTIME ?= 3m
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime $(FUZZTIME) ./internal/certfile/

bench: build sample
	scripts/bench.sh

clean:
	rm -rf bin sample dist
