/**
 * Job parameters from arguments: `--date=2026-11-23` and `--date 2026-11-23`
 * both give `{ date: "2026-11-23" }`, a bare `--dry-run` gives "true". Both
 * spellings occur: a task's default arguments are often split in two argv
 * elements, DAG node arguments are written `--key=value`. A later value wins,
 * so launch-time arguments override the task's defaults. Other arguments are
 * left for the job to read from JobInfo.args.
 */
export function jobParameters(argv: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--") || arg === "--") continue;
    const eq = arg.indexOf("=");
    if (eq > 2) {
      params[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      params[arg.slice(2)] = next;
      i++;
    } else {
      params[arg.slice(2)] = "true";
    }
  }
  return params;
}
