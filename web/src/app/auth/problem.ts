// A sign-in problem as a small page of its own: the /auth routes render
// outside the console's layout (which needs a session).

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** An HTML page saying what went wrong, with a link to try signing in again. */
export function authProblem(status: number, title: string, message: string, returnTo = "/"): Response {
  const retry = `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Baton</title>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:60px auto;padding:0 24px;color:#1c2330}
.error{color:#c62828}</style></head><body><h1>${escapeHtml(title)}</h1>
<p class="error" role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(retry)}">Sign in again</a></p></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
