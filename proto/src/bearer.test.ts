import { describe, expect, it } from "vitest";
import { bearerMatches } from "./bearer.js";

describe("bearerMatches", () => {
  it("takes exactly `Bearer <token>`, whatever the scheme's case", () => {
    expect(bearerMatches("Bearer s3cret-token-0123456", "s3cret-token-0123456")).toBe(true);
    expect(bearerMatches("bearer s3cret-token-0123456 ", "s3cret-token-0123456")).toBe(true);
    expect(bearerMatches("Bearer s3cret-token-012345", "s3cret-token-0123456")).toBe(false);
    expect(bearerMatches("Basic s3cret-token-0123456", "s3cret-token-0123456")).toBe(false);
    expect(bearerMatches(undefined, "s3cret-token-0123456")).toBe(false);
  });
});
