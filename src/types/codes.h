/*
 * codes.h
 *		The three identifier types as the server sees them: Datum macros
 *		beside the structs of code_parse.h, and the error reporter.
 */
#ifndef OUTFALL_CODES_H
#define OUTFALL_CODES_H

#include "postgres.h"
#include "fmgr.h"

#include "code_parse.h"

#ifndef USE_FLOAT8_BYVAL
#error "division_code is an 8-byte pass-by-value type and needs USE_FLOAT8_BYVAL"
#endif

/* outfall_code: 16 bytes, by reference */
#define DatumGetOutfallCodeP(X)		((OutfallCode *) DatumGetPointer(X))
#define OutfallCodePGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_OUTFALL_CODE_P(n) DatumGetOutfallCodeP(PG_GETARG_DATUM(n))
#define PG_RETURN_OUTFALL_CODE_P(x) return OutfallCodePGetDatum(x)

/* division_code: 8 bytes, by value */
#define DatumGetDivisionCode(X)		((DivisionCode) DatumGetInt64(X))
#define DivisionCodeGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_DIVISION_CODE(n)	DatumGetDivisionCode(PG_GETARG_DATUM(n))
#define PG_RETURN_DIVISION_CODE(x)	return DivisionCodeGetDatum(x)

/* uscc: 12 bytes, by reference */
#define DatumGetUsccP(X)			((Uscc *) DatumGetPointer(X))
#define UsccPGetDatum(X)			PointerGetDatum(X)
#define PG_GETARG_USCC_P(n)			DatumGetUsccP(PG_GETARG_DATUM(n))
#define PG_RETURN_USCC_P(x)			return UsccPGetDatum(x)

/* Which layout a CodeError describes, for the wording of its message. */
typedef enum CodeType
{
	CODE_TYPE_OUTFALL,
	CODE_TYPE_DIVISION,
	CODE_TYPE_USCC
} CodeType;

/* sort_abbrev.c: sort support with an order-preserving 64-bit abbreviation */
struct SortSupportData;
typedef uint64 (*CodeAbbrevFn) (Datum original);
extern void code_sortsupport(struct SortSupportData *ssup,
							 int (*full_comparator) (Datum, Datum, struct SortSupportData *),
							 CodeAbbrevFn abbreviate);

extern void report_code_error(CodeType type, const char *input,
							  const CodeError *err) pg_attribute_noreturn();

#endif							/* OUTFALL_CODES_H */
