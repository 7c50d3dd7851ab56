/*
 * module.c
 *		The outfall shared library: one module for every part of the
 *		extension, and what it was built with.
 */
#include "postgres.h"
#include "fmgr.h"

#include "utils/builtins.h"

#include <unicode/uversion.h>

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(outfall_build_info);

/*
 * The PostgreSQL and ICU versions the library was built against and runs
 * with: ICU does the Chinese name handling, so a DBA comparing two servers
 * needs to see it.
 */
Datum
outfall_build_info(PG_FUNCTION_ARGS)
{
	UVersionInfo icu;
	char		icu_text[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(icu);
	u_versionToString(icu, icu_text);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("built for PostgreSQL %s, ICU %s (built with %s)",
											  PG_VERSION, icu_text, U_ICU_VERSION)));
}
