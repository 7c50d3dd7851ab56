/*
 * as_of.c
 *		An outfall as the ledger says it was: the fold of its ledger events
 *		up to a moment, one aggregate per outfall.
 *
 * The ledger keeps each insert whole and each update as the columns it
 * changed.  So the value of a column at a moment is the value given by the
 * latest event up to then that mentions the column; the row existed if its
 * latest insert is later than its latest delete.  "Latest" is by
 * (happened_at, ledger id), which makes the fold independent of the order
 * rows arrive in: two partial folds combine field by field, keeping the
 * later value, so the aggregate runs in parallel workers too.
 *
 * The fold reads the outfall's events (its state, code, category,
 * receiving water, division and survey level) and its plan's (the action;
 * a deleted plan leaves none), and ends as the composite
 * outfall.outfall_as_of, or NULL when the outfall did not exist.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

/* the columns the fold follows, in the order of outfall.outfall_as_of */
enum
{
	F_STATUS,
	F_ACTION,
	F_DIVISION,
	F_WATER_BODY,
	F_CATEGORY,
	F_CODE,
	F_SURVEY_LEVEL,
	F_COUNT
};

/* the key of each in the ledger's jsonb; the action is the plan's */
static const char *const field_keys[F_COUNT] = {
	"status", "action", "division", "water_body", "category", "code", "survey_level"
};

/* when an event happened, and its ledger id for events at the same time */
typedef struct Stamp
{
	int64		at;
	int64		id;
} Stamp;

typedef struct Field
{
	Stamp		stamp;			/* id 0: no event has set it */
	char	   *value;			/* NULL: SQL NULL */
} Field;

typedef struct FoldState
{
	Stamp		inserted;		/* the latest insert of the outfall */
	Stamp		deleted;		/* the latest delete of the outfall */
	Field		f[F_COUNT];
} FoldState;

PG_FUNCTION_INFO_V1(ledger_fold_trans);
PG_FUNCTION_INFO_V1(ledger_fold_combine);
PG_FUNCTION_INFO_V1(ledger_fold_serialize);
PG_FUNCTION_INFO_V1(ledger_fold_deserialize);
PG_FUNCTION_INFO_V1(ledger_fold_final);

/* whether a is later than b; a stamp with id 0 (ledger ids start at 1) is unset */
static inline bool
stamp_later(Stamp a, Stamp b)
{
	if (b.id == 0)
		return a.id != 0;
	return a.id != 0 && (a.at > b.at || (a.at == b.at && a.id > b.id));
}

/* a jsonb scalar as text, NULL for JSON null */
static char *
scalar_text(JsonbValue *v, MemoryContext cxt)
{
	switch (v->type)
	{
		case jbvNull:
			return NULL;
		case jbvString:
			{
				char	   *s = MemoryContextAlloc(cxt, v->val.string.len + 1);

				memcpy(s, v->val.string.val, v->val.string.len);
				s[v->val.string.len] = '\0';
				return s;
			}
		case jbvNumeric:
			return MemoryContextStrdup(cxt,
									   DatumGetCString(DirectFunctionCall1(numeric_out,
																		   NumericGetDatum(v->val.numeric))));
		case jbvBool:
			return MemoryContextStrdup(cxt, v->val.boolean ? "true" : "false");
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("outfall ledger: a column value in an event is not a scalar")));
	}
	return NULL;				/* not reached */
}

static void
set_field(Field *f, Stamp stamp, char *value)
{
	if (f->value != NULL)
		pfree(f->value);
	f->stamp = stamp;
	f->value = value;
}

/*
 * ledger_fold_trans(state, happened_at, id, entity, op, new)
 *		One ledger event of an outfall or of its plan.
 */
Datum
ledger_fold_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	FoldState  *st;
	Stamp		stamp;
	text	   *entity;
	text	   *op;
	bool		is_plan;
	char		op0;
	int			first,
				last,
				i;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "outfall.ledger_fold: called outside an aggregate");
	st = PG_ARGISNULL(0) ? (FoldState *) MemoryContextAllocZero(aggcontext, sizeof(FoldState))
		: (FoldState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_POINTER(st);

	stamp.at = PG_GETARG_TIMESTAMPTZ(1);
	stamp.id = PG_GETARG_INT64(2);
	entity = PG_GETARG_TEXT_PP(3);
	op = PG_GETARG_TEXT_PP(4);
	is_plan = (VARSIZE_ANY_EXHDR(entity) == 4 && memcmp(VARDATA_ANY(entity), "plan", 4) == 0);
	if (!is_plan && !(VARSIZE_ANY_EXHDR(entity) == 7 && memcmp(VARDATA_ANY(entity), "outfall", 7) == 0))
		PG_RETURN_POINTER(st);	/* other records of the outfall do not change these */
	op0 = VARSIZE_ANY_EXHDR(op) > 0 ? VARDATA_ANY(op)[0] : '\0';

	if (op0 == 'd')				/* delete */
	{
		if (is_plan)
		{
			if (stamp_later(stamp, st->f[F_ACTION].stamp))
				set_field(&st->f[F_ACTION], stamp, NULL);
		}
		else if (stamp_later(stamp, st->deleted))
			st->deleted = stamp;
		PG_RETURN_POINTER(st);
	}
	if (op0 == 'i' && !is_plan && stamp_later(stamp, st->inserted))
		st->inserted = stamp;
	if (PG_ARGISNULL(5))
		PG_RETURN_POINTER(st);

	{
		Jsonb	   *new = PG_GETARG_JSONB_P(5);

		if (!JB_ROOT_IS_OBJECT(new))
			PG_RETURN_POINTER(st);
		first = is_plan ? F_ACTION : F_STATUS;
		last = is_plan ? F_ACTION : F_COUNT - 1;
		for (i = first; i <= last; i++)
		{
			JsonbValue	buf;
			JsonbValue *v;

			if (is_plan != (i == F_ACTION))
				continue;
			if (!stamp_later(stamp, st->f[i].stamp))
				continue;
			v = getKeyJsonValueFromContainer(&new->root, field_keys[i], strlen(field_keys[i]), &buf);
			if (v != NULL)
				set_field(&st->f[i], stamp, scalar_text(v, aggcontext));
		}
	}
	PG_RETURN_POINTER(st);
}

