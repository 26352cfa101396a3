export { ROLE_MAP, SCRIPT_CLIENTS, startOidcProvider, type TestProvider, USERS } from "./oidc-provider.js";
