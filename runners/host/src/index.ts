export type { RunnerConfig } from "./config.js";
export { defaultRunnerId, parseRunnerConfig } from "./config.js";
export type { DriverLoader, DriverRegistry, Platform } from "./drivers.js";
export { DRIVERS, fixedDriver, loadDriver } from "./drivers.js";
export type { RunnerHost, RunnerHostOptions } from "./host.js";
export { createRunnerHost } from "./host.js";
export { LineSplitter, MAX_LINE_BYTES } from "./lines.js";