/* the later of two partial folds, field by field */
Datum
ledger_fold_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	FoldState  *a;
	FoldState  *b;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "outfall.ledger_fold: called outside an aggregate");
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0));
	b = (FoldState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = (FoldState *) MemoryContextAllocZero(aggcontext, sizeof(FoldState));
	else
		a = (FoldState *) PG_GETARG_POINTER(0);
	if (stamp_later(b->inserted, a->inserted))
		a->inserted = b->inserted;
	if (stamp_later(b->deleted, a->deleted))
		a->deleted = b->deleted;
	for (i = 0; i < F_COUNT; i++)
		if (stamp_later(b->f[i].stamp, a->f[i].stamp))
			set_field(&a->f[i], b->f[i].stamp,
					  b->f[i].value ? MemoryContextStrdup(aggcontext, b->f[i].value) : NULL);
	PG_RETURN_POINTER(a);
}

static void
send_stamp(StringInfo buf, Stamp s)
{
	pq_sendint64(buf, s.at);
	pq_sendint64(buf, s.id);
}

static Stamp
get_stamp(StringInfo buf)
{
	Stamp		s;

	s.at = pq_getmsgint64(buf);
	s.id = pq_getmsgint64(buf);
	return s;
}

Datum
ledger_fold_serialize(PG_FUNCTION_ARGS)
{
	FoldState  *st = (FoldState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	send_stamp(&buf, st->inserted);
	send_stamp(&buf, st->deleted);
	for (i = 0; i < F_COUNT; i++)
	{
		send_stamp(&buf, st->f[i].stamp);
		pq_sendbyte(&buf, st->f[i].value != NULL);
		if (st->f[i].value != NULL)
			pq_sendstring(&buf, st->f[i].value);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
ledger_fold_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcontext;
	FoldState  *st;
	StringInfoData buf;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "outfall.ledger_fold: called outside an aggregate");
	st = (FoldState *) MemoryContextAllocZero(aggcontext, sizeof(FoldState));
	buf.data = VARDATA_ANY(raw);
	buf.len = VARSIZE_ANY_EXHDR(raw);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	st->inserted = get_stamp(&buf);
	st->deleted = get_stamp(&buf);
	for (i = 0; i < F_COUNT; i++)
	{
		st->f[i].stamp = get_stamp(&buf);
		if (pq_getmsgbyte(&buf))
			st->f[i].value = MemoryContextStrdup(aggcontext, pq_getmsgstring(&buf));
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(st);
}

/*
 * The outfall as it was: outfall.outfall_as_of (status, plan_action,
 * surveyed, division, water_body, category), or NULL if it did not exist.
 * Surveyed is outfall.survey_complete's rule: a code, a category, a
 * receiving water and a survey of level 2 or 3.
 */
Datum
ledger_fold_final(PG_FUNCTION_ARGS)
{
	FoldState  *st = PG_ARGISNULL(0) ? NULL : (FoldState *) PG_GETARG_POINTER(0);
	AttInMetadata *meta = (AttInMetadata *) fcinfo->flinfo->fn_extra;
	char	   *values[6];
	bool		surveyed;

	if (st == NULL || !stamp_later(st->inserted, st->deleted) || st->f[F_STATUS].value == NULL)
		PG_RETURN_NULL();

	if (meta == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "outfall.ledger_fold: the result type is not a composite");
		if (desc->natts != 6)
			elog(ERROR, "outfall.ledger_fold: the result type has %d columns, expected 6", desc->natts);
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		meta = TupleDescGetAttInMetadata(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = meta;
	}

	surveyed = st->f[F_CODE].value != NULL && st->f[F_CATEGORY].value != NULL
		&& st->f[F_WATER_BODY].value != NULL && st->f[F_SURVEY_LEVEL].value != NULL
		&& atoi(st->f[F_SURVEY_LEVEL].value) >= 2;
	values[0] = st->f[F_STATUS].value;
	values[1] = st->f[F_ACTION].value;
	values[2] = surveyed ? "true" : "false";
	values[3] = st->f[F_DIVISION].value;
	values[4] = st->f[F_WATER_BODY].value;
	values[5] = st->f[F_CATEGORY].value;
	PG_RETURN_DATUM(HeapTupleGetDatum(BuildTupleFromCStrings(meta, values)));
}
