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

const HOST = new RegExp(`^${DOMAIN}$`);
const COMPONENT = new RegExp(`^${PATH_COMPONENT}$`);
const DOCKER_HUB = "docker.io";

/** A first name component Docker reads as a registry: it has a dot or a port, or is localhost. */
const looksLikeHost = (component: string): boolean =>
  component.includes(".") || component.includes(":") || component === "localhost";

/**
 * The repository an image name stands for, normalised as Docker does, for
 * comparing names: "ubuntu:22.04" and "docker.io/ubuntu" are
 * "docker.io/library/ubuntu"; "ghcr.io/acme/job@sha256:..." is
 * "ghcr.io/acme/job". With `asPrefix` the name is a namespace or a whole
 * registry ("acme/" is "docker.io/acme", "registry.example.com/" is
 * "registry.example.com"): no library/ is added, and a lone first component
 * that looks like a host is the registry. undefined for an invalid name.
 * Shared by the control plane's and the runner's program allowlists.
 */
export function imageRepository(image: string, options: { asPrefix?: boolean } = {}): string | undefined {
  const asPrefix = options.asPrefix ?? false;
  const name = (image.split("@")[0] ?? "").replace(/\/+$/, "");
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  // A tag follows the last slash; a colon before it belongs to a registry's port.
  const repo = colon > lastSlash && !(asPrefix && lastSlash < 0) ? name.slice(0, colon) : name;
  const parts = repo.split("/");
  const first = parts[0] ?? "";
  const hasDomain = (parts.length > 1 || asPrefix) && looksLikeHost(first);
  if (hasDomain && !HOST.test(first)) return undefined;
  const path = hasDomain ? parts.slice(1) : parts;
  if (!path.every((c) => COMPONENT.test(c)) || (!hasDomain && path.length === 0)) return undefined;
  const lower = first.toLowerCase();
  const registry = hasDomain ? (lower === "index.docker.io" ? DOCKER_HUB : lower) : DOCKER_HUB;
  const library = registry === DOCKER_HUB && path.length === 1 && !asPrefix ? ["library"] : [];
  return [registry, ...library, ...path].join("/");
}
