export { buildArgv, taskPath } from "./argv.js";
export type { LocalProcessDriverOptions } from "./driver.js";
export { createLocalProcessDriver, INHERITED_ENV, localProcessDriver } from "./driver.js";
export { groupIsAlive } from "./process-group.js";
