/*
 * division_code.c
 *		Type division_code (行政区划代码, GB/T 2260 and GB/T 10114): I/O,
 *		hierarchy accessors, containment, and the planner support that lets
 *		"d <@ '5001'" use a b-tree range scan.
 *
 * The value is the code zero-padded to 12 digits (see code_parse.h), so the
 * b-tree order is plain integer order, a division sorts directly before its
 * descendants, and "d <@ p" is the range p <= d < p + span(p).
 */
#include "codes.h"

#include "access/stratnum.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_type_d.h"
#include "commands/defrem.h"
#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"
#include "utils/sortsupport.h"

PG_FUNCTION_INFO_V1(division_code_in);
PG_FUNCTION_INFO_V1(division_code_out);
PG_FUNCTION_INFO_V1(division_code_recv);
PG_FUNCTION_INFO_V1(division_code_send);
PG_FUNCTION_INFO_V1(division_code_eq);
PG_FUNCTION_INFO_V1(division_code_ne);
PG_FUNCTION_INFO_V1(division_code_lt);
PG_FUNCTION_INFO_V1(division_code_le);
PG_FUNCTION_INFO_V1(division_code_gt);
PG_FUNCTION_INFO_V1(division_code_ge);
PG_FUNCTION_INFO_V1(division_code_btcmp);
PG_FUNCTION_INFO_V1(division_code_sortsupport);
PG_FUNCTION_INFO_V1(division_code_smaller);
PG_FUNCTION_INFO_V1(division_code_larger);
PG_FUNCTION_INFO_V1(division_code_hash);
PG_FUNCTION_INFO_V1(division_code_hash_extended);
PG_FUNCTION_INFO_V1(division_code_level_of);
PG_FUNCTION_INFO_V1(division_code_parent);
PG_FUNCTION_INFO_V1(division_code_ancestor);
PG_FUNCTION_INFO_V1(division_code_contains);
PG_FUNCTION_INFO_V1(division_code_contained);
PG_FUNCTION_INFO_V1(division_code_contains_support);
PG_FUNCTION_INFO_V1(division_code_contained_support);
PG_FUNCTION_INFO_V1(division_code_contains_sel);
PG_FUNCTION_INFO_V1(division_code_contained_sel);

Datum
division_code_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	DivisionCode result;
	CodeError	err;

	if (!division_code_parse(str, &result, &err))
		report_code_error(CODE_TYPE_DIVISION, str, &err);
	PG_RETURN_DIVISION_CODE(result);
}

Datum
division_code_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(DIVISION_BUFLEN);

	division_code_format(PG_GETARG_DIVISION_CODE(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the 12-digit zero-padded code as int8. */
Datum
division_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	DivisionCode result = pq_getmsgint64(buf);

	if (!division_code_valid(result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type division_code"),
				 errdetail("The value " INT64_FORMAT " is not a 12-digit zero-padded division code "
						   "with a province.", (int64) result)));
	PG_RETURN_DIVISION_CODE(result);
}

Datum
division_code_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_DIVISION_CODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define DIV_A PG_GETARG_DIVISION_CODE(0)
#define DIV_B PG_GETARG_DIVISION_CODE(1)

Datum
division_code_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A == DIV_B);
}

Datum
division_code_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A != DIV_B);
}

Datum
division_code_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A < DIV_B);
}

Datum
division_code_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A <= DIV_B);
}

Datum
division_code_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A > DIV_B);
}

Datum
division_code_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DIV_A >= DIV_B);
}

Datum
division_code_btcmp(PG_FUNCTION_ARGS)
{
	DivisionCode a = DIV_A;
	DivisionCode b = DIV_B;

	PG_RETURN_INT32(a < b ? -1 : a > b ? 1 : 0);
}

Datum
division_code_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	/* int8 order; lets tuplesort use its specialized signed-datum sort */
	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/* for min() and max() */
Datum
division_code_smaller(PG_FUNCTION_ARGS)
{
	PG_RETURN_DIVISION_CODE(Min(DIV_A, DIV_B));
}

Datum
division_code_larger(PG_FUNCTION_ARGS)
{
	PG_RETURN_DIVISION_CODE(Max(DIV_A, DIV_B));
}

