import { describe, expect, it } from "vitest";
import { formatCpu, formatMemory, parseCpu, parseMemory } from "./quantity.js";

const Ki = 1024;
const Mi = 1024 ** 2;
const Gi = 1024 ** 3;
const Ti = 1024 ** 4;
const Pi = 1024 ** 5;

describe("parseCpu", () => {
  it("reads millicores, cores as text and cores as a number", () => {
    expect(parseCpu("500m")).toBe(500);
    expect(parseCpu("2")).toBe(2000);
    expect(parseCpu("0.5")).toBe(500);
    expect(parseCpu(".25")).toBe(250);
    expect(parseCpu(" 250m ")).toBe(250);
    expect(parseCpu(1.5)).toBe(1500);
    expect(parseCpu(2)).toBe(2000);
    expect(parseCpu(0.001)).toBe(1);
    expect(parseCpu("1024")).toBe(1_024_000);
    expect(parseCpu(1024)).toBe(1_024_000);
  });

  it("rounds to the nearest millicore", () => {
    expect(parseCpu(0.0015)).toBe(2);
    expect(parseCpu("0.1234")).toBe(123);
    expect(parseCpu("1.6m")).toBe(2);
    expect(parseCpu(0.1 + 0.2)).toBe(300);
  });

  it("refuses zero, negative, too small, too large and malformed values", () => {
    for (const bad of [0, -1, 0.0001, 1025, 1024.001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseCpu(bad), String(bad)).toBeUndefined();
    }
    for (const bad of ["", "0", "0m", "-1", "-500m", "0.0004", "1025", "2000000m", "m", "1.2.3", "500M", "1k", "abc"]) {
      expect(parseCpu(bad), bad).toBeUndefined();
    }
    expect(parseCpu("1e3")).toBeUndefined();
    expect(parseCpu("0x10")).toBeUndefined();
  });
});

describe("parseMemory", () => {
  it("keeps every form properties.ts accepted before, with the same meaning", () => {
    expect(parseMemory("512Mi")).toBe(512 * Mi);
    expect(parseMemory("4Gi")).toBe(4 * Gi);
    expect(parseMemory("1ki")).toBe(Ki);
    expect(parseMemory("1g")).toBe(1e9);
    expect(parseMemory("1G")).toBe(1e9);
    expect(parseMemory("1gb")).toBe(1e9);
    expect(parseMemory("1GB")).toBe(1e9);
    expect(parseMemory("512mb")).toBe(512e6);
    expect(parseMemory("512m")).toBe(512e6); // mega, not milli
    expect(parseMemory("512M")).toBe(512e6);
    expect(parseMemory("2k")).toBe(2000);
    expect(parseMemory("2K")).toBe(2000);
    expect(parseMemory("2kb")).toBe(2000);
    expect(parseMemory("1073741824")).toBe(Gi);
    expect(parseMemory("512 Mi")).toBe(512 * Mi);
    expect(parseMemory(1024)).toBe(1024);
    expect(parseMemory("1.5Gi")).toBe(1.5 * Gi);
    expect(parseMemory("1.5")).toBe(2);
  });

  it("adds the larger Kubernetes units", () => {
    expect(parseMemory("1Ti")).toBe(Ti);
    expect(parseMemory("1ti")).toBe(Ti);
    expect(parseMemory("1Pi")).toBe(Pi);
    expect(parseMemory("1T")).toBe(1e12);
    expect(parseMemory("1tb")).toBe(1e12);
    expect(parseMemory("1P")).toBe(1e15);
    expect(parseMemory("0.0001Ei")).toBe(Math.round(0.0001 * 1024 ** 6));
    expect(parseMemory("1000B")).toBe(1000);
    expect(parseMemory("1e")).toBeUndefined(); // 1 exabyte is above 1 PiB
    expect(parseMemory("1Ei")).toBeUndefined();
  });

  it("refuses zero, negative, fractional byte counts, above 1 PiB and unknown units", () => {
    for (const bad of [0, -1, 1.5, Pi + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseMemory(bad), String(bad)).toBeUndefined();
    }
    for (const bad of ["", "0", "0Gi", "-1Gi", "lots", "1Zi", "1 G i", "Gi", "1.2.3Gi", "1025Ti", "1e9", "2Pi"]) {
      expect(parseMemory(bad), bad).toBeUndefined();
    }
    expect(parseMemory(Pi)).toBe(Pi);
    expect(parseMemory("1024Ti")).toBe(Pi);
  });
});

describe("formatCpu", () => {
  it("says cores when whole, millicores otherwise", () => {
    expect(formatCpu(500)).toBe("500m");
    expect(formatCpu(2000)).toBe("2");
    expect(formatCpu(1500)).toBe("1500m");
    expect(formatCpu(1)).toBe("1m");
    expect(formatCpu(1_024_000)).toBe("1024");
  });

  it("round-trips through parseCpu", () => {
    for (const millis of [1, 250, 1000, 1500, 64_000]) expect(parseCpu(formatCpu(millis))).toBe(millis);
  });
});

describe("formatMemory", () => {
  it("uses the largest binary unit, with at most one decimal", () => {
    expect(formatMemory(8589934592)).toBe("8Gi");
    expect(formatMemory(6442450944)).toBe("6Gi");
    expect(formatMemory(1610612736)).toBe("1.5Gi");
    expect(formatMemory(1000)).toBe("1000B");
    expect(formatMemory(0)).toBe("0B");
    expect(formatMemory(1023)).toBe("1023B");
    expect(formatMemory(Ki)).toBe("1Ki");
    expect(formatMemory(1536)).toBe("1.5Ki");
    expect(formatMemory(512 * Mi)).toBe("512Mi");
    expect(formatMemory(64 * Gi)).toBe("64Gi");
    expect(formatMemory(2 * Ti)).toBe("2Ti");
    expect(formatMemory(Pi)).toBe("1024Ti");
  });

  it("rounds amounts that are not a round number of the unit, without saying 1024 of a unit", () => {
    expect(formatMemory(2e9)).toBe("1.9Gi");
    expect(formatMemory(Mi - 1)).toBe("1Mi");
    expect(formatMemory(Gi - 1)).toBe("1Gi");
    expect(formatMemory(1.25 * Gi)).toBe("1.3Gi");
  });

  it("round-trips whole and one-decimal amounts through parseMemory", () => {
    for (const bytes of [1000, Ki, 1.5 * Gi, 8 * Gi, 3 * Ti]) expect(parseMemory(formatMemory(bytes))).toBe(bytes);
  });
});
