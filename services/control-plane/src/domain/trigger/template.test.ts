import { describe, expect, it } from "vitest";
import { BatonError } from "../errors.js";
import {
  parseJsonTemplates,
  parseTemplate,
  renderJsonTemplates,
  renderTemplate,
  sampleJsonTemplates,
} from "./template.js";

const refusal = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof BatonError) return err;
    throw err;
  }
  throw new Error("expected a refusal, got none");
};

const MESSAGE = {
  requestId: "r-42",
  amount: 12.5,
  count: 0,
  urgent: true,
  draft: false,
  note: null,
  empty: "",
  order: { id: "o-7", customer: { name: "Ada", "tier-level": 3 }, lines: [{ sku: "A1" }, { sku: "B2" }] },
  items: ["first", "second"],
  nested: { deep: { deeper: { deepest: "bottom" } } },
};

const render = (source: string, message: unknown = MESSAGE) => renderTemplate(parseTemplate(source, "t"), message);

describe("parseTemplate", () => {
  it("finds the field paths, with or without spaces, each once", () => {
    expect(parseTemplate("plain text", "arguments[0]")).toEqual({ source: "plain text", fields: [] });
    expect(parseTemplate("", "arguments[0]")).toEqual({ source: "", fields: [] });
    expect(parseTemplate("--id={{ .requestId }} --n={{.order.id}}{{  .items.0  }}", "a").fields).toEqual([
      ["requestId"],
      ["order", "id"],
      ["items", "0"],
    ]);
    expect(parseTemplate("{{ .a }}-{{ .a }}-{{ .b_c-d.9 }}", "a").fields).toEqual([["a"], ["b_c-d", "9"]]);
  });

  it("keeps single braces as text", () => {
    expect(parseTemplate('{"json": {"x": 1} }', "a").fields).toEqual([]);
    expect(render("{x} {{ .requestId }} }")).toEqual({ ok: true, value: "{x} r-42 }" });
  });

  it("refuses unbalanced braces, naming the input and where", () => {
    expect(refusal(() => parseTemplate("--id={{ .requestId", "arguments[1]")).message).toBe(
      'arguments[1] opens a placeholder with "{{" at character 6 but never closes it; end it with "}}", such as {{ .requestId }} or {{ .order.id }}.',
    );
    expect(refusal(() => parseTemplate("a }} b", "arguments[1]")).message).toBe(
      'arguments[1] has "}}" at character 3 with no "{{" before it; a placeholder is written {{ .field }}.',
    );
    expect(refusal(() => parseTemplate("{{ .a }} }}", "x")).message).toMatch(/"}}" at character 10/);
    expect(refusal(() => parseTemplate("{{ .a {{ .b }}", "x")).message).toMatch(
      /opens a placeholder at character 1 and another at character 7 before closing the first/,
    );
  });

  it("refuses a placeholder that names no field", () => {
    for (const source of ["{{}}", "{{ }}", "{{ . }}", "{{.}}"]) {
      const err = refusal(() => parseTemplate(`x ${source}`, "properties.env.ID"));
      expect(err.code).toBe("BAD_USER_INPUT");
      expect(err.message, source).toBe(
        `properties.env.ID: the placeholder ${source} at character 3 names no field; name one, such as {{ .requestId }} or {{ .order.id }}.`,
      );
    }
  });

  it("refuses bad paths", () => {
    expect(refusal(() => parseTemplate("{{ requestId }}", "a")).message).toMatch(
      /must start its field with a dot, as in \{\{ \.requestId \}\}/,
    );
    expect(refusal(() => parseTemplate("{{ .a..b }}", "a")).message).toMatch(/has an empty part in "\.a\.\.b"/);
    expect(refusal(() => parseTemplate("{{ .a. }}", "a")).message).toMatch(/empty part/);
    expect(refusal(() => parseTemplate("{{ .a b }}", "a")).message).toMatch(
      /has " " in the field name "a b"; field names may have only letters, digits, "_" and "-"/,
    );
    expect(refusal(() => parseTemplate("{{ .a[0] }}", "a")).message).toMatch(/has "\[" in the field name "a\[0\]"/);
    expect(refusal(() => parseTemplate("{{ .ä }}", "a")).message).toMatch(/has "ä"/);
    expect(refusal(() => parseTemplate("{{ .a | upper }}", "a")).code).toBe("BAD_USER_INPUT");
    expect(refusal(() => parseTemplate("{{{ .a }}}", "a")).code).toBe("BAD_USER_INPUT");
  });

  it("refuses more than 1000 characters", () => {
    expect(parseTemplate("x".repeat(1000), "a").fields).toEqual([]);
    expect(refusal(() => parseTemplate("x".repeat(1001), "arguments[2]")).message).toBe(
      "arguments[2] is 1001 characters long; a template may have at most 1000.",
    );
  });
});

