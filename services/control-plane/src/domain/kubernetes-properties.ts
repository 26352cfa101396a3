import { z } from "zod";
import { cpuField, memoryField } from "./quantity-fields.js";

/** Kubernetes' own name rules (apimachinery's validation), so a run is refused here, not by the API server later. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The label and annotation prefix Baton's runner puts on every Job: a run may not set or override it. */
export const RESERVED_KUBERNETES_PREFIX = "baton.dev/";

function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  return prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
}

const subdomain = (what: string) => {
  const message = `${what} is a Kubernetes object name: lower-case letters, digits, - and ., at most 253 characters`;
  return z.string({ error: message }).max(253, { error: message }).regex(DNS_SUBDOMAIN, { error: message });
};

const keyMessage = (what: string): string =>
  `${what} keys are Kubernetes label keys ([prefix/]name, the name 1-63 letters, digits, - _ or .), not under ${RESERVED_KUBERNETES_PREFIX}`;

const qualifiedKey = (what: string) =>
  z
    .string()
    .refine((key) => isQualifiedKey(key) && !key.startsWith(RESERVED_KUBERNETES_PREFIX), { error: keyMessage(what) });

const labelValueMessage = "label values are at most 63 letters, digits, - _ or ., starting and ending with one";
const labelValue = z
  .string({ error: labelValueMessage })
  .max(63, { error: labelValueMessage })
  .refine((value) => value === "" || QUALIFIED_NAME.test(value), { error: labelValueMessage });

const labelMap = (what: string) =>
  z
    .record(qualifiedKey(what), labelValue)
    .refine((map) => Object.keys(map).length <= 20, { error: `${what} has at most 20 entries` });

const tolerationMessage =
  'a toleration is {key, operator: "Exists" | "Equal", value, effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute", tolerationSeconds}';
const toleration = z
  .object(
    {
      key: z.string().refine(isQualifiedKey, { error: "a toleration's key is a Kubernetes label key" }).optional(),
      operator: z.enum(["Exists", "Equal"], { error: 'a toleration\'s operator is "Exists" or "Equal"' }).optional(),
      value: labelValue.optional(),
      effect: z
        .enum(["NoSchedule", "PreferNoSchedule", "NoExecute"], {
          error: 'a toleration\'s effect is "NoSchedule", "PreferNoSchedule" or "NoExecute"',
        })
        .optional(),
      tolerationSeconds: z.number().int().min(0).optional(),
    },
    { error: tolerationMessage },
  )
  .strict()
  .refine((t) => t.operator !== "Exists" || t.value === undefined, {
    error: 'a toleration with operator "Exists" has no value',
  })
  .refine((t) => t.key !== undefined || t.operator === "Exists", {
    error: 'a toleration without a key must have operator "Exists" (it tolerates every taint)',
  })
  .refine((t) => t.tolerationSeconds === undefined || t.effect === "NoExecute", {
    error: 'tolerationSeconds applies to effect "NoExecute" only',
  });

const cpuMessage = "kubernetes.requests.cpu is cores (0.5) or millicores like 250m, more than 0";
const memoryMessage = "kubernetes.requests.memory is bytes or a size like 256Mi, more than 0";

/**
 * Settings for the Kubernetes runner, each off by default: where the run's
 * pod may be scheduled, the service account (which the runner must also
 * allow) and pull secrets it uses, extra labels and annotations, and
 * requests below the limits that cpu and memory set.
 */
export const kubernetesProperties = z
  .object({
    serviceAccountName: subdomain("kubernetes.serviceAccountName").optional(),
    imagePullSecrets: z
      .array(subdomain("each of kubernetes.imagePullSecrets"))
      .max(10, { error: "kubernetes.imagePullSecrets has at most 10 entries" })
      .optional(),
    nodeSelector: labelMap("kubernetes.nodeSelector").optional(),
    tolerations: z.array(toleration).max(20, { error: "kubernetes.tolerations has at most 20 entries" }).optional(),
    labels: labelMap("kubernetes.labels").optional(),
    annotations: z
      .record(qualifiedKey("kubernetes.annotations"), z.string().max(4096))
      .refine((map) => Object.keys(map).length <= 20, { error: "kubernetes.annotations has at most 20 entries" })
      .optional(),
    requests: z
      .object({
        cpu: cpuField(cpuMessage).optional(),
        memory: memoryField(memoryMessage).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type KubernetesProperties = z.infer<typeof kubernetesProperties>;
