/** True for a unique-constraint violation from Prisma (P2002) or node-postgres (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === "P2002" || code === "23505";
}
