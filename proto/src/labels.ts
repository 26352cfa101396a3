/**
 * Runner labels: what a runner offers (RUNNER_LABELS) and what a run asks
 * for (its runnerLabels property) follow the same rules, so both sides check
 * them with these. Kubernetes-like: a name of up to 63 characters starting
 * with a letter or digit; a value of up to 63 (possibly empty).
 */
export const RUNNER_LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9_./-]{0,62})$/;
export const RUNNER_LABEL_VALUE = /^[A-Za-z0-9_.-]{0,63}$/;
/** At most this many labels on a runner or a run. */
export const MAX_RUNNER_LABELS = 20;
