import type { CoreV1Api } from "@kubernetes/client-node";
import { apiErrorText, statusOf } from "./api-errors.js";

/**
 * A Secret's key in the runner's namespace, read only so the host can mask
 * its value in the run's log (Driver.readSecret): the pod itself gets the
 * value through secretKeyRef. `missing` when the Secret or the key does not
 * exist (the pod could not start); rejects when the runner may not read it
 * (its Role has no `get` on secrets: deploy/kubernetes/runner-rbac.yaml).
 */
export async function readSecretKey(
  core: CoreV1Api,
  namespace: string,
  secret: string,
  key: string,
): Promise<{ value: string } | { missing: string }> {
  let data: Record<string, string> | undefined;
  try {
    data = (await core.readNamespacedSecret({ name: secret, namespace })).data;
  } catch (err) {
    if (statusOf(err) === 404) return { missing: `there is no Secret ${secret} in namespace ${namespace}` };
    throw new Error(`cannot read Secret ${secret} in namespace ${namespace}: ${apiErrorText(err)}`);
  }
  const encoded = data?.[key];
  if (encoded === undefined) return { missing: `Secret ${secret} in namespace ${namespace} has no key ${key}` };
  return { value: Buffer.from(encoded, "base64").toString("utf8") };
}
