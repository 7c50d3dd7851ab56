/*
 * progress.c
 *		The progress aggregate: how many outfalls stand in each lifecycle
 *		state, by the action of their plan, in one pass.
 *
 * The transition state is a small matrix of counts — lifecycle state by
 * plan action — from which every measure of the plans is derived at the
 * end (found, monitored, traced, planned, rectified by action, closed,
 * retained and their percentages).  Two states add up cell by cell, so the
 * aggregate combines partial results of parallel workers (or of the nodes
 * of a distributed engine), serializes them as 42 64-bit integers (the
 * matrix and the two survey counters), and has an inverse for moving
 * windows.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/syscache.h"

#define PROGRESS_STATES 8		/* found … retained, as outfall.state */
#define PROGRESS_ACTIONS 5		/* no plan, ban, merge, standardize, retain */

typedef struct ProgressState
{
	int64		n[PROGRESS_STATES][PROGRESS_ACTIONS];
	int64		surveyed;		/* outfalls whose survey is complete */
	int64		survey_known;	/* outfalls given with a survey flag */
} ProgressState;

#define PROGRESS_COUNTERS (PROGRESS_STATES * PROGRESS_ACTIONS + 2)

/* the enum's labels in order; an outfall.state value is found by its OID */
typedef struct StateMap
{
	Oid			label[PROGRESS_STATES];
} StateMap;

static const char *const action_names[PROGRESS_ACTIONS] = {
	NULL, "ban", "merge", "standardize", "retain"
};

PG_FUNCTION_INFO_V1(progress_trans);
PG_FUNCTION_INFO_V1(progress_inv);
PG_FUNCTION_INFO_V1(progress_combine);
PG_FUNCTION_INFO_V1(progress_serialize);
PG_FUNCTION_INFO_V1(progress_deserialize);
PG_FUNCTION_INFO_V1(progress_final);

/*
 * The OIDs of outfall.state's labels in their sort order, looked up once
 * per aggregate call site and kept in fn_extra.
 */
static StateMap *
state_map(FunctionCallInfo fcinfo)
{
	StateMap   *map = (StateMap *) fcinfo->flinfo->fn_extra;
	Oid			enumtype;
	CatCList   *list;
	float4		order[PROGRESS_STATES];
	int			i;

	/* a call site's argument type does not change: look it up once */
	if (likely(map != NULL))
		return map;
	enumtype = get_fn_expr_argtype(fcinfo->flinfo, 1);

	map = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(StateMap));
	list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(enumtype));
	if (list->n_members != PROGRESS_STATES)
	{
		int			members = list->n_members;

		ReleaseCatCacheList(list);
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("outfall.progress: the state type has %d labels, expected the %d of outfall.state",
						members, PROGRESS_STATES)));
	}
	/* insertion by sort order: eight labels */
	for (i = 0; i < list->n_members; i++)
	{
		Form_pg_enum en = (Form_pg_enum) GETSTRUCT(&list->members[i]->tuple);
		int			j = i;

		while (j > 0 && order[j - 1] > en->enumsortorder)
		{
			order[j] = order[j - 1];
			map->label[j] = map->label[j - 1];
			j--;
		}
		order[j] = en->enumsortorder;
		map->label[j] = en->oid;
	}
	ReleaseCatCacheList(list);
	fcinfo->flinfo->fn_extra = map;
	return map;
}

static int
state_index(StateMap *map, Oid label)
{
	int			i;

	for (i = 0; i < PROGRESS_STATES; i++)
		if (map->label[i] == label)
			return i;
	elog(ERROR, "outfall.progress: enum label %u is not of outfall.state", label);
	return -1;					/* not reached */
}

static int
action_index(text *action)
{
	const char *s = VARDATA_ANY(action);
	int			len = VARSIZE_ANY_EXHDR(action);
	int			i;

	for (i = 1; i < PROGRESS_ACTIONS; i++)
		if (strlen(action_names[i]) == len && memcmp(action_names[i], s, len) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("outfall.progress: plan action \"%.*s\" is not ban, merge, standardize or retain", len, s)));
	return -1;					/* not reached */
}

static ProgressState *
state_arg(FunctionCallInfo fcinfo, int argno, MemoryContext *aggcontext)
{
	if (!AggCheckCallContext(fcinfo, aggcontext))
		elog(ERROR, "outfall.progress: called outside an aggregate");
	if (PG_ARGISNULL(argno))
		return (ProgressState *) MemoryContextAllocZero(*aggcontext, sizeof(ProgressState));
	return (ProgressState *) PG_GETARG_POINTER(argno);
}

/*
 * One outfall: its state, its plan's action (NULL: no plan) and, in the
 * three-argument form, whether its survey is complete (NULL: not known).
 */
static Datum
progress_step(FunctionCallInfo fcinfo, int64 delta)
{
	MemoryContext aggcontext;
	ProgressState *st = state_arg(fcinfo, 0, &aggcontext);
	int			s,
				a;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);	/* an outfall without a state is not counted */
	s = state_index(state_map(fcinfo), PG_GETARG_OID(1));
	a = PG_ARGISNULL(2) ? 0 : action_index(PG_GETARG_TEXT_PP(2));
	st->n[s][a] += delta;
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		st->survey_known += delta;
		if (PG_GETARG_BOOL(3))
			st->surveyed += delta;
	}
	PG_RETURN_POINTER(st);
}

Datum
progress_trans(PG_FUNCTION_ARGS)
{
	return progress_step(fcinfo, 1);
}

Datum
progress_inv(PG_FUNCTION_ARGS)
{
	return progress_step(fcinfo, -1);
}

