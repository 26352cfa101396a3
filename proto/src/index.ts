export * from "./codec.js";
export type * from "./driver.js";
export * from "./image-ref.js";
export * from "./labels.js";
export * from "./messages.js";
export * from "./quantity.js";
export * from "./stepline.js";
export * from "./streams.js";
export * from "./subjects.js";
