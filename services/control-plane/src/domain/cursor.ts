import { badInput } from "./errors.js";

/** Opaque keyset cursor over (queuedAt desc, id desc): stable and index-backed at any depth. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString("base64url");
}

export function decodeCursor(text: string): KeysetCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad");
    return { at: date, id };
  } catch {
    throw badInput(`"after" is not a cursor returned by this API; pass pageInfo.endCursor from the previous page.`);
  }
}

export function pageSize(first: number | null | undefined, fallback = 20, max = 500): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`first must be between 1 and ${max}.`);
  return first;
}
