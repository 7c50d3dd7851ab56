# outfall: PGXS build.  PG_CONFIG may be overridden: make PG_CONFIG=/path/to/pg_config
EXTENSION = outfall
EXTVERSION = 0.6

MODULE_big = outfall
OBJS = \
	src/module.o \
	src/types/code_parse.o \
	src/types/code_error.o \
	src/types/sort_abbrev.o \
	src/types/division_code.o \
	src/types/outfall_code.o \
	src/types/uscc.o \
	src/names/names.o \
	src/progress/progress.o \
	src/progress/as_of.o

# The install script is built from the SQL beside each concern, in this order:
# what 0.1 released, then what each later version adds.  The upgrade script
# from a version is the header plus what the versions after it add.
SQL_0_1 = \
	src/types/division_code.sql \
	src/types/outfall_code.sql \
	src/types/uscc.sql \
	src/reference/division.sql \
	src/reference/division_data.sql
SQL_0_2 = \
	src/types/support_comments.sql \
	src/registry/config.sql \
	src/registry/state.sql \
	src/classification/category.sql \
	src/registry/ledger.sql \
	src/registry/water_body.sql \
	src/registry/party.sql \
	src/registry/outfall.sql \
	src/registry/tracing.sql \
	src/registry/sample.sql \
	src/registry/plan.sql \
	src/registry/lifecycle.sql \
	src/registry/code_allocation.sql \
	src/registry/naming.sql \
	src/registry/responsibility.sql \
	src/registry/api.sql
SQL_0_3 = \
	src/classification/category_rules.sql \
	src/registry/supervision.sql \
	src/names/names.sql \
	src/names/search.sql \
	src/classification/infer.sql \
	src/checks/engine.sql \
	src/checks/rules.sql \
	src/checks/enforcement.sql \
	src/checks/report.sql \
	src/registry/survey_import.sql
SQL_0_4 = \
	src/registry/late_comments.sql \
	src/zones/zone.sql \
	src/zones/corridor.sql \
	src/zones/zone_load.sql \
	src/zones/membership.sql \
	src/zones/action.sql \
	src/zones/rules.sql \
	src/zones/gis.sql
SQL_0_5 = \
	src/progress/progress.sql \
	src/progress/as_of.sql \
	src/progress/target.sql \
	src/progress/report.sql \
	src/progress/snapshot.sql \
	src/progress/lists.sql \
	src/progress/chart.sql
SQL_0_6 = \
	src/registry/locking.sql \
	src/security/roles.sql \
	src/security/jurisdiction.sql \
	src/security/ledger.sql \
	src/security/separation.sql \
	src/security/policies.sql \
	src/security/grants.sql

# Released install and upgrade scripts are kept as they were released, for
# upgrade tests and for databases still on them.  Later versions change what
# an earlier one created only by statements in their own files (ALTER TABLE,
# new triggers), so that installing and upgrading run the same SQL.
DATA = $(addprefix src/released/$(EXTENSION)--,0.1.sql 0.2.sql 0.3.sql 0.4.sql 0.5.sql 0.1--0.2.sql 0.2--0.3.sql 0.3--0.4.sql 0.4--0.5.sql)
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(EXTENSION)--0.5--0.6.sql
DOCS = doc/outfall.md doc/registry.md doc/checks.md doc/names.md doc/zones.md doc/gis.md doc/progress.md doc/reports.md doc/targets.md doc/security.md

REGRESS = division_code outfall_code uscc division_data roundtrip index_integrity registry_codes registry_responsibility registry_api registry_lifecycle registry_ledger \
	category_catalog names infer_category checks checks_lifecycle survey_import \
	zones zones_actions zones_gis \
	progress progress_reports progress_targets \
	security
REGRESS_OPTS = --inputdir=. --outputdir=build/regress --load-extension=postgis --load-extension=pg_trgm --load-extension=amcheck --load-extension=outfall

ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n)
ICU_LIBS := $(shell pkg-config --libs icu-uc icu-i18n)
PG_CPPFLAGS = -I$(srcdir)/src/types -I$(srcdir)/src/names $(ICU_CFLAGS)
SHLIB_LINK = $(ICU_LIBS)
EXTRA_CLEAN = build

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: src/header.sql $(SQL_0_1) $(SQL_0_2) $(SQL_0_3) $(SQL_0_4) $(SQL_0_5) $(SQL_0_6)
	cat $^ > $@
$(EXTENSION)--0.5--0.6.sql: src/upgrade/header.sql $(SQL_0_6)
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
