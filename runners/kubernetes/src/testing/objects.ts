/** Loose Kubernetes object shapes: the double reads only the fields it acts on. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<Record<string, unknown>>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: the double passes specs and statuses through as given
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: see spec
  status?: any;
  /** A Secret's values, base64. */
  data?: Record<string, string>;
  /** A Secret's type (Opaque...). */
  type?: string;
}

/** The container fields the double acts on. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }>;
  resources?: { limits?: Record<string, string> };
  imagePullPolicy?: string;
}

export type Resource = "jobs" | "pods" | "secrets";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** A Kubernetes Status object (the body of every error answer). */
export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** Kubernetes' suffix alphabet for generated names (no vowels, no look-alike digits). */
const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(length = 5): string {
  let out = "";
  for (let i = 0; i < length; i++) out += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  return out;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
