-- Lines of each stream ingested per execution (step lines count as stdout):
-- a runner that restarts and adopts a still-running container resumes its
-- output after them, so nothing is reported twice or lost.
ALTER TABLE "executions" ADD COLUMN "stdoutLines" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "executions" ADD COLUMN "stderrLines" INTEGER NOT NULL DEFAULT 0;