/* As hashint8, so that the hash agrees with int8's for the same number. */
static inline uint32
division_hash_key(DivisionCode code)
{
	return (uint32) code ^ (uint32) ((uint64) code >> 32);
}

Datum
division_code_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32(division_hash_key(DIV_A));
}

Datum
division_code_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended(division_hash_key(DIV_A), PG_GETARG_INT64(1));
}

/* level(d): 1 province, 2 city, 3 county, 4 township, 5 village */
Datum
division_code_level_of(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(division_code_level(DIV_A));
}

/*
 * parent(d): the nearest division above, or NULL for a province.  Where a
 * group is absent (the townships of 东莞市 4419 have county group 00) the
 * parent is the next level up that exists.
 */
Datum
division_code_parent(PG_FUNCTION_ARGS)
{
	DivisionCode code = DIV_A;
	int			level = division_code_level(code);

	if (level == DIVISION_LEVEL_PROVINCE)
		PG_RETURN_NULL();
	PG_RETURN_DIVISION_CODE(division_code_truncate(code, level - 1));
}

/*
 * ancestor(d, level): the division of d at that level (d itself at its own
 * level), or NULL if d is above that level or has no such group.  Declared
 * as province(), city(), county() and township() in SQL.
 */
Datum
division_code_ancestor(PG_FUNCTION_ARGS)
{
	DivisionCode code = DIV_A;
	int32		level = PG_GETARG_INT32(1);
	DivisionCode result;

	if (level < DIVISION_LEVEL_PROVINCE || level > DIVISION_LEVEL_VILLAGE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("division level %d does not exist", level),
				 errdetail("Levels are 1 province, 2 city, 3 county, 4 township, 5 village.")));
	if (division_code_level(code) < level)
		PG_RETURN_NULL();
	result = division_code_truncate(code, level);
	if (division_code_level(result) != level)
		PG_RETURN_NULL();
	PG_RETURN_DIVISION_CODE(result);
}

static inline bool
division_contains(DivisionCode outer, DivisionCode inner)
{
	return inner >= outer && inner - outer < division_code_span(outer);
}

/* a @> b: b is a or lies below it */
Datum
division_code_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(division_contains(DIV_A, DIV_B));
}

/* a <@ b: a is b or lies below it */
Datum
division_code_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(division_contains(DIV_B, DIV_A));
}

/*
 * The b-tree operators of the default opclass of division_code, for
 * building range conditions.
 */
static bool
division_range_operators(Oid opfamily, Oid typid, Oid *ge, Oid *lt, Oid *le)
{
	*ge = get_opfamily_member(opfamily, typid, typid, BTGreaterEqualStrategyNumber);
	*lt = get_opfamily_member(opfamily, typid, typid, BTLessStrategyNumber);
	*le = get_opfamily_member(opfamily, typid, typid, BTLessEqualStrategyNumber);
	return OidIsValid(*ge) && OidIsValid(*lt) && OidIsValid(*le);
}

static Const *
division_const(Oid typid, DivisionCode value)
{
	return makeConst(typid, -1, InvalidOid, sizeof(int64),
					 DivisionCodeGetDatum(value), false, true);
}

/*
 * The conditions on the indexed side equivalent to (or, for ancestors,
 * implied by) containment with a constant:
 *	descendants of c:  c <= x < c + span(c)		(exact)
 *	ancestors of c:    province(c) <= x <= c	(lossy: also matches cousins)
 */
static List *
division_range_clauses(Expr *var, Oid typid, Oid opfamily, DivisionCode c,
					   bool descendants, bool *lossy)
{
	Oid			ge,
				lt,
				le;

	/* NIL unless opfamily is a b-tree family of division_code */
	if (!division_range_operators(opfamily, typid, &ge, &lt, &le))
		return NIL;
	if (descendants)
	{
		*lossy = false;
		return list_make2(make_opclause(ge, BOOLOID, false, var,
										(Expr *) division_const(typid, c),
										InvalidOid, InvalidOid),
						  make_opclause(lt, BOOLOID, false, var,
										(Expr *) division_const(typid, c + division_code_span(c)),
										InvalidOid, InvalidOid));
	}
	*lossy = true;
	return list_make2(make_opclause(ge, BOOLOID, false, var,
									(Expr *) division_const(typid,
															division_code_truncate(c, DIVISION_LEVEL_PROVINCE)),
									InvalidOid, InvalidOid),
					  make_opclause(le, BOOLOID, false, var,
									(Expr *) division_const(typid, c),
									InvalidOid, InvalidOid));
}

