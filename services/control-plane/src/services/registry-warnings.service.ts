import { stat } from "node:fs/promises";
import { hostname } from "node:os";
import { allowedSomewhere, type ProgramAllowlist } from "../domain/program-allowlist.js";
import { appUriOf, type FileCheck, type RegistryWarning, registryWarnings } from "../domain/registry-warnings.js";

/** The platform of every live runner: the same runners the `runners` query lists by default. */
export type LivePlatforms = () => Promise<string[]>;

/**
 * The I/O behind AppVersion.warnings: stat of a file: program on this host,
 * and the live runners' platforms for a docker: one. The rules are the pure
 * domain/registry-warnings.ts.
 */
export class RegistryWarningsService {
  private cache: { at: number; platforms: Promise<string[]> } | undefined;

  constructor(
    private readonly livePlatforms: LivePlatforms,
    /** BATON_ALLOWED_PROGRAMS: a path no pool allows is not looked at, so its existence is never revealed. */
    private readonly programs?: ProgramAllowlist,
    private readonly ttlMs = 1000,
    private readonly host = hostname(),
  ) {}

  async of(version: { version: string; uri: string }): Promise<RegistryWarning[]> {
    const uri = appUriOf(version.uri);
    const file =
      uri?.kind === "file" && allowedSomewhere(this.programs, version.uri) ? await checkFile(uri.path) : undefined;
    const livePlatforms = uri?.kind === "docker" ? await this.platforms() : undefined;
    return registryWarnings({
      uri: version.uri,
      version: version.version,
      host: this.host,
      ...(file ? { file } : {}),
      ...(livePlatforms ? { livePlatforms } : {}),
    });
  }

  /**
   * The apps page asks for the warnings of every version at once: one read of
   * the runners serves every version asked about within ttlMs (1 s), instead
   * of one per version per request. A failed read is not kept.
   */
  private platforms(): Promise<string[]> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > this.ttlMs) {
      const platforms = this.livePlatforms();
      this.cache = { at: now, platforms };
      platforms.catch(() => {
        if (this.cache?.platforms === platforms) this.cache = undefined;
      });
    }
    return this.cache.platforms;
  }
}

async function checkFile(path: string): Promise<FileCheck> {
  try {
    const s = await stat(path);
    if (s.isFile()) return { state: "file" };
    return s.isDirectory() ? { state: "directory" } : { state: "other" };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { state: "missing" };
    return { state: "unchecked", reason: (err as Error).message };
  }
}
