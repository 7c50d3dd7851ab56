-- outfall 0.1 -> 0.2: the registry.  Built from the SQL files under src/
-- that 0.2 adds; see the Makefile.

\echo Use "ALTER EXTENSION outfall UPDATE TO '0.2'" to load this file. \quit

