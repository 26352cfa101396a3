/**
 * The origins a browser shows for the console on host:port, for the control
 * plane's BATON_CORS_ORIGIN: 127.0.0.1 and localhost for a loopback console,
 * the host itself otherwise (a wildcard bind address names no origin).
 */
export function consoleOrigins(host: string, port: number): string[] {
  const loopback = host === "127.0.0.1" || host === "localhost" || host === "::1";
  const wildcard = host === "0.0.0.0" || host === "::";
  const hosts = loopback || wildcard ? ["127.0.0.1", "localhost"] : [host];
  return hosts.map((h) => `http://${h}:${port}`);
}