describe("renderTemplate", () => {
  it("renders strings, nested fields and array items", () => {
    expect(render("--id={{ .requestId }}")).toEqual({ ok: true, value: "--id=r-42" });
    expect(render("{{ .order.customer.name }}/{{ .order.lines.1.sku }}/{{.items.0}}")).toEqual({
      ok: true,
      value: "Ada/B2/first",
    });
    expect(render("{{ .nested.deep.deeper.deepest }}")).toEqual({ ok: true, value: "bottom" });
    expect(render("{{ .order.customer.tier-level }}")).toEqual({ ok: true, value: "3" });
    expect(render("no placeholders")).toEqual({ ok: true, value: "no placeholders" });
  });

  it("renders numbers and booleans with String(), null and '' as empty", () => {
    expect(render("{{ .amount }} {{ .count }} {{ .urgent }} {{ .draft }}")).toEqual({
      ok: true,
      value: "12.5 0 true false",
    });
    expect(render("[{{ .note }}][{{ .empty }}]")).toEqual({ ok: true, value: "[][]" });
    expect(render("{{ .x }}", { x: 1e21 })).toEqual({ ok: true, value: "1e+21" });
  });

  it("says which field is missing", () => {
    expect(render("{{ .requestID }}")).toEqual({ ok: false, reason: "field .requestID is missing from the message" });
    expect(render("{{ .order.missing }}")).toEqual({
      ok: false,
      reason: "field .order.missing is missing from the message",
    });
    expect(render("{{ .requestId.length }}")).toEqual({
      ok: false,
      reason: "field .requestId.length is missing from the message",
    });
    expect(render("{{ .items.2 }}").ok).toBe(false);
    expect(render("{{ .items.first }}").ok).toBe(false);
    expect(render("{{ .a }}", "not an object")).toEqual({ ok: false, reason: "field .a is missing from the message" });
    expect(render("{{ .a }}", null).ok).toBe(false);
    expect(render("{{ .a }}", undefined).ok).toBe(false);
  });

  it("does not reach inherited properties", () => {
    expect(render("{{ .constructor }}", {}).ok).toBe(false);
    expect(render("{{ .__proto__ }}", {}).ok).toBe(false);
    expect(render("{{ .toString }}", {}).ok).toBe(false);
    expect(render("{{ .length }}", ["a"]).ok).toBe(false);
    expect(render("{{ .__proto__ }}", JSON.parse('{"__proto__": "own"}'))).toEqual({ ok: true, value: "own" });
  });

  it("refuses objects and arrays", () => {
    expect(render("{{ .order }}")).toEqual({
      ok: false,
      reason: "field .order is an object; name a string, number or boolean field",
    });
    expect(render("{{ .items }}")).toEqual({
      ok: false,
      reason: "field .items is an array; name a string, number or boolean field, such as .items.0",
    });
  });

  it("gives a reason rather than throwing for a hand-made bad template", () => {
    const r = renderTemplate({ source: "{{ .a", fields: [] }, {});
    expect(r.ok).toBe(false);
  });
});

