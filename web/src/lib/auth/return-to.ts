// Where to go after sign-in: a path on this console only. Pure, for the tests.

const PROBE = "http://console.invalid";

/**
 * A same-origin path (with its query) to return to after signing in; "/"
 * for anything else: another origin, "//host", "/\host", a scheme, the
 * /auth/ routes themselves (no loop), or something too long to be a path.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2048 || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return "/";
  let url: URL;
  try {
    url = new URL(value, PROBE);
  } catch {
    return "/";
  }
  if (url.origin !== PROBE) return "/";
  if (url.pathname === "/auth" || url.pathname.startsWith("/auth/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
