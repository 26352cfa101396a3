export { buildArgv, taskPath } from "./argv.js";
export type { LocalProcessDriverOptions } from "./driver.js";
export { createLocalProcessDriver, INHERITED_ENV } from "./driver.js";
