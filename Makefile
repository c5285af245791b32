# keel: a static PID 1 for embedded Linux.  Plain make, no generated sources.
#   make            build/init (static, musl) and build/initctl (a link)
#   make check      install what is missing, then every test tier
#   make run        install what is missing, build, boot the QEMU board
#   make bench      benchmarks (numbers, never pass/fail)
# Overrides go in config.mk (never edit this file for a local build).
-include config.mk

BOARD   ?= qemu-x86_64
# A board may name its architecture (board/<BOARD>/arch, e.g. armhf); ARCH
# follows it.  Another ARCH than the host's builds with Debian's cross
# compiler and musl into build/<ARCH>/ (its init, kernel, BusyBox, image).
BOARD_ARCH := $(shell cat board/$(BOARD)/arch 2>/dev/null)
ARCH    ?= $(if $(BOARD_ARCH),$(BOARD_ARCH),x86_64)
HOSTCC  ?= gcc
# Per architecture: Debian's triplet, musl's, and the qemu-user that runs
# the unit tests of a foreign build (docs/porting.md).
ifeq ($(ARCH),x86_64)
CC      := musl-gcc
BUILD   ?= build
TRIPLET := x86_64-linux-gnu
else ifeq ($(ARCH),armhf)
TRIPLET := arm-linux-gnueabihf
MUSL_TRIPLET := arm-linux-musleabihf
QEMU_USER := qemu-arm-static
else ifeq ($(ARCH),aarch64)
TRIPLET := aarch64-linux-gnu
MUSL_TRIPLET := aarch64-linux-musl
QEMU_USER := qemu-aarch64-static
else
$(error ARCH=$(ARCH): x86_64, armhf or aarch64)
endif
ifneq ($(ARCH),x86_64)
CC      := $(TRIPLET)-gcc -specs=/usr/lib/$(MUSL_TRIPLET)/musl-gcc.specs
BUILD   ?= build/$(ARCH)
endif
INIH_A  ?= /usr/lib/$(TRIPLET)/libinih.a

WARN    := -Wall -Wextra -Werror -Wwrite-strings -Wshadow -Wno-unused-parameter -Wno-format-truncation \
           -Werror=implicit-function-declaration -Werror=implicit-int -Werror=pointer-arith
# -Oz: about 2 KiB less code than -Os on the whole of PID 1 (issue 15's
# size target); the spawn and reap paths are syscall-bound, so make bench's
# timed rows are the check that it costs no time worth having.
CFLAGS  ?= -Oz
# -flto: the whole of PID 1 optimised as one unit (about 4.5 KiB less code
# than file by file; docs/design.md); fat objects keep the per-object
# figures of make bench (size of each .o) meaningful.
CFLAGS  += -flto=auto -ffat-lto-objects -fno-pic -fno-pie $(WARN) -std=gnu11 -D_GNU_SOURCE -I. -I$(BUILD)/include \
           -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
# KEEL_MAX_JOBS: services (and jobs) one system can have, default 64
# (svc/conf/svc.h; docs/design.md says what each one costs).  Objects do
# not depend on it: build another capacity in its own tree, e.g.
# make BUILD=build-16 KEEL_MAX_JOBS=16.
ifdef KEEL_MAX_JOBS
CFLAGS  += -DKEEL_MAX_JOBS=$(KEEL_MAX_JOBS)
HOST_MAX_JOBS := -DKEEL_MAX_JOBS=$(KEEL_MAX_JOBS)
endif
# KEEL_CONF_AVG: bytes of strings an average service has, default 512
# (svc/conf/arena.h: the configuration arena is two halves of
# KEEL_MAX_JOBS x KEEL_CONF_AVG; docs/design.md, "Memory").  Same rule:
# its own build tree.
ifdef KEEL_CONF_AVG
CFLAGS  += -DKEEL_CONF_AVG=$(KEEL_CONF_AVG)
HOST_MAX_JOBS += -DKEEL_CONF_AVG=$(KEEL_CONF_AVG)
endif
# -z noseparate-code: code and read-only data share pages, so the file
# carries no page of padding between them (4 KiB less; docs/design.md).
# -z norelro -z common-page-size=64: the data follows the code in the file
# with no page padding either (RELRO would protect 24 bytes of pointers of
# a static binary at the price of up to 4 KiB of padding whose size moves
# with every change of the code; docs/design.md).
LDFLAGS += -flto=auto -static -s -Wl,--gc-sections -Wl,-z,noseparate-code \
           -Wl,-z,norelro -Wl,-z,common-page-size=64

