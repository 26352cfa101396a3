import "reflect-metadata";
export { startControlPlane } from "./app.js";
export type { ControlPlane } from "./app.js";
export { loadConfig } from "./config.js";
export type { ControlPlaneConfig } from "./config.js";
