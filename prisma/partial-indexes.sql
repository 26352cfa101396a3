-- What the migrations create that schema.prisma cannot express: partial indexes, the view
-- execution_event_log (Prisma has neither), and the trigram index of executions(search) with its function. test/db-drift.test.ts applies this file to the database built from the schema,
-- so the two still have to agree on everything else. Keep each statement identical to its
-- migration's.
CREATE INDEX "executions_queued_idx" ON "executions"("taskId", "priority" DESC, "queuedAt", "id") WHERE "status" = 'QUEUED';
CREATE INDEX "executions_logs_pending_idx" ON "executions"("taskId", "endedAt") WHERE "logsExpiredAt" IS NULL AND "endedAt" IS NOT NULL;
CREATE VIEW "execution_event_log" AS
SELECT "executionId", seq, kind, payload, at FROM "execution_events"
UNION ALL
SELECT c."executionId", c."firstSeq" + (l.i - 1)::int AS seq, 'LOG' AS kind,
       jsonb_build_object('stream', CASE substr(c.streams, l.i::int, 1) WHEN 'o' THEN 'stdout' WHEN 'e' THEN 'stderr'
                                      WHEN 's' THEN 'system' ELSE 'combined' END,
                          'text', l.text) AS payload,
       c.at + make_interval(secs => c.offsets[l.i::int] / 1000.0) AS at
FROM "execution_log_chunks" c CROSS JOIN LATERAL unnest(c.texts) WITH ORDINALITY AS l(text, i);
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION "baton_execution_text"(arguments text[], message text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string(arguments, ' ') || ' ' || coalesce(message, '') $$;
CREATE INDEX "executions_search_idx" ON "executions"
  USING gin ("baton_execution_text"("arguments", "exitMessage") gin_trgm_ops);
