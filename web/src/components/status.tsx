/** A coloured status label (globals.css: .status-<STATUS>); the text is the status itself, so it reads without colour. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = status ?? "NOT_RUN";
  return (
    <span className={`badge status-${s}`} data-status={s}>
      {s === "NOT_RUN" ? "not run" : s.replace("_", " ")}
    </span>
  );
}
