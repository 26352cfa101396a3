/**
 * The image reference grammar of the distribution project (Docker's
 * reference package), restricted to the forms a run may name: a tag or a
 * sha256 digest is required, so a run never floats on an implicit "latest".
 * Shared by the container drivers (Docker, Kubernetes).
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "sha256:[a-f0-9]{64}";
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG})|@(${DIGEST}))$`);

export const DOCKER_URI_PREFIX = "docker:";

/** The image a run's URI names ("docker:name:tag" -> "name:tag"), or a readable Error. */
export function imageFromUri(uri: string): string {
  const forms = "docker:image:tag, docker:registry/name:tag or docker:image@sha256:<64 hex digits>";
  if (!uri.startsWith(DOCKER_URI_PREFIX)) throw new Error(`not a Docker URI: "${uri}" (expected ${forms})`);
  const reference = uri.slice(DOCKER_URI_PREFIX.length);
  const match = REFERENCE.exec(reference);
  if (!match) throw new Error(`invalid image in "${uri}": expected ${forms}`);
  // A name is at most 255 characters (distribution's NameTotalLengthMax).
  if ((match[1] ?? "").length > 255)
    throw new Error(`invalid image in "${uri}": the name is longer than 255 characters`);
  return reference;
}
