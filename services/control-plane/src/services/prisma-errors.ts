/** True for Prisma's unique-constraint violation (P2002), however it is wrapped. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
