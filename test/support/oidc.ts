// The test OpenID provider lives with the control plane (its testing export), so `npm run bench` can start it too.
export {
  ROLE_MAP,
  SCRIPT_CLIENTS,
  startOidcProvider,
  type TestProvider,
  USERS,
} from "@baton/control-plane/testing";
