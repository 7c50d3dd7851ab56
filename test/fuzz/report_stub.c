/*
 * report_stub.c
 *		Just enough of elog.c and psprintf.c for src/types/code_error.c to
 *		run outside the server (see report_stub.h).  ereport(ERROR) ends in
 *		errfinish(), which jumps back to stub_report_code_error() as the
 *		server's longjmp to its error handler would.
 */
#include "codes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "report_stub.h"

/* port.h sends these to libpgport; the C library's are enough here */
#undef vsnprintf
#undef snprintf

#define MAX_PSPRINTF 16

static StubReport *current;
static sigjmp_buf *error_jump;
static char *allocated[MAX_PSPRINTF];
static int	nallocated;

static void
format_into(char *buf, const char *fmt, va_list ap)
{
	int			n = vsnprintf(buf, REPORT_TEXT_LEN, fmt, ap);

	if (n < 0 || n >= REPORT_TEXT_LEN)
		current->truncated = 1;
}

bool
errstart(int elevel, const char *domain)
{
	(void) elevel;
	(void) domain;
	return true;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

int
errcode(int sqlerrcode)
{
	current->sqlstate = sqlerrcode;
	return 0;
}

int
errmsg(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	format_into(current->message, fmt, ap);
	va_end(ap);
	return 0;
}

int
errdetail(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	format_into(current->detail, fmt, ap);
	va_end(ap);
	return 0;
}

int
errhint(const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	format_into(current->hint, fmt, ap);
	va_end(ap);
	return 0;
}

/* freed when the report is done, as the server frees its error context */
char *
psprintf(const char *fmt,...)
{
	va_list		ap;
	char	   *buf = malloc(REPORT_TEXT_LEN);

	if (buf == NULL || nallocated >= MAX_PSPRINTF)
		abort();
	allocated[nallocated++] = buf;
	va_start(ap, fmt);
	format_into(buf, fmt, ap);
	va_end(ap);
	return buf;
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	(void) filename;
	(void) lineno;
	(void) funcname;
	current->finished = 1;
	siglongjmp(*error_jump, 1);
}

void
stub_report_code_error(int type, const char *input, const CodeError *err,
					   StubReport *report)
{
	sigjmp_buf	jump;

	memset(report, 0, sizeof(*report));
	current = report;
	error_jump = &jump;
	nallocated = 0;
	if (sigsetjmp(jump, 0) == 0)
		report_code_error((CodeType) type, input, err);
	while (nallocated > 0)
		free(allocated[--nallocated]);
	current = NULL;
	error_jump = NULL;
}

int
stub_invalid_text_representation(void)
{
	return ERRCODE_INVALID_TEXT_REPRESENTATION;
}
