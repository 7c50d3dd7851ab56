-- outfall: upgrade script from one version to the next.  Built from the SQL
-- files under src/ that the newer version adds; see the Makefile.

\echo Use "ALTER EXTENSION outfall UPDATE" to load this file. \quit

