/*
 * report_stub.h
 *		The error report of src/types/code_error.c, run outside the server:
 *		report_stub.c stubs the few elog.c entry points it calls and hands
 *		back what the server would have sent.  Free of PostgreSQL headers so
 *		the fuzz harness can include it next to code_parse.h.
 */
#ifndef OUTFALL_REPORT_STUB_H
#define OUTFALL_REPORT_STUB_H

#include "code_parse.h"

#define REPORT_TEXT_LEN 4096

typedef struct StubReport
{
	int			sqlstate;		/* as errcode() got it (MAKE_SQLSTATE) */
	int			finished;		/* errfinish() was reached */
	int			truncated;		/* a text did not fit its buffer */
	char		message[REPORT_TEXT_LEN];
	char		detail[REPORT_TEXT_LEN];
	char		hint[REPORT_TEXT_LEN];
} StubReport;

/* type: 0 outfall_code, 1 division_code, 2 uscc (CodeType of codes.h) */
extern void stub_report_code_error(int type, const char *input,
								   const CodeError *err, StubReport *report);

/* SQLSTATE 22P02 as errcode() receives it */
extern int	stub_invalid_text_representation(void);

#endif							/* OUTFALL_REPORT_STUB_H */
