/** The error codes of API.md; every refusal a person can act on carries one. */
export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNAUTHENTICATED";

export class BatonError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "BatonError";
  }
}

export const badInput = (message: string, details?: Record<string, unknown>): BatonError =>
  new BatonError("BAD_USER_INPUT", message, details);
export const notFound = (message: string): BatonError => new BatonError("NOT_FOUND", message);
export const conflict = (message: string, details?: Record<string, unknown>): BatonError =>
  new BatonError("CONFLICT", message, details);
export const forbidden = (message: string, details?: Record<string, unknown>): BatonError =>
  new BatonError("FORBIDDEN", message, details);
export const unauthenticated = (message: string): BatonError => new BatonError("UNAUTHENTICATED", message);