# Every .c below init/ and svc/ goes into the binary (docs/design.md has
# the layers); a board/<BOARD>/x.c replaces the init/.../x.c of the same
# name (musl's arch rule).
SRC_DIRS   := init init/rt init/ctl init/journal init/health init/platform svc/conf svc/run svc/reclaim svc/out
BOARD_SRCS := $(wildcard board/$(BOARD)/*.c)
ALL_SRCS   := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c))
GEN_SRCS   := $(foreach s,$(ALL_SRCS),$(if $(filter $(notdir $(s)),$(notdir $(BOARD_SRCS))),,$(s))) $(BOARD_SRCS)
OBJS       := $(patsubst %.c,$(BUILD)/obj/%.o,$(GEN_SRCS))
HDRS       := $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))

# Host build of the same sources (unit tests, tools), with sanitizers.
# For a foreign ARCH the unit tests are built with its cross compiler and
# musl instead (static, no sanitizers: qemu-user runs them).
ifeq ($(ARCH),x86_64)
UNITCC     := $(HOSTCC)
HOSTFLAGS  := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. $(WARN) -fsanitize=address,undefined \
              -fno-omit-frame-pointer -DKEEL_HOST $(HOST_MAX_JOBS)
UNIT_LIBS  := -linih
else
UNITCC     := $(CC)
HOSTFLAGS  := -g -O1 -std=gnu11 -D_GNU_SOURCE -I. -I$(BUILD)/include $(WARN) -DKEEL_HOST $(HOST_MAX_JOBS) -static
UNIT_LIBS  := $(INIH_A)
# The power-cut test writes fewer records under qemu-user (the ring wraps
# once instead of twice); the host run is the exhaustive one.
$(BUILD)/unit/test_journal_cut: HOSTFLAGS += -DCUT_TARGET=1100
endif
HOST_SRCS  := $(filter-out init/main.c init/rt/noheap.c init/rt/stdio_fmt.c,$(GEN_SRCS))
HOST_OBJS  := $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_SRCS))
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
# Under qemu-user the two reclaim tests that ask the kernel who holds a
# socket cannot run: qemu-user does not translate sock_diag netlink, and a
# process's comm is qemu's.  Their parsers run in test_reclaim_parse.
ifneq ($(ARCH),x86_64)
UNIT_TESTS := $(filter-out $(BUILD)/unit/test_reclaim $(BUILD)/unit/test_reclaim_live,$(UNIT_TESTS))
endif

# The journal's own sources: the host tool links them (without the
# sanitizers' cost); tools/bench-journal.sh measures the journal's code.
JTOOL_SRCS := $(wildcard init/journal/*.c)

.SECONDARY:
.PHONY: install all check check-unit check-jreader check-ns check-daemons check-system check-fuzz check-build run image bench lint deps clean
all: $(BUILD)/init $(BUILD)/initctl $(if $(wildcard tools/journal-dump.c),$(BUILD)/journal-dump)

$(BUILD)/include/.stamp:
	@mkdir -p $(BUILD)/include
	@ln -sfn /usr/include/ini.h $(BUILD)/include/ini.h
	@for d in linux asm-generic mtd; do ln -sfn /usr/include/$$d $(BUILD)/include/$$d; done
	@ln -sfn /usr/include/$(TRIPLET)/asm $(BUILD)/include/asm
	@touch $@

$(BUILD)/obj/%.o: %.c $(HDRS) $(BUILD)/include/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/init: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(INIH_A)

# The size breakdown of make bench (tools/bench-size.sh): the link of
# build/init unstripped with a map, once as shipped (LTO) and once without
# LTO (the map then names the object of every byte; docs/bench.md).
$(BUILD)/bench/init-lto: $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(filter-out -s,$(LDFLAGS)) -Wl,-Map,$@.map -o $@ $(OBJS) $(INIH_A)

$(BUILD)/bench/init-nolto: $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fno-lto $(filter-out -s -flto=auto,$(LDFLAGS)) -Wl,-Map,$@.map -o $@ $(OBJS) $(INIH_A)

$(BUILD)/initctl: $(BUILD)/init
	ln -sfn init $@

$(BUILD)/host/%.o: %.c $(HDRS) | $(BUILD)/include/.stamp
	@mkdir -p $(dir $@)
	$(UNITCC) $(HOSTFLAGS) -c -o $@ $<

$(BUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(HOST_OBJS)
	@mkdir -p $(dir $@)
	$(UNITCC) $(HOSTFLAGS) -o $@ $< $(HOST_OBJS) $(UNIT_LIBS)

$(BUILD)/journal-dump: tools/journal-dump.c tools/chart.c tools/chart.h $(JTOOL_SRCS) $(HDRS)
	$(HOSTCC) -O2 -g -std=gnu11 -D_GNU_SOURCE -DKEEL_HOST -I. $(WARN) -o $@ tools/journal-dump.c tools/chart.c \
		$(JTOOL_SRCS)

# journal-dump for the target itself (static, musl, this ARCH): on a board,
# and in tests/journal-xarch.sh, where the armhf and aarch64 builds read
# the x86_64 image under qemu-user.
$(BUILD)/journal-dump.static: tools/journal-dump.c tools/chart.c tools/chart.h $(JTOOL_SRCS) $(HDRS) $(BUILD)/include/.stamp
	$(CC) -Os -static -std=gnu11 -D_GNU_SOURCE -DKEEL_HOST -I. -I$(BUILD)/include $(WARN) -o $@ \
		tools/journal-dump.c tools/chart.c $(JTOOL_SRCS)

deps:
	BOARD=$(BOARD) BUILD=$(BUILD) bash tools/deps.sh

# The builds run two jobs at a time (2 cores); the tiers one after another.
check: deps
	$(MAKE) -j2 all $(UNIT_TESTS)
	$(MAKE) check-build check-unit check-ns check-jreader check-daemons check-fuzz check-system
	@echo "make check: all tiers passed"

check-build: all
	$(MAKE) -j2 ARCH=armhf BUILD=$(BUILD)/armhf $(BUILD)/armhf/init $(BUILD)/armhf/initctl
	$(MAKE) -j2 ARCH=aarch64 BUILD=$(BUILD)/aarch64 $(BUILD)/aarch64/init $(BUILD)/aarch64/initctl
	bash tests/build.sh x86_64=$(BUILD)/init armhf=$(BUILD)/armhf/init aarch64=$(BUILD)/aarch64/init
	bash tools/lint.sh
	bash tests/man.sh $(BUILD)
	bash tests/install.sh $(BUILD)

# The unit tests on the host, then built for armhf and aarch64 and run
# under qemu-user (32-bit long and pointers, 64-bit time_t on a 32-bit
# ABI, another syscall table).  Two at a time: each is one CPU-bound
# process with its own temporary files.
check-unit: $(UNIT_TESTS) $(if $(filter x86_64,$(ARCH)),$(BUILD)/journal-dump)
	prove -j2 -e '$(QEMU_USER)' $(UNIT_TESTS)
ifneq ($(ARCH),x86_64)
	$(MAKE) $(BUILD)/journal-dump.static
endif
ifeq ($(ARCH),x86_64)
	$(MAKE) -j2 ARCH=armhf BUILD=$(BUILD)/armhf check-unit
	$(MAKE) -j2 ARCH=aarch64 BUILD=$(BUILD)/aarch64 check-unit
	prove -e bash tests/journal-xarch.sh :: $(BUILD)
endif

# The second, independent journal reader against journal-dump
# (tests/jreader.sh; docs/journal.md, "Writing your own reader"); make
# check runs it after the namespace tier, whose journals it also reads.
$(BUILD)/jcorpus: tests/jreader/jcorpus.c $(wildcard tests/unit/*.h) $(HOST_OBJS)
	@mkdir -p $(dir $@)
	$(UNITCC) $(HOSTFLAGS) -o $@ $< $(HOST_OBJS) $(UNIT_LIBS)

check-jreader: $(BUILD)/jcorpus $(BUILD)/journal-dump $(BUILD)/unit/test_journal_image
	prove -e bash tests/jreader.sh :: $(BUILD)

# Two at a time: each test has its own PID and mount namespace, temporary
# directory and cgroup (tests/ns/lib.sh), and most of a test is waiting.
check-ns: all
	prove -j2 -e bash tests/ns/[0-9]*.sh

# Real daemons from Debian (tools/deps.sh installs them) under keel as
# PID 1 of a namespace: docs/daemons.md.
check-daemons: all
	prove -e bash tests/daemons/[0-9]*.sh

# The ARM board's tests (tests/system/11xx) boot build/armhf/init.
check-system: all
	$(MAKE) BOARD=qemu-armhf BUILD=$(BUILD)/armhf $(BUILD)/armhf/init
	BOARD=qemu-armhf BUILD=$(BUILD)/armhf bash tools/deps.sh --kernel
	prove -e bash tests/system/[0-9]*.sh

check-fuzz:
	bash tests/fuzz/run.sh

lint:
	bash tools/lint.sh

image: all
	bash tools/mkinitramfs.sh $(BOARD) $(BUILD)

# make install DESTDIR=DIR [PREFIX=/] [INIT_NAME=init] [ARCH=...]: the init
# of this ARCH as PREFIX/sbin/INIT_NAME, initctl a link to it, the example
# /etc/init.ini and /etc/svc.d/ (rootfs/), the board's board.ini, and the
# man pages.  tools/mkinitramfs.sh stages the QEMU boards' images with it
# (INSTALL_INIT= a given binary, INSTALL_MAN=no), so both stay the same.
PREFIX       ?= /
INIT_NAME    ?= init
INSTALL_INIT ?= $(BUILD)/init
INSTALL_MAN  ?= yes
MANDIR       ?= $(if $(filter /,$(PREFIX)),/usr/share/man,$(PREFIX)/share/man)
install: $(if $(filter file,$(origin INSTALL_INIT)),all)
	@[ -n "$(DESTDIR)" ] || { echo "make install: set DESTDIR (e.g. DESTDIR=/path/to/rootfs)" >&2; exit 2; }
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)/etc/svc.d
	install -m 755 $(INSTALL_INIT) $(DESTDIR)$(PREFIX)/sbin/$(INIT_NAME)
	ln -sfn $(INIT_NAME) $(DESTDIR)$(PREFIX)/sbin/initctl
	install -m 644 rootfs/etc/init.ini $(DESTDIR)/etc/init.ini
	install -m 644 board/$(BOARD)/board.ini $(DESTDIR)/etc/board.ini
	install -m 644 rootfs/etc/svc.d/*.ini $(DESTDIR)/etc/svc.d/
	@if [ "$(INSTALL_MAN)" = yes ]; then \
		bash tools/man.sh $(BUILD) && \
		install -d $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 && \
		install -m 644 $(BUILD)/man/*.5 $(DESTDIR)$(MANDIR)/man5/ && \
		install -m 644 $(BUILD)/man/*.8 $(DESTDIR)$(MANDIR)/man8/ && \
		echo "man pages in $(DESTDIR)$(MANDIR)"; fi

# After QEMU exits, the last boot's chart from the board's flash image
# (docs/bootchart.md); the exit status is qemu-run's.
run: deps
	$(MAKE) all image
	bash tools/qemu-run.sh $(BOARD) $(BUILD); rc=$$?; \
	flash=$${FLASH:-$(BUILD)/$(BOARD)-flash.img}; \
	$(BUILD)/journal-dump --chart "$$flash" > $(BUILD)/boot.svg 2> $(BUILD)/boot.svg.log; \
	if [ $$? -le 1 ]; then echo "boot chart: $(BUILD)/boot.svg"; \
	else echo "no boot chart ($(BUILD)/boot.svg.log)"; fi; \
	exit $$rc

bench: deps all
	bash tools/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
