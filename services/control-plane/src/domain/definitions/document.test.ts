import { describe, expect, it } from "vitest";
import { type DefinitionsDocument, type LineError, parseDocument } from "./document.js";

const VALID = `apiVersion: baton/v1
apps:
  - name: settle
    defaultVersion: 2.1.0
    versions:
      - { version: 2.1.0, uri: "docker:registry/settle:2.1.0" }
      - { version: 2.0, uri: file:///opt/jobs/settle.jar }
tasks:
  - name: nightly-settle
    app: settle
    version: 2.1.0
    properties: { env: { REGION: eu, PORT: 8080 }, timeoutSeconds: 600 }
    arguments: ["--mode", "full", 3]
  - name: report
    app: reporting
dags:
  - { name: nightly, definition: "nightly-settle && report" }
schedules:
  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", timezone: Europe/Paris }
`;

const PARSED: DefinitionsDocument = {
  apiVersion: "baton/v1",
  apps: [
    {
      name: "settle",
      defaultVersion: "2.1.0",
      versions: [
        { version: "2.1.0", uri: "docker:registry/settle:2.1.0" },
        { version: "2.0", uri: "file:///opt/jobs/settle.jar" },
      ],
    },
  ],
  tasks: [
    {
      name: "nightly-settle",
      app: "settle",
      version: "2.1.0",
      properties: { env: { REGION: "eu", PORT: "8080" }, timeoutSeconds: 600 },
      arguments: ["--mode", "full", "3"],
    },
    { name: "report", app: "reporting", properties: {}, arguments: [] },
  ],
  dags: [{ name: "nightly", definition: "nightly-settle && report" }],
  schedules: [
    {
      name: "every-night",
      task: "nightly-settle",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      arguments: [],
      enabled: true,
    },
  ],
};

