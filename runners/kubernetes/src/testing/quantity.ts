const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A Kubernetes resource quantity ("96Mi", "500m", "1.5", "1e3") as a number of base units. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === "number") return quantity;
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(quantity.trim());
  if (!match?.[1]) throw new Error(`quantities must match the regular expression of Kubernetes: ${quantity}`);
  const suffix = match[2] ?? "";
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  if (factor === undefined) throw new Error(`unknown quantity suffix in ${quantity}`);
  return Number(match[1]) * factor;
}