Datum
progress_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	ProgressState *a;
	ProgressState *b;
	int			s,
				k;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "outfall.progress: called outside an aggregate");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	b = (ProgressState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = (ProgressState *) MemoryContextAlloc(aggcontext, sizeof(ProgressState));
		memcpy(a, b, sizeof(ProgressState));
		PG_RETURN_POINTER(a);
	}
	a = (ProgressState *) PG_GETARG_POINTER(0);
	for (s = 0; s < PROGRESS_STATES; s++)
		for (k = 0; k < PROGRESS_ACTIONS; k++)
			a->n[s][k] += b->n[s][k];
	a->surveyed += b->surveyed;
	a->survey_known += b->survey_known;
	PG_RETURN_POINTER(a);
}

Datum
progress_serialize(PG_FUNCTION_ARGS)
{
	ProgressState *st = (ProgressState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			s,
				k;

	pq_begintypsend(&buf);
	for (s = 0; s < PROGRESS_STATES; s++)
		for (k = 0; k < PROGRESS_ACTIONS; k++)
			pq_sendint64(&buf, st->n[s][k]);
	pq_sendint64(&buf, st->surveyed);
	pq_sendint64(&buf, st->survey_known);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
progress_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcontext;
	ProgressState *st;
	StringInfoData buf;
	int			s,
				k;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "outfall.progress: called outside an aggregate");
	if (VARSIZE_ANY_EXHDR(raw) != sizeof(int64) * PROGRESS_COUNTERS)
		elog(ERROR, "outfall.progress: a serialized state has %d bytes, expected %d",
			 (int) VARSIZE_ANY_EXHDR(raw), (int) (sizeof(int64) * PROGRESS_COUNTERS));
	st = (ProgressState *) MemoryContextAlloc(aggcontext, sizeof(ProgressState));
	buf.data = VARDATA_ANY(raw);
	buf.len = VARSIZE_ANY_EXHDR(raw);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	for (s = 0; s < PROGRESS_STATES; s++)
		for (k = 0; k < PROGRESS_ACTIONS; k++)
			st->n[s][k] = pq_getmsgint64(&buf);
	st->surveyed = pq_getmsgint64(&buf);
	st->survey_known = pq_getmsgint64(&buf);
	PG_RETURN_POINTER(st);
}

/*
 * The counts as outfall.progress: the outfalls now in each state, those
 * that have reached monitoring, tracing, a plan, and the end of their
 * rectification (rectified, closed or retained) by the action of their
 * plan, those closed out, and the percentages of the total.  The survey
 * count is NULL when no outfall came with a survey flag (the two-argument
 * form).
 */
#define PROGRESS_COLUMNS 26

Datum
progress_final(PG_FUNCTION_ARGS)
{
	ProgressState *st = PG_ARGISNULL(0) ? NULL : (ProgressState *) PG_GETARG_POINTER(0);
	TupleDesc	desc;
	Datum		values[PROGRESS_COLUMNS];
	bool		nulls[PROGRESS_COLUMNS];
	int64		in_state[PROGRESS_STATES] = {0};
	int64		done[PROGRESS_ACTIONS] = {0};
	int64		total = 0,
				reached[PROGRESS_STATES] = {0},
				done_all = 0,
				closed_out;
	bool		survey_known = (st != NULL && st->survey_known != 0);
	int			s,
				k,
				v = 0;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "outfall.progress: the result type is not a composite");
	desc = BlessTupleDesc(desc);
	if (desc->natts != PROGRESS_COLUMNS)
		elog(ERROR, "outfall.progress: the result type has %d columns, expected %d",
			 desc->natts, PROGRESS_COLUMNS);

	if (st != NULL)
		for (s = 0; s < PROGRESS_STATES; s++)
			for (k = 0; k < PROGRESS_ACTIONS; k++)
			{
				in_state[s] += st->n[s][k];
				if (s >= 5)		/* rectified, closed, retained */
					done[k] += st->n[s][k];
			}
	for (s = PROGRESS_STATES - 1; s >= 0; s--)
	{
		total += in_state[s];
		reached[s] = total;		/* in this state or a later one */
	}
	for (k = 0; k < PROGRESS_ACTIONS; k++)
		done_all += done[k];
	closed_out = in_state[6] + in_state[7];

	memset(nulls, 0, sizeof(nulls));
	values[v++] = Int64GetDatum(total);
	nulls[v] = !survey_known;
	values[v++] = Int64GetDatum(survey_known ? st->surveyed : 0);
	for (s = 0; s < PROGRESS_STATES; s++)
		values[v++] = Int64GetDatum(in_state[s]);
	values[v++] = Int64GetDatum(reached[1]);	/* monitored */
	values[v++] = Int64GetDatum(reached[2]);	/* traced */
	values[v++] = Int64GetDatum(reached[3]);	/* planned */
	values[v++] = Int64GetDatum(done_all);
	for (k = 1; k < PROGRESS_ACTIONS; k++)
		values[v++] = Int64GetDatum(done[k]);
	values[v++] = Int64GetDatum(done[0]);
	values[v++] = Int64GetDatum(closed_out);
	/* percentages of the total, NULL when there is nothing to count */
	{
		int64		parts[6] = {survey_known ? st->surveyed : 0,
			reached[1], reached[2], reached[3], done_all, closed_out};

		for (k = 0; k < 6; k++)
		{
			bool		none = (total == 0 || (k == 0 && !survey_known));

			nulls[v] = none;
			values[v++] = Float8GetDatum(none ? 0 : 100.0 * (double) parts[k] / (double) total);
		}
	}
	Assert(v == PROGRESS_COLUMNS);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