/*
 * Planner support for @> and <@: turns containment with a constant into a
 * b-tree range on the indexed column.  contained_fn tells which of the two
 * functions is asked about: a <@ b (true) or a @> b (false).
 */
static List *
division_index_condition(Node *rawreq, bool contained_fn)
{
	SupportRequestIndexCondition *req;
	List	   *args;
	Node	   *indexed;
	Node	   *other;
	bool		descendants;
	Oid			typid;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		return NIL;
	req = (SupportRequestIndexCondition *) rawreq;
	if (!is_funcclause(req->node) && !is_opclause(req->node))
		return NIL;
	args = is_funcclause(req->node) ? ((FuncExpr *) req->node)->args
		: ((OpExpr *) req->node)->args;
	if (list_length(args) != 2 || req->indexarg > 1)
		return NIL;

	indexed = (Node *) list_nth(args, req->indexarg);
	other = (Node *) list_nth(args, 1 - req->indexarg);
	if (!IsA(other, Const) || ((Const *) other)->constisnull)
		return NIL;
	typid = exprType(indexed);

	/* x <@ c and c @> x ask for descendants of c; the others for ancestors */
	descendants = contained_fn ? (req->indexarg == 0) : (req->indexarg == 1);

	return division_range_clauses((Expr *) indexed, typid, req->opfamily,
								  DatumGetDivisionCode(((Const *) other)->constvalue),
								  descendants, &req->lossy);
}

Datum
division_code_contains_support(PG_FUNCTION_ARGS)
{
	List	   *clauses = division_index_condition((Node *) PG_GETARG_POINTER(0), false);

	PG_RETURN_POINTER(clauses != NIL ? clauses : NULL);
}

Datum
division_code_contained_support(PG_FUNCTION_ARGS)
{
	List	   *clauses = division_index_condition((Node *) PG_GETARG_POINTER(0), true);

	PG_RETURN_POINTER(clauses != NIL ? clauses : NULL);
}

/*
 * Restriction selectivity of containment: for the descendants of a constant
 * it is that of the equivalent range, estimated from the column's histogram
 * by clauselist_selectivity; ancestors are at most five rows' worth.
 */
static double
division_containment_sel(PlannerInfo *root, List *args, int varRelid,
						 bool contained_op)
{
	VariableStatData vardata;
	Node	   *other;
	bool		varonleft;
	double		selec;

	if (!get_restriction_variable(root, args, varRelid, &vardata, &other, &varonleft))
		return DEFAULT_EQ_SEL * DIVISION_LEVEL_VILLAGE;
	if (IsA(other, Const) && !((Const *) other)->constisnull)
	{
		DivisionCode c = DatumGetDivisionCode(((Const *) other)->constvalue);
		bool		descendants = contained_op ? varonleft : !varonleft;
		Oid			opclass = GetDefaultOpClass(vardata.vartype, BTREE_AM_OID);
		bool		lossy;
		List	   *clauses = NIL;

		if (descendants && OidIsValid(opclass))
			clauses = division_range_clauses((Expr *) vardata.var, vardata.vartype,
											 get_opclass_family(opclass), c, true, &lossy);
		if (clauses != NIL)
			selec = clauselist_selectivity(root, clauses, varRelid, JOIN_INNER, NULL);
		else
			selec = DEFAULT_EQ_SEL * division_code_level(c);
	}
	else
		selec = DEFAULT_EQ_SEL * DIVISION_LEVEL_VILLAGE;
	ReleaseVariableStats(vardata);
	CLAMP_PROBABILITY(selec);
	return selec;
}

Datum
division_code_contains_sel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(division_containment_sel((PlannerInfo *) PG_GETARG_POINTER(0),
											  (List *) PG_GETARG_POINTER(2),
											  PG_GETARG_INT32(3), false));
}

Datum
division_code_contained_sel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(division_containment_sel((PlannerInfo *) PG_GETARG_POINTER(0),
											  (List *) PG_GETARG_POINTER(2),
											  PG_GETARG_INT32(3), true));
}
