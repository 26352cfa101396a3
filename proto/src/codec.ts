import type { z } from "zod";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encode(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Decodes and validates; throws a readable error naming the first bad field. */
export function decode<T extends z.ZodType>(schema: T, data: Uint8Array): z.infer<T> {
  const parsed = schema.safeParse(JSON.parse(decoder.decode(data)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid message: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}
