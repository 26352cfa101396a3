import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { PULL_POLICIES, type PullPolicy } from "@baton/proto";
import { KubeConfig } from "@kubernetes/client-node";
import { z } from "zod";
import { DNS_1123_LABEL, DNS_1123_SUBDOMAIN } from "./names.js";

export interface KubernetesSettings {
  /** The loaded client configuration, on the chosen context. */
  kubeConfig: KubeConfig;
  /** Where the configuration came from, for messages: a file, or "in-cluster service account". */
  source: string;
  /** Where this runner's Jobs go (a runner serves one pool: the namespace per pool). */
  namespace: string;
  /** The runner's default; a run's spec.pullPolicy overrides it. */
  pullPolicy: PullPolicy;
  /** How long a pod may stay in a start failure (ErrImagePull, Unschedulable...) before the run fails. */
  startFailureWaitMs: number;
  /** ttlSecondsAfterFinished: a backstop, the driver deletes each Job itself once it has the verdict and all output. */
  ttlSeconds: number;
  /** Service accounts runs may name; empty: none. */
  serviceAccounts: readonly string[];
}

/** An unset variable and an empty one mean the same: the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const wholeNumber = (unit: string, min: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `must be a whole number of ${unit}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` }),
    );

const serviceAccounts = z.string().transform((value, ctx): string[] => {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  for (const name of names) {
    if (!DNS_1123_SUBDOMAIN.test(name) || name.length > 253) {
      ctx.addIssue({ code: "custom", message: `"${name}" is not a valid service account name` });
    }
  }
  return names;
});

const schema = z.object({
  KUBECONFIG: optional(z.string()),
  KUBERNETES_SERVICE_HOST: optional(z.string()),
  RUNNER_KUBERNETES_CONTEXT: optional(z.string()),
  RUNNER_KUBERNETES_NAMESPACE: optional(
    z.string().refine((ns) => DNS_1123_LABEL.test(ns) && ns.length <= 63, {
      message: "must be a namespace name (lower-case letters, digits and '-', at most 63 characters)",
    }),
  ),
  RUNNER_KUBERNETES_PULL_POLICY: optional(
    z.enum(PULL_POLICIES, { message: `must be one of ${PULL_POLICIES.join(", ")}` }),
  ),
  RUNNER_KUBERNETES_START_FAILURE_WAIT_MS: optional(wholeNumber("milliseconds", 0)),
  RUNNER_KUBERNETES_TTL_SECONDS: optional(wholeNumber("seconds", 0)),
  RUNNER_KUBERNETES_SERVICE_ACCOUNTS: optional(serviceAccounts),
});

/**
 * The Kubernetes runner's settings from its environment: the client
 * configuration (KUBECONFIG, else the in-cluster service account when
 * KUBERNETES_SERVICE_HOST is set, else ~/.kube/config) loaded with
 * client-node's own loaders, and the runner's options. Throws one Error that
 * names every bad variable, one per line, so an operator fixes them all at once.
 */
export function parseKubernetesSettings(env: Readonly<Record<string, string | undefined>>): KubernetesSettings {
  const problems: string[] = [];
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const vars = parsed.success ? parsed.data : undefined;
  const loaded = loadKubeConfig(env.KUBECONFIG || undefined, env, problems);
  // Checked even when other variables are bad, so every problem is named at once.
  const wanted = env.RUNNER_KUBERNETES_CONTEXT || undefined;
  if (loaded && wanted !== undefined) {
    if (loaded.kubeConfig.getContextObject(wanted)) loaded.kubeConfig.setCurrentContext(wanted);
    else {
      const known = loaded.kubeConfig.getContexts().map((c) => c.name);
      problems.push(
        `RUNNER_KUBERNETES_CONTEXT: context "${wanted}" is not in ${loaded.source} (it has: ${known.join(", ") || "none"})`,
      );
    }
  }
  if (loaded && !loaded.kubeConfig.getCurrentCluster()) {
    problems.push(
      `${loaded.variable}: ${loaded.source} has no cluster for its current context ("${loaded.kubeConfig.getCurrentContext()}"); ` +
        "set current-context in the file or RUNNER_KUBERNETES_CONTEXT",
    );
  }
  if (problems.length > 0 || !vars || !loaded) throw new Error(problems.join("\n"));
  const contextNamespace = loaded.kubeConfig.getContextObject(loaded.kubeConfig.getCurrentContext())?.namespace;
  return {
    kubeConfig: loaded.kubeConfig,
    source: loaded.source,
    namespace: vars.RUNNER_KUBERNETES_NAMESPACE ?? (contextNamespace?.trim() || "default"),
    pullPolicy: vars.RUNNER_KUBERNETES_PULL_POLICY ?? "IfNotPresent",
    startFailureWaitMs: vars.RUNNER_KUBERNETES_START_FAILURE_WAIT_MS ?? 60_000,
    ttlSeconds: vars.RUNNER_KUBERNETES_TTL_SECONDS ?? 600,
    serviceAccounts: vars.RUNNER_KUBERNETES_SERVICE_ACCOUNTS ?? [],
  };
}

interface Loaded {
  kubeConfig: KubeConfig;
  source: string;
  /** The variable an operator changes to fix the configuration. */
  variable: string;
}

/** client-node's loaders, with their failures turned into sentences that name the variable to fix. */
function loadKubeConfig(
  kubeconfig: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): Loaded | undefined {
  const kubeConfig = new KubeConfig();
  if (kubeconfig !== undefined) {
    // A list of files, as kubectl takes it: the first one's current context wins.
    const files = kubeconfig.split(delimiter).filter((file) => file !== "");
    try {
      kubeConfig.loadFromFile(files[0] ?? "");
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kubeConfig.mergeConfig(more);
      }
    } catch (err) {
      problems.push(`KUBECONFIG: cannot load "${kubeconfig}": ${(err as Error).message}`);
      return undefined;
    }
    return { kubeConfig, source: kubeconfig, variable: "KUBECONFIG" };
  }
  if (env.KUBERNETES_SERVICE_HOST) {
    // In a pod: client-node reads the service account's token, CA and namespace files itself.
    kubeConfig.loadFromCluster();
    return { kubeConfig, source: "the in-cluster service account", variable: "KUBERNETES_SERVICE_HOST" };
  }
  const file = join(env.HOME || homedir(), ".kube", "config");
  try {
    kubeConfig.loadFromFile(file);
  } catch (err) {
    problems.push(
      `KUBECONFIG: not set, not in a cluster (KUBERNETES_SERVICE_HOST unset), and ${file} cannot be loaded ` +
        `(${(err as Error).message}); set KUBECONFIG to a kubeconfig file`,
    );
    return undefined;
  }
  return { kubeConfig, source: file, variable: "KUBECONFIG" };
}
