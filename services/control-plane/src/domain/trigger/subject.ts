/** The NATS subject a message trigger listens on. Pure. */
import { badInput } from "../errors.js";

export const MAX_SUBJECT_LENGTH = 200;
const TOKEN = /^[A-Za-z0-9_-]+$/;
/** NATS' own subjects: JetStream's API, request inboxes, system events. */
const SYSTEM_PREFIXES = ["$JS.", "_INBOX.", "$SYS."] as const;
const EXAMPLE = "such as orders.created";

/**
 * A NATS subject a trigger listens on: tokens separated by ".", each
 * [A-Za-z0-9_-]+, no wildcards (* >), no spaces, 1..200 characters, and not
 * under Baton's prefix (`${natsPrefix}.`) nor NATS' own ($JS., _INBOX., $SYS.).
 * Returns the subject trimmed.
 */
export function checkSubject(subject: string, natsPrefix: string): string {
  const s = typeof subject === "string" ? subject.trim() : "";
  const bad = (why: string) => badInput(`Subject ${JSON.stringify(s)} ${why}`, { field: "subject" });
  if (s === "") {
    throw badInput(`Subject is empty; give the exact subject the trigger listens on, ${EXAMPLE}.`, {
      field: "subject",
    });
  }
  if (s.length > MAX_SUBJECT_LENGTH) {
    throw badInput(`Subject is ${s.length} characters long; use at most ${MAX_SUBJECT_LENGTH}.`, { field: "subject" });
  }
  if (/[*>]/.test(s)) throw bad(`has a wildcard; a trigger listens on one exact subject ${EXAMPLE}.`);
  if (/\s/.test(s)) throw bad(`has a space or other white space; NATS subjects have none. Use "." or "-" instead.`);
  const prefix = natsPrefix.trim();
  const reserved = [...(prefix === "" ? [] : [`${prefix}.`]), ...SYSTEM_PREFIXES];
  const taken = reserved.find((p) => s.startsWith(p) || s === p.slice(0, -1));
  if (taken !== undefined) {
    const owner = taken === `${prefix}.` ? "Baton's own messages" : "NATS itself";
    throw bad(
      `is under ${taken.slice(0, -1)}, which is reserved for ${owner}; choose a subject of your own ${EXAMPLE}.`,
    );
  }
  const tokens = s.split(".");
  if (tokens.some((t) => t === "")) {
    throw bad(
      `has an empty token (a leading, trailing or double "."); write tokens separated by single dots, ${EXAMPLE}.`,
    );
  }
  for (const token of tokens) {
    if (!TOKEN.test(token)) {
      const c = [...token].find((ch) => !/[A-Za-z0-9_-]/.test(ch)) ?? token;
      throw bad(
        `has ${JSON.stringify(c)} in the token "${token}"; tokens may have only letters, digits, "_" and "-", separated by ".".`,
      );
    }
  }
  return s;
}
