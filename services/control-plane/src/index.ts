import "reflect-metadata";

export type { ControlPlane } from "./app.js";
export { startControlPlane } from "./app.js";
export type { ControlPlaneConfig } from "./config.js";
export { loadConfig } from "./config.js";
