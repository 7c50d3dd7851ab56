# outfall: PGXS build.  PG_CONFIG may be overridden: make PG_CONFIG=/path/to/pg_config
EXTENSION = outfall
EXTVERSION = 0.1

MODULE_big = outfall
OBJS = \
	src/module.o \
	src/types/code_parse.o \
	src/types/code_error.o \
	src/types/sort_abbrev.o \
	src/types/division_code.o \
	src/types/outfall_code.o \
	src/types/uscc.o

# The install script is built from the SQL beside each concern, in this order.
SQL_PARTS = \
	src/header.sql \
	src/types/division_code.sql \
	src/types/outfall_code.sql \
	src/types/uscc.sql \
	src/reference/division.sql \
	src/reference/division_data.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DOCS = doc/outfall.md

REGRESS = division_code outfall_code uscc division_data roundtrip index_integrity
REGRESS_OPTS = --inputdir=. --outputdir=build/regress --load-extension=postgis --load-extension=amcheck --load-extension=outfall

ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n)
ICU_LIBS := $(shell pkg-config --libs icu-uc icu-i18n)
PG_CPPFLAGS = -I$(srcdir)/src/types $(ICU_CFLAGS)
SHLIB_LINK = $(ICU_LIBS)
EXTRA_CLEAN = build

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $^ > $@

installcheck: | build/regress
build/regress:
	mkdir -p $@

# The two commands of README.md.
.PHONY: demo test bench
demo:
	./demo/run.sh
test:
	./test/run_all.sh
bench:
	tools/ensure_deps.sh && tools/build_install.sh && ./test/bench/run.sh
