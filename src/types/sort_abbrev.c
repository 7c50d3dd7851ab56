/*
 * sort_abbrev.c
 *		Abbreviated sort keys for outfall_code and uscc.
 *
 * Each type gives the 64 most significant bits of its order as an unsigned
 * abbreviation (the water body code for an outfall code, the first twelve
 * characters for a credit code), so tuplesort compares plain integers and
 * calls the full comparator only on ties.  As for uuid, the abbreviation is
 * abandoned when a HyperLogLog estimate says it hardly tells rows apart
 * (an outfall registry of a single river, say).
 */
#include "codes.h"

#include "common/hashfn.h"
#include "lib/hyperloglog.h"
#include "utils/sortsupport.h"

typedef struct CodeAbbrevState
{
	CodeAbbrevFn abbreviate;	/* the type's 64-bit abbreviation */
	int64		input_count;	/* values abbreviated so far */
	bool		estimating;		/* still counting distinct abbreviations */
	hyperLogLogState abbr_card; /* distinct abbreviations seen */
} CodeAbbrevState;

static Datum
code_abbrev_convert(Datum original, SortSupport ssup)
{
	CodeAbbrevState *state = (CodeAbbrevState *) ssup->ssup_extra;
	uint64		abbrev = state->abbreviate(original);

	state->input_count++;
	if (state->estimating)
		addHyperLogLog(&state->abbr_card,
					   DatumGetUInt32(hash_uint32((uint32) (abbrev ^ (abbrev >> 32)))));
	return UInt64GetDatum(abbrev);
}

static bool
code_abbrev_abort(int memtupcount, SortSupport ssup)
{
	CodeAbbrevState *state = (CodeAbbrevState *) ssup->ssup_extra;
	double		abbr_card;

	if (memtupcount < 10000 || state->input_count < 10000 || !state->estimating)
		return false;
	abbr_card = estimateHyperLogLog(&state->abbr_card);
	/* plenty of distinct keys: stop counting, keep abbreviating */
	if (abbr_card > 100000.0)
	{
		state->estimating = false;
		return false;
	}
	/* fewer than one distinct key in 2,000 rows: not worth it */
	return abbr_card < state->input_count / 2000.0 + 0.5;
}

void
code_sortsupport(SortSupport ssup, int (*full_comparator) (Datum, Datum, SortSupport),
				 CodeAbbrevFn abbreviate)
{
	CodeAbbrevState *state;

	ssup->comparator = full_comparator;
	if (!ssup->abbreviate)
		return;

	state = MemoryContextAlloc(ssup->ssup_cxt, sizeof(CodeAbbrevState));
	state->abbreviate = abbreviate;
	state->input_count = 0;
	state->estimating = true;
	initHyperLogLog(&state->abbr_card, 10);

	ssup->ssup_extra = state;
	ssup->comparator = ssup_datum_unsigned_cmp;
	ssup->abbrev_converter = code_abbrev_convert;
	ssup->abbrev_abort = code_abbrev_abort;
	ssup->abbrev_full_comparator = full_comparator;
}
