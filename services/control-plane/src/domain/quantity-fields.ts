import { z } from "zod";
import { parseCpu, parseMemory } from "./admission/quantity.js";

/** A CPU quantity in Kubernetes units (2, "0.5", "500m"); refused with `message`. */
export const cpuField = (message: string) =>
  z.union([z.string(), z.number()], { error: message }).refine((v) => parseCpu(v) !== undefined, { error: message });

/** A memory quantity in Kubernetes units (bytes, "512Mi", "2g"); refused with `message`. */
export const memoryField = (message: string) =>
  z.union([z.string(), z.number()], { error: message }).refine((v) => parseMemory(v) !== undefined, { error: message });
