import { describe, expect, it } from "vitest";
import { BatonError } from "../errors.js";
import { checkSubject } from "./subject.js";

const refusal = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BatonError) return err;
    throw err;
  }
  throw new Error("expected a refusal, got none");
};

describe("checkSubject", () => {
  it("accepts exact subjects, trimmed", () => {
    expect(checkSubject("orders.created", "baton")).toBe("orders.created");
    expect(checkSubject(" orders ", "baton")).toBe("orders");
    expect(checkSubject("acme_corp.orders-eu.v2.Created", "baton")).toBe("acme_corp.orders-eu.v2.Created");
    expect(checkSubject("a".repeat(200), "baton")).toBe("a".repeat(200));
    // Only the prefix followed by a dot is reserved.
    expect(checkSubject("batonic.orders", "baton")).toBe("batonic.orders");
    expect(checkSubject("Baton.orders", "baton")).toBe("Baton.orders");
    expect(checkSubject("orders.baton", "baton")).toBe("orders.baton");
  });

  it("refuses wildcards with the example message", () => {
    expect(refusal(() => checkSubject("orders.*", "baton")).message).toBe(
      'Subject "orders.*" has a wildcard; a trigger listens on one exact subject such as orders.created.',
    );
    for (const s of ["orders.>", ">", "*", "orders.cre*ted", "a.>.b"]) {
      expect(refusal(() => checkSubject(s, "baton")).message, s).toMatch(/has a wildcard/);
    }
  });

  it("refuses empty, long and spaced subjects", () => {
    expect(refusal(() => checkSubject("", "baton")).message).toBe(
      "Subject is empty; give the exact subject the trigger listens on, such as orders.created.",
    );
    expect(refusal(() => checkSubject("   ", "baton")).code).toBe("BAD_USER_INPUT");
    expect(refusal(() => checkSubject("a".repeat(201), "baton")).message).toBe(
      "Subject is 201 characters long; use at most 200.",
    );
    expect(refusal(() => checkSubject("orders created", "baton")).message).toMatch(/has a space/);
    expect(refusal(() => checkSubject("orders.\tcreated", "baton")).message).toMatch(/has a space/);
  });

  it("refuses Baton's prefix and NATS' own subjects", () => {
    expect(refusal(() => checkSubject("baton.run.x", "baton")).message).toBe(
      'Subject "baton.run.x" is under baton, which is reserved for Baton\'s own messages; choose a subject of your own such as orders.created.',
    );
    expect(refusal(() => checkSubject("baton", "baton")).message).toMatch(/reserved for Baton's own messages/);
    expect(refusal(() => checkSubject("acme.baton.evt", "acme.baton")).message).toMatch(/is under acme\.baton/);
    expect(checkSubject("baton.run.x", "acme")).toBe("baton.run.x");
    for (const s of ["$JS.API.INFO", "_INBOX.abc", "$SYS.REQ", "_INBOX"]) {
      expect(refusal(() => checkSubject(s, "baton")).message, s).toMatch(/reserved for NATS itself/);
    }
  });

  it("refuses empty tokens and characters outside letters, digits, _ and -", () => {
    for (const s of [".orders", "orders.", "orders..created"]) {
      expect(refusal(() => checkSubject(s, "baton")).message, s).toMatch(/has an empty token/);
    }
    expect(refusal(() => checkSubject("orders.créé", "baton")).message).toBe(
      'Subject "orders.créé" has "é" in the token "créé"; tokens may have only letters, digits, "_" and "-", separated by ".".',
    );
    for (const s of ["orders/created", "$orders", "orders:created", "ord\u0000ers"]) {
      expect(refusal(() => checkSubject(s, "baton")).code, s).toBe("BAD_USER_INPUT");
    }
  });
});