describe("JSON templates", () => {
  const props = {
    "app.env.REQUEST_ID": "{{ .requestId }}",
    app: { env: { TIER: "tier-{{ .order.customer.tier-level }}", FIXED: "x" }, replicas: 2, on: true, off: null },
    args: ["--sku={{ .order.lines.0.sku }}", 3],
  };

  it("validates every string leaf and returns the value unchanged", () => {
    expect(parseJsonTemplates(props, "properties")).toBe(props);
    expect(parseJsonTemplates(null, "properties")).toBeNull();
    expect(parseJsonTemplates(7, "properties")).toBe(7);
    expect(refusal(() => parseJsonTemplates({ app: { env: { X: "{{ .a" } } }, "properties")).message).toMatch(
      /^properties\.app\.env\.X opens a placeholder/,
    );
    expect(refusal(() => parseJsonTemplates({ list: ["ok", "{{ }}"] }, "properties")).message).toMatch(
      /^properties\.list\[1\]: the placeholder \{\{ \}\}/,
    );
    expect(refusal(() => parseJsonTemplates({ "a.b": "{{ }}" }, "properties")).message).toMatch(
      /^properties\["a\.b"\]: /,
    );
  });

  it("renders every string leaf, keeping the rest", () => {
    expect(renderJsonTemplates(props, MESSAGE)).toEqual({
      ok: true,
      value: {
        "app.env.REQUEST_ID": "r-42",
        app: { env: { TIER: "tier-3", FIXED: "x" }, replicas: 2, on: true, off: null },
        args: ["--sku=A1", 3],
      },
    });
    expect(renderJsonTemplates("{{ .requestId }}", MESSAGE)).toEqual({ ok: true, value: "r-42" });
    expect(renderJsonTemplates(null, MESSAGE)).toEqual({ ok: true, value: null });
  });

  it("does not change its input", () => {
    const input = { a: ["{{ .requestId }}"] };
    renderJsonTemplates(input, MESSAGE);
    expect(input).toEqual({ a: ["{{ .requestId }}"] });
  });

  it("says which field is missing and where", () => {
    expect(renderJsonTemplates({ app: { env: { ID: "{{ .nope }}" } } }, MESSAGE)).toEqual({
      ok: false,
      reason: "field .nope is missing from the message (at app.env.ID)",
    });
    expect(renderJsonTemplates(["{{ .order }}"], MESSAGE)).toEqual({
      ok: false,
      reason: "field .order is an object; name a string, number or boolean field (at [0])",
    });
    expect(renderJsonTemplates("{{ .nope }}", MESSAGE)).toEqual({
      ok: false,
      reason: "field .nope is missing from the message",
    });
    const bad = renderJsonTemplates({ x: "{{ .a" }, MESSAGE);
    expect(bad.ok).toBe(false);
  });

  it("keeps a __proto__ key a plain key", () => {
    const input = JSON.parse('{"__proto__": {"polluted": "{{ .requestId }}"}}');
    const r = renderJsonTemplates(input, MESSAGE);
    expect(r.ok).toBe(true);
    const value = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"r-42"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses absurd nesting", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(refusal(() => parseJsonTemplates(deep, "properties")).message).toMatch(/nested more than 64 levels/);
    expect(renderJsonTemplates(deep, MESSAGE)).toEqual({
      ok: false,
      reason: "the value is nested more than 64 levels deep",
    });
  });
});

describe("typed placeholders and samples", () => {
  it("a property that is one placeholder keeps the field's number or boolean type", () => {
    const out = renderJsonTemplates(
      { timeoutSeconds: "{{ .t }}", env: { T: "{{ .t }}", MIXED: "t={{ .t }}" }, flag: "{{ .f }}" },
      { t: 30, f: true },
    );
    expect(out).toEqual({ ok: true, value: { timeoutSeconds: 30, env: { T: "30", MIXED: "t=30" }, flag: true } });
  });

  it("samples a trigger's properties before any message: env values kept as text, other templated values left out", () => {
    expect(
      sampleJsonTemplates({ timeoutSeconds: "{{ .t }}", pool: "p", env: { REQ: "{{ .id }}", FIXED: "x" } }),
    ).toEqual({ pool: "p", env: { REQ: "sample", FIXED: "x" } });
  });
});
