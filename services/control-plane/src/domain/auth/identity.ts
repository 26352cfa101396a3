import type { Grant } from "./roles.js";

/** How the caller proved who it is. */
export type IdentityKind = "oidc" | "api-token" | "local" | "system";

/** Who is calling, as authentication established it. */
export interface Identity {
  kind: IdentityKind;
  /** Stable id: the OIDC subject, `service:<name>` for a service account's token, or the local actor. */
  subject: string;
  /** What people read: the OIDC name / preferred_username / email, the service account, the local actor. */
  name: string;
  grants: readonly Grant[];
  /** When the credential stops being valid (JWT exp, token expiry); absent: never. */
  expiresAt?: Date;
  /** The API token used, when one was. */
  tokenId?: string;
}
