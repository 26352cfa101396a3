/**
 * Runs once as the server starts, before it serves a request: checks the
 * sign-in settings (lib/auth/startup.ts). Node.js only, imported on demand
 * as Next.js recommends for Node APIs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkSignInAtStart } = await import("@/lib/auth/startup");
  checkSignInAtStart();
}
