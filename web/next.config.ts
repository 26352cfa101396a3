import type { NextConfig } from "next";

export const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // One monorepo, one lockfile at the root: trace files from there.
  outputFileTracingRoot: new URL("..", import.meta.url).pathname,
};

export default config;
