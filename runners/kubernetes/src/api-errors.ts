import { ApiException } from "@kubernetes/client-node";

interface StatusBody {
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ field?: string; message?: string; reason?: string }> };
}

/** The HTTP status of a failed API call (ApiException, or a watch error), if it has one. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { statusCode?: unknown; code?: unknown } | undefined)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/**
 * What the API server said, as a sentence: its Status message, and for a
 * 422 each field cause (client-node keeps the body as a string).
 */
export function apiErrorText(err: unknown): string {
  if (!(err instanceof ApiException)) return err instanceof Error ? err.message : String(err);
  let body: StatusBody | undefined;
  try {
    body = (typeof err.body === "string" ? JSON.parse(err.body) : err.body) as StatusBody | undefined;
  } catch {
    body = undefined;
  }
  const message = body?.message ?? (typeof err.body === "string" && err.body !== "" ? err.body : err.message);
  const causes = (body?.details?.causes ?? [])
    .map((c) => [c.field, c.message].filter(Boolean).join(": "))
    .filter((c) => c !== "" && !message.includes(c));
  return `${message} (HTTP ${err.code}${body?.reason ? ` ${body.reason}` : ""})${causes.length ? `: ${causes.join("; ")}` : ""}`;
}