describe("parseDocument", () => {
  it("reads a valid document; unquoted versions and env values stay as written", () => {
    expect(parseDocument(VALID)).toEqual({ ok: true, doc: PARSED });
  });

  it("reads a minimal document", () => {
    expect(parseDocument("apiVersion: baton/v1\n")).toEqual({
      ok: true,
      doc: { apiVersion: "baton/v1", apps: [], tasks: [], dags: [], schedules: [] },
    });
  });

  // Each case replaces one line of VALID (1-based) and expects exactly these errors.
  const edits: [string, number, string, LineError[]][] = [
    [
      "a bad URI",
      7,
      "      - { version: 2.0, uri: http://example.com/settle.jar }",
      [
        {
          line: 7,
          column: 30,
          message:
            'app settle: "http://example.com/settle.jar" has an unsupported scheme; use file:///absolute/path or docker:image:tag.',
        },
      ],
    ],
    [
      "a bad app name",
      3,
      "  - name: 9settle",
      [
        {
          line: 3,
          column: 11,
          message:
            'an app: app name "9settle" may contain only letters, digits, "-" and "_", and must start with a letter.',
        },
      ],
    ],
    [
      "an unknown key in a task",
      15,
      "    apps: reporting",
      [
        { line: 14, column: 5, message: 'task report: "app" is required.' },
        {
          line: 15,
          column: 5,
          message: 'a task: unknown key "apps"; known keys are name, app, version, properties, arguments.',
        },
      ],
    ],
    [
      "a task version the app in the document does not have",
      11,
      "    version: 3.0.0",
      [
        {
          line: 11,
          column: 14,
          message: "task nightly-settle: app settle in this document has no version 3.0.0 (it has 2.1.0, 2.0).",
        },
      ],
    ],
    [
      "a defaultVersion not among the versions",
      4,
      "    defaultVersion: 9.9",
      [{ line: 4, column: 21, message: "app settle: defaultVersion 9.9 is not among its versions (2.1.0, 2.0)." }],
    ],
    [
      "a duplicate version",
      7,
      "      - { version: 2.1.0, uri: file:///opt/jobs/settle.jar }",
      [{ line: 7, column: 20, message: "app settle: version 2.1.0 is listed twice (first on line 6)." }],
    ],
    [
      "a duplicate task name",
      14,
      "  - name: nightly-settle",
      [
        {
          line: 14,
          column: 11,
          message: "task nightly-settle is defined twice (first on line 9); task names are unique.",
        },
      ],
    ],
    [
      "a bad property value, pointed at the value",
      12,
      "    properties: { env: { REGION: eu }, timeoutSeconds: -5 }",
      [
        {
          line: 12,
          column: 56,
          message: "task nightly-settle: properties.timeoutSeconds: Too small: expected number to be >0.",
        },
      ],
    ],
    [
      "an unknown property",
      12,
      "    properties: { env: { REGION: eu }, timeout: 600 }",
      [
        {
          line: 12,
          column: 40,
          message:
            'task nightly-settle: properties: unknown key "timeout"; known keys are env, cpu, memory, timeoutSeconds, graceSeconds, platform, pool, allowLaunchEnv.',
        },
      ],
    ],
    [
      "a schedule naming both a task and a DAG",
      19,
      '  - { name: every-night, task: nightly-settle, dag: nightly, cron: "0 2 * * *" }',
      [{ line: 19, column: 5, message: 'schedule every-night: give exactly one of "task" and "dag".' }],
    ],
    [
      "an unknown top-level key",
      16,
      "dag:",
      [
        {
          line: 16,
          column: 1,
          message: 'the document: unknown key "dag"; known keys are apiVersion, apps, tasks, dags, schedules.',
        },
      ],
    ],
    [
      "a YAML syntax error",
      10,
      "    app: settle: x",
      [{ line: 10, column: 10, message: "Nested mappings are not allowed in compact mappings" }],
    ],
  ];
  it.each(edits)("refuses %s at its line", (_name, line, replacement, errors) => {
    const lines = VALID.split("\n");
    lines[line - 1] = replacement;
    expect(parseDocument(lines.join("\n"))).toEqual({ ok: false, errors });
  });

  const whole: [string, string, LineError[]][] = [
    ["an empty document", "", [{ line: 1, message: "The document is empty; start it with apiVersion: baton/v1." }]],
    [
      "an unsupported apiVersion",
      "apps: []\napiVersion: baton/v2\ntasks: 7\n",
      [
        {
          line: 2,
          column: 13,
          message: 'apiVersion "baton/v2" is not supported; this Baton reads apiVersion: baton/v1.',
        },
      ],
    ],
    [
      "a missing apiVersion, still checking the rest",
      "apps:\n  - name: a\n    versions: []\ntasks: 7\n",
      [
        { line: 1, column: 1, message: "apiVersion is missing; start the document with apiVersion: baton/v1." },
        { line: 4, column: 8, message: 'tasks must be a list (lines starting with "- ").' },
      ],
    ],
    [
      "a list instead of a mapping",
      "- apiVersion: baton/v1\n",
      [{ line: 1, column: 1, message: "the document must be a mapping of key: value lines." }],
    ],
    [
      "duplicate keys",
      "apiVersion: baton/v1\napps: []\napps: []\n",
      [{ line: 3, column: 1, message: "Map keys must be unique" }],
    ],
    [
      "every error at once, in line order",
      "apiVersion: baton/v1\ntasks:\n  - name: b\n    app: a\n    properties:\n      env: { BAD KEY: x }\n  - name:\n    app: 9a\napps:\n  - name: a\n    versions: [{ version: 1, uri: docker:a:1 }]\n",
      [
        // checkProperties' own wording; the error points at the entry it names.
        { line: 6, column: 23, message: "task b: properties.env.BAD KEY: Invalid key in record." },
        { line: 7, column: 5, message: 'a task: "name" is required.' },
        {
          line: 8,
          column: 10,
          message: 'a task: app "9a" may contain only letters, digits, "-" and "_", and must start with a letter.',
        },
      ],
    ],
    [
      "an unknown tag (a YAML warning)",
      "apiVersion: baton/v1\napps: !set []\n",
      [{ line: 2, column: 7, message: "Unresolved tag: !set" }],
    ],
    [
      "aliases",
      "apiVersion: baton/v1\ntasks:\n  - name: a\n    app: &x b\n  - name: c\n    app: *x\n",
      [
        {
          line: 6,
          column: 10,
          message: "task c: app: aliases (*name) are not supported in a definitions document; write the value out.",
        },
      ],
    ],
  ];
  it.each(whole)("refuses %s", (_name, text, errors) => {
    expect(parseDocument(text)).toEqual({ ok: false, errors });
  });

  it("refuses documents over 5 MB before parsing them", () => {
    const text = `apiVersion: baton/v1\n# ${"x".repeat(5 * 1024 * 1024)}\n`;
    expect(parseDocument(text)).toEqual({
      ok: false,
      errors: [{ line: 1, message: "The document is 5.0 MB; the limit is 5 MB. Split it into several documents." }],
    });
  });
});
