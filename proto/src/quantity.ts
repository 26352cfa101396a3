/**
 * Kubernetes-style quantities: CPU in millicores, memory in bytes. Pure; used
 * by the deployment properties (validation) and by admission (reasons).
 */

const MAX_CPU_MILLIS = 1024 * 1000;
const MAX_MEMORY_BYTES = 1024 ** 5;

/**
 * Memory suffixes, lower-cased. "m" is mega (not milli) and "k"/"m"/"g" are
 * decimal, as properties.ts has always read them; Ki/Mi/Gi... are binary.
 */
const MEMORY_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  p: 1e15,
  e: 1e18,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  eb: 1e18,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
  ti: 1024 ** 4,
  pi: 1024 ** 5,
  ei: 1024 ** 6,
};

const DECIMAL = /^(\d+(?:\.\d+)?|\.\d+)$/;

/** Millicores, or undefined when not a positive whole number of millicores up to 1024 cores. */
function checkMillis(millis: number): number | undefined {
  if (!Number.isFinite(millis)) return undefined;
  const rounded = Math.round(millis);
  return rounded > 0 && rounded <= MAX_CPU_MILLIS ? rounded : undefined;
}

/** CPU in millicores: "500m" -> 500, "2" -> 2000, "0.5" -> 500, 1.5 -> 1500 (a number is cores). Undefined when not a positive quantity or not a whole number of millicores after conversion (round to nearest milli is fine), or above 1024 cores. */
export function parseCpu(value: string | number): number | undefined {
  if (typeof value === "number") return checkMillis(value * 1000);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const milli = text.endsWith("m");
  const digits = milli ? text.slice(0, -1) : text;
  if (!DECIMAL.test(digits)) return undefined;
  return checkMillis(milli ? Number(digits) : Number(digits) * 1000);
}

/** Memory in bytes. Kubernetes binary (Ki Mi Gi Ti Pi Ei) and decimal (k K M G T P E) suffixes, plus the forms already accepted today, case-insensitive: "512Mi", "4Gi", "1g", "1gb", "512mb", "1073741824", a number of bytes; also "1.5Gi". Undefined when not parseable, not positive or above 1 PiB. */
export function parseMemory(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value > 0 && value <= MAX_MEMORY_BYTES ? value : undefined;
  }
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)$/.exec(value.trim());
  const unit = m ? MEMORY_UNITS[(m[2] ?? "").toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes > 0 && bytes <= MAX_MEMORY_BYTES ? bytes : undefined;
}

/** 500 -> "500m", 2000 -> "2", 1500 -> "1500m" (cores only when whole). */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

const BINARY_UNITS = ["B", "Ki", "Mi", "Gi", "Ti"] as const;

/**
 * The largest binary unit (B, Ki, Mi, Gi, Ti) in which the amount is at least
 * 1, with at most one decimal: 8589934592 -> "8Gi", 1610612736 -> "1.5Gi",
 * 1000 -> "1000B". Amounts that are not a round number of the unit are
 * rounded (2e9 -> "1.9Gi"): this is for people, not for parsing back exactly.
 */
export function formatMemory(bytes: number): string {
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (unit + 1)) unit++;
  let amount = Math.round((bytes / 1024 ** unit) * 10) / 10;
  // 1048575 bytes is 1023.999Ki, which rounds to 1024Ki: say 1Mi instead.
  if (amount >= 1024 && unit < BINARY_UNITS.length - 1) {
    unit++;
    amount = Math.round((bytes / 1024 ** unit) * 10) / 10;
  }
  return `${amount}${BINARY_UNITS[unit]}`;
}
