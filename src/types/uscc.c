/*
 * uscc.c
 *		Type uscc (统一社会信用代码, GB 32100-2015): I/O with the check
 *		character verified, ordering, hashing and accessors.
 *
 * The check character is not stored (code_parse.h); the order is the text
 * order of the codes.
 */
#include "codes.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(uscc_in);
PG_FUNCTION_INFO_V1(uscc_out);
PG_FUNCTION_INFO_V1(uscc_recv);
PG_FUNCTION_INFO_V1(uscc_send);
PG_FUNCTION_INFO_V1(uscc_eq);
PG_FUNCTION_INFO_V1(uscc_ne);
PG_FUNCTION_INFO_V1(uscc_lt);
PG_FUNCTION_INFO_V1(uscc_le);
PG_FUNCTION_INFO_V1(uscc_gt);
PG_FUNCTION_INFO_V1(uscc_ge);
PG_FUNCTION_INFO_V1(uscc_btcmp);
PG_FUNCTION_INFO_V1(uscc_sortsupport);
PG_FUNCTION_INFO_V1(uscc_smaller);
PG_FUNCTION_INFO_V1(uscc_larger);
PG_FUNCTION_INFO_V1(uscc_hash);
PG_FUNCTION_INFO_V1(uscc_hash_extended);
PG_FUNCTION_INFO_V1(uscc_registration_division);
PG_FUNCTION_INFO_V1(uscc_authority_code);
PG_FUNCTION_INFO_V1(uscc_entity_kind_code);

Datum
uscc_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Uscc	   *result = palloc(sizeof(Uscc));
	CodeError	err;

	if (!uscc_parse(str, result, &err))
		report_code_error(CODE_TYPE_USCC, str, &err);
	PG_RETURN_USCC_P(result);
}

Datum
uscc_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(USCC_BUFLEN);

	uscc_format(PG_GETARG_USCC_P(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the 18 characters, as in text; the check is verified again. */
Datum
uscc_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *bytes;
	char		str[USCC_BUFLEN];
	Uscc	   *result = palloc(sizeof(Uscc));
	CodeError	err;
	int			i;

	bytes = pq_getmsgbytes(buf, USCC_LEN);
	for (i = 0; i < USCC_LEN; i++)
	{
		/* only the canonical form travels in binary: no separators or case */
		if (bytes[i] == '\0' || bytes[i] == ' ' || bytes[i] == '-' ||
			(bytes[i] >= 'a' && bytes[i] <= 'z') || (unsigned char) bytes[i] >= 0x80)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid external value for type uscc"),
					 errdetail("Byte %d is not a character of a canonical credit code.", i + 1)));
		str[i] = bytes[i];
	}
	str[USCC_LEN] = '\0';
	if (!uscc_parse(str, result, &err))
		report_code_error(CODE_TYPE_USCC, str, &err);
	PG_RETURN_USCC_P(result);
}

Datum
uscc_send(PG_FUNCTION_ARGS)
{
	char		str[USCC_BUFLEN];
	StringInfoData buf;

	uscc_format(PG_GETARG_USCC_P(0), str);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, str, USCC_LEN);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define USCC_CMP(fcinfo) uscc_cmp(PG_GETARG_USCC_P(0), PG_GETARG_USCC_P(1))

Datum
uscc_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) == 0);
}

Datum
uscc_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) != 0);
}

Datum
uscc_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) < 0);
}

Datum
uscc_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) <= 0);
}

Datum
uscc_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) > 0);
}

Datum
uscc_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(USCC_CMP(fcinfo) >= 0);
}

Datum
uscc_btcmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(USCC_CMP(fcinfo));
}

static int
uscc_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return uscc_cmp(DatumGetUsccP(a), DatumGetUsccP(b));
}

/* The first twelve characters, as packed in hi and mid. */
static uint64
uscc_abbreviate(Datum original)
{
	Uscc	   *code = DatumGetUsccP(original);

	return ((uint64) code->hi << 32) | code->mid;
}

Datum
uscc_sortsupport(PG_FUNCTION_ARGS)
{
	code_sortsupport((SortSupport) PG_GETARG_POINTER(0), uscc_fastcmp,
					 uscc_abbreviate);
	PG_RETURN_VOID();
}

/* for min() and max() */
Datum
uscc_smaller(PG_FUNCTION_ARGS)
{
	Uscc	   *a = PG_GETARG_USCC_P(0);
	Uscc	   *b = PG_GETARG_USCC_P(1);

	PG_RETURN_USCC_P(uscc_cmp(a, b) <= 0 ? a : b);
}

Datum
uscc_larger(PG_FUNCTION_ARGS)
{
	Uscc	   *a = PG_GETARG_USCC_P(0);
	Uscc	   *b = PG_GETARG_USCC_P(1);

	PG_RETURN_USCC_P(uscc_cmp(a, b) >= 0 ? a : b);
}

Datum
uscc_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_USCC_P(0), sizeof(Uscc));
}

Datum
uscc_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_USCC_P(0),
							 sizeof(Uscc), PG_GETARG_INT64(1));
}

/*
 * registration_division(u): characters 3-8, the division of the registering
 * authority, as a division_code; NULL when they name no province (00xxxx).
 */
Datum
uscc_registration_division(PG_FUNCTION_ARGS)
{
	char		str[USCC_BUFLEN];
	DivisionCode code = 0;
	int			i;

	uscc_format(PG_GETARG_USCC_P(0), str);
	for (i = 2; i < 8; i++)
		code = code * 10 + (str[i] - '0');
	code *= 1000000;
	if (!division_code_valid(code))
		PG_RETURN_NULL();
	PG_RETURN_DIVISION_CODE(code);
}

/* authority_code(u): character 1, the registration authority (登记管理部门) */
Datum
uscc_authority_code(PG_FUNCTION_ARGS)
{
	char		str[USCC_BUFLEN];

	uscc_format(PG_GETARG_USCC_P(0), str);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(str, 1));
}

/* entity_kind_code(u): character 2, the kind of entity (机构类别) */
Datum
uscc_entity_kind_code(PG_FUNCTION_ARGS)
{
	char		str[USCC_BUFLEN];

	uscc_format(PG_GETARG_USCC_P(0), str);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(str + 1, 1));
}
