-- Issue 16 ("search across executions"): executions(search) finds runs by their arguments or exit message,
-- any part of them, any case. A trigram index (pg_trgm, in PostgreSQL's contrib; a trusted extension since
-- PostgreSQL 13, so the database's owner may create it) serves ILIKE '%text%' over the function below, so a
-- rare text or one no run has does not read the whole table (bench/history.mjs). The function is IMMUTABLE
-- (array_to_string is only STABLE in general, but not for text[]), which an index expression requires; the
-- query calls the same function, so the planner matches it to the index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION "baton_execution_text"(arguments text[], message text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string(arguments, ' ') || ' ' || coalesce(message, '') $$;
CREATE INDEX "executions_search_idx" ON "executions"
  USING gin ("baton_execution_text"("arguments", "exitMessage") gin_trgm_ops);
