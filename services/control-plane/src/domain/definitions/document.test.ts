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
  - { name: nightly, definition: "nightly-settle && report", maxParallel: 2 }
schedules:
  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", timezone: Europe/Paris }
triggers:
  - name: on-order
    task: nightly-settle
    subject: orders.created
    arguments: ["--order={{ .order.id }}"]
    properties: { env: { PORT: 8080 }, timeoutSeconds: 60 }
    dedupKey: "{{ .order.id }}"
    dedupWindowSeconds: 3600
  - { name: hook, dag: nightly, enabled: false }
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
  dags: [{ name: "nightly", definition: "nightly-settle && report", maxParallel: 2 }],
  schedules: [
    {
      name: "every-night",
      task: "nightly-settle",
      cron: "0 2 * * *",
      timezone: "Europe/Paris",
      arguments: [],
      properties: {},
      overlap: "ALLOW",
      misfire: "RUN_ONCE",
      enabled: true,
    },
  ],
  triggers: [
    {
      name: "on-order",
      task: "nightly-settle",
      subject: "orders.created",
      arguments: ["--order={{ .order.id }}"],
      properties: { env: { PORT: "8080" }, timeoutSeconds: 60 },
      dedupKey: "{{ .order.id }}",
      dedupWindowSeconds: 3600,
      enabled: true,
    },
    { name: "hook", dag: "nightly", arguments: [], properties: {}, enabled: false },
  ],
};

/** The document of a successful parse; fails the test with the errors otherwise. */
function parsedDoc(text: string, natsPrefix?: string): DefinitionsDocument {
  const result = parseDocument(text, natsPrefix === undefined ? {} : { natsPrefix });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.doc;
}

describe("parseDocument", () => {
  it("reads a valid document; unquoted versions and env values stay as written", () => {
    expect(parsedDoc(VALID)).toEqual(PARSED);
  });

  it("reads a minimal document", () => {
    expect(parsedDoc("apiVersion: baton/v1\n")).toEqual({
      apiVersion: "baton/v1",
      apps: [],
      tasks: [],
      dags: [],
      schedules: [],
      triggers: [],
    });
  });

  it("says where each DAG, schedule and trigger starts, for errors found later", () => {
    const result = parseDocument(VALID);
    expect(result.ok && Object.fromEntries(result.lines.entries)).toEqual({
      "dag:nightly": 17,
      "schedule:every-night": 19,
      "trigger:on-order": 21,
      "trigger:hook": 28,
    });
    expect(result.ok && result.lines.definitions.get("nightly")).toEqual({
      line: 17,
      column: 34,
      style: "inline",
      offset: 1,
    });
  });

  it("normalises schedules: defaults written out, policies in capitals, times in UTC", () => {
    const doc = parsedDoc(`apiVersion: baton/v1
schedules:
  - name: bounded
    dag: nightly
    cron: "  @daily "
    timezone: europe/paris
    overlap: queue
    misfire: run-all
    startAt: 2026-03-01T02:00:00+02:00
    endAt: "2026-12-31T23:59:59.5Z"
`);
    expect(doc.schedules).toEqual([
      {
        name: "bounded",
        dag: "nightly",
        cron: "@daily",
        timezone: "Europe/Paris",
        arguments: [],
        properties: {},
        overlap: "QUEUE",
        misfire: "RUN_ALL",
        enabled: true,
        startAt: "2026-03-01T00:00:00.000Z",
        endAt: "2026-12-31T23:59:59.500Z",
      },
    ]);
  });

  it("takes an empty trigger subject or dedup key as none, as updateTrigger does", () => {
    const doc = parsedDoc(`apiVersion: baton/v1
triggers:
  - { name: hook, task: t, subject: "", dedupKey: "" }
`);
    expect(doc.triggers).toEqual([{ name: "hook", task: "t", arguments: [], properties: {}, enabled: true }]);
  });

  it("points DSL errors of a DAG at the document's line and column", () => {
    const text = [
      "apiVersion: baton/v1",
      "dags:",
      "  - name: block",
      "    definition: |",
      "      extract && transform",
      "      load &&& report",
      "  - { name: quoted, definition: 'a &&& b' }",
      "  - { name: plain, definition: a &&& b }",
      "  - name: folded",
      "    definition: >",
      "      a &&&",
      "      b",
      "",
    ].join("\n");
    const unexpected = "unexpected '&': run tasks one after another with '&&'";
    expect(parseDocument(text)).toEqual({
      ok: false,
      errors: [
        { line: 6, column: 14, message: `DAG block: ${unexpected}` },
        { line: 7, column: 38, message: `DAG quoted: ${unexpected}` },
        { line: 8, column: 36, message: `DAG plain: ${unexpected}` },
        // A folded scalar joins its lines: the position inside the text is spelled out.
        { line: 10, column: 17, message: `DAG folded: definition line 1, column 5: ${unexpected}` },
      ],
    });
  });

  it("refuses a trigger subject under Baton's own NATS prefix", () => {
    const text = "apiVersion: baton/v1\ntriggers:\n  - { name: spy, task: t, subject: baton.run.local }\n";
    expect(parseDocument(text, { natsPrefix: "baton" })).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          column: 36,
          message:
            'trigger spy: Subject "baton.run.local" is under baton, which is reserved for Baton\'s own messages; choose a subject of your own such as orders.created.',
        },
      ],
    });
    expect(parsedDoc(text, "other").triggers[0]?.subject).toBe("baton.run.local");
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
          message: 'a task: unknown key "apps"; known keys are name, app, version, properties, arguments, retention.',
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
            'task nightly-settle: properties: unknown key "timeout"; known keys are env, cpu, memory, timeoutSeconds, graceSeconds, platform, pool, allowLaunchEnv, maxConcurrent, priority, concurrencyKey, concurrencyLimit, queueTtlSeconds, runnerLabels, retry, pullPolicy, docker, kubernetes, secrets.',
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
          message:
            'the document: unknown key "dag"; known keys are apiVersion, apps, tasks, dags, schedules, triggers.',
        },
      ],
    ],
    [
      "an invalid cron",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 25 * * *" }',
      [
        {
          line: 19,
          column: 54,
          message:
            'schedule every-night: Invalid cron "0 25 * * *": hour field: 25 is out of range 0-23. Use 5 fields (minute hour day month weekday) or 6 with seconds first, or a nickname such as @daily.',
        },
      ],
    ],
    [
      "an unknown time zone",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", timezone: Mars/Base }',
      [
        {
          line: 19,
          column: 77,
          message:
            'schedule every-night: Unknown time zone "Mars/Base"; use an IANA name such as Europe/Berlin or UTC.',
        },
      ],
    ],
    [
      "an unknown overlap policy",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", overlap: sometimes }',
      [
        {
          line: 19,
          column: 76,
          message:
            'schedule every-night: Unknown overlap policy "sometimes"; use ALLOW (start another run), SKIP (skip the fire time) or QUEUE (start when the active run ends).',
        },
      ],
    ],
    [
      "an unknown misfire policy",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", misfire: later }',
      [
        {
          line: 19,
          column: 76,
          message:
            'schedule every-night: Unknown misfire policy "later"; use SKIP (run none of the missed fire times), RUN_ONCE (one run for all of them) or RUN_ALL (a run for each, up to a cap).',
        },
      ],
    ],
    [
      "a day that does not exist",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", startAt: 2026-02-30T00:00:00Z }',
      [
        {
          line: 19,
          column: 76,
          message:
            'schedule every-night: startAt "2026-02-30T00:00:00Z" is not a time; write ISO 8601 with a time zone, for example 2026-01-01T00:00:00Z.',
        },
      ],
    ],
    [
      "a time without its zone",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", endAt: "2026-01-01T00:00:00" }',
      [
        {
          line: 19,
          column: 74,
          message:
            'schedule every-night: endAt "2026-01-01T00:00:00" is not a time; write ISO 8601 with a time zone, for example 2026-01-01T00:00:00Z.',
        },
      ],
    ],
    [
      "an end before the start",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", startAt: 2026-06-01T00:00:00Z, endAt: 2026-05-01T00:00:00Z }',
      [
        {
          line: 19,
          column: 105,
          message:
            "schedule every-night: endAt (2026-05-01T00:00:00.000Z) must be after startAt (2026-06-01T00:00:00.000Z).",
        },
      ],
    ],
    [
      "properties on a schedule of a DAG",
      19,
      '  - { name: every-night, dag: nightly, cron: "0 2 * * *", properties: { timeoutSeconds: 60 } }',
      [
        {
          line: 19,
          column: 71,
          message:
            "schedule every-night: properties apply to a task's runs; a DAG's nodes run with their own tasks' properties. Leave properties out.",
        },
      ],
    ],
    [
      "a schedule property checkProperties refuses",
      19,
      '  - { name: every-night, task: nightly-settle, cron: "0 2 * * *", properties: { cpu: -1 } }',
      [
        {
          line: 19,
          column: 86,
          message:
            "schedule every-night: properties.cpu: cpu is cores (2, 0.5) or millicores like 500m, more than 0 and at most 1024 cores.",
        },
      ],
    ],
    [
      "a trigger subject with a wildcard",
      23,
      "    subject: orders.>",
      [
        {
          line: 23,
          column: 14,
          message:
            'trigger on-order: Subject "orders.>" has a wildcard; a trigger listens on one exact subject such as orders.created.',
        },
      ],
    ],
    [
      "an argument template left open",
      24,
      '    arguments: ["--order={{ .order.id"]',
      [
        {
          line: 24,
          column: 17,
          message:
            'trigger on-order: arguments[0] opens a placeholder with "{{" at character 9 but never closes it; end it with "}}", such as {{ .requestId }} or {{ .order.id }}.',
        },
      ],
    ],
    [
      "a property template naming no field",
      25,
      '    properties: { env: { ORDER: "{{ }}" } }',
      [
        {
          line: 25,
          column: 33,
          message:
            "trigger on-order: properties.env.ORDER: the placeholder {{ }} at character 1 names no field; name one, such as {{ .requestId }} or {{ .order.id }}.",
        },
      ],
    ],
    [
      "a dedup window without a dedup key",
      26,
      "    enabled: true",
      [
        {
          line: 27,
          column: 25,
          message:
            "trigger on-order: dedupWindowSeconds needs a dedupKey: the window says how long a key counts as seen.",
        },
      ],
    ],
    [
      "a dedup window out of range",
      27,
      "    dedupWindowSeconds: 0",
      [
        {
          line: 27,
          column: 25,
          message: "trigger on-order: dedupWindowSeconds must be a whole number from 1 to 2592000.",
        },
      ],
    ],
    [
      "a duplicate trigger name",
      28,
      "  - { name: on-order, dag: nightly }",
      [
        {
          line: 28,
          column: 13,
          message: "trigger on-order is defined twice (first on line 21); names are unique.",
        },
      ],
    ],
    [
      "a DAG whose DSL does not parse",
      17,
      '  - { name: nightly, definition: "nightly-settle &&& report" }',
      [
        {
          line: 17,
          column: 52,
          message: "DAG nightly: unexpected '&': run tasks one after another with '&&'",
        },
      ],
    ],
    [
      "a maxParallel of 0",
      17,
      '  - { name: nightly, definition: "nightly-settle && report", maxParallel: 0 }',
      [{ line: 17, column: 75, message: "DAG nightly: maxParallel must be a whole number from 1 to 10000." }],
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
        {
          line: 6,
          column: 23,
          message: "task b: properties.env.BAD KEY: environment variable names are letters, digits and _.",
        },
        { line: 7, column: 5, message: 'a task: "name" is required.' },
        {
          line: 8,
          column: 10,
          message: 'a task: app "9a" may contain only letters, digits, "-" and "_", and must start with a letter.',
        },
      ],
    ],
    [
      "a duplicate schedule name",
      "apiVersion: baton/v1\nschedules:\n  - { name: s, task: t, cron: '@daily' }\n  - { name: s, task: t, cron: '@hourly' }\n",
      [{ line: 4, column: 13, message: "schedule s is defined twice (first on line 3); names are unique." }],
    ],
    [
      "a schedule with neither task nor DAG, and a trigger with both",
      "apiVersion: baton/v1\nschedules:\n  - { name: s, cron: '@daily' }\ntriggers:\n  - { name: t, task: a, dag: b }\n",
      [
        { line: 3, column: 5, message: 'schedule s: give exactly one of "task" and "dag".' },
        { line: 5, column: 5, message: 'trigger t: give exactly one of "task" and "dag".' },
      ],
    ],
    [
      "an unknown key in a trigger, and one in a DAG",
      "apiVersion: baton/v1\ndags:\n  - { name: d, definition: a, parallel: 2 }\ntriggers:\n  - { name: t, task: a, secret: x }\n",
      [
        {
          line: 3,
          column: 31,
          message:
            'a DAG: unknown key "parallel"; known keys are name, definition, maxParallel, maxConcurrent, nodeProperties.',
        },
        {
          line: 5,
          column: 25,
          message:
            'a trigger: unknown key "secret"; known keys are name, task, dag, subject, arguments, properties, dedupKey, dedupWindowSeconds, enabled.',
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

describe("parseDocument: a DAG's maxConcurrent and nodeProperties", () => {
  const dag = (...fields: string[]) =>
    ["apiVersion: baton/v1", "dags:", "  - name: nightly", "    definition: a && b", ...fields, ""].join("\n");

  it("reads them: node properties checked as a launch's, env values as text", () => {
    const doc = parsedDoc(
      dag(
        "    maxParallel: 2",
        "    maxConcurrent: 3",
        "    nodeProperties:",
        "      a: { priority: 3, retry: { maxAttempts: 2 } }",
        "      b:",
        "        env: { PORT: 8080 }",
        "        timeoutSeconds: 60",
      ),
    );
    expect(doc.dags).toEqual([
      {
        name: "nightly",
        definition: "a && b",
        maxParallel: 2,
        maxConcurrent: 3,
        nodeProperties: {
          a: { priority: 3, retry: { maxAttempts: 2 } },
          b: { env: { PORT: "8080" }, timeoutSeconds: 60 },
        },
      },
    ]);
  });

  it("leaves out what is not given: an empty nodeProperties is none", () => {
    expect(parsedDoc(dag("    nodeProperties: {}")).dags).toEqual([{ name: "nightly", definition: "a && b" }]);
    expect(parsedDoc(dag("    nodeProperties:", "    maxConcurrent:")).dags).toEqual([
      { name: "nightly", definition: "a && b" },
    ]);
  });

  it("keeps a node given no properties, as the stored graph does", () => {
    expect(parsedDoc(dag("    nodeProperties: { a: {} }")).dags[0]?.nodeProperties).toEqual({ a: {} });
  });

  const refusals: [string, string[], LineError[]][] = [
    [
      "a maxConcurrent out of range",
      ["    maxConcurrent: 10001"],
      [{ line: 5, column: 20, message: "DAG nightly: maxConcurrent must be a whole number from 1 to 10000." }],
    ],
    [
      "a maxConcurrent that is not a whole number",
      ["    maxConcurrent: 2.5"],
      [{ line: 5, column: 20, message: "DAG nightly: maxConcurrent must be a whole number from 1 to 10000." }],
    ],
    [
      "nodeProperties that is not a mapping",
      ["    nodeProperties: [a]"],
      [
        {
          line: 5,
          column: 21,
          message: "DAG nightly: nodeProperties must be a mapping of node id -> properties, like a: { priority: 3 }.",
        },
      ],
    ],
    [
      "a node whose properties are not a mapping, and one with none",
      ["    nodeProperties:", "      a: 3", "      b:"],
      [
        { line: 6, column: 10, message: "DAG nightly: nodeProperties.a must be a mapping of key: value lines." },
        {
          line: 7,
          column: 7,
          message: "DAG nightly: nodeProperties.b must be a mapping of properties, like { priority: 3 }.",
        },
      ],
    ],
    [
      "an unknown property (at the key)",
      ["    nodeProperties:", "      a: { priority: 3, retries: 2 }"],
      [
        {
          line: 6,
          column: 25,
          message: expect.stringMatching(/^DAG nightly: nodeProperties\.a: unknown key "retries"; known keys are /),
        },
      ],
    ],
    [
      "a bad value deep in a node's properties",
      ["    nodeProperties:", "      a:", "        priority: 3", "        retry:", "          maxAttempts: 0"],
      [
        {
          line: 9,
          column: 24,
          message: expect.stringMatching(/^DAG nightly: nodeProperties\.a\.retry\.maxAttempts: maxAttempts counts/),
        },
      ],
    ],
    [
      "a property only the task may set",
      ["    nodeProperties:", "      b: { timeoutSeconds: 60, maxConcurrent: 2 }"],
      [
        {
          line: 6,
          column: 47,
          message:
            "DAG nightly: nodeProperties.b.maxConcurrent can be set only on the task itself (createTask or upgradeTask).",
        },
      ],
    ],
  ];
  it.each(refusals)("refuses %s at its line", (_name, fields, errors) => {
    expect(parseDocument(dag(...fields))).toEqual({ ok: false, errors });
  });

  it("leaves whether a node exists to the service: that needs the DAG's graph", () => {
    expect(parsedDoc(dag("    nodeProperties: { ghost: { priority: 1 } }")).dags[0]?.nodeProperties).toEqual({
      ghost: { priority: 1 },
    });
  });
});

describe("parseDocument: a task's retention", () => {
  const doc = (retention: string) => `apiVersion: baton/v1
tasks:
  - name: settle
    app: settle
    retention: ${retention}
`;

  it("reads the limits a task sets itself; the others stay the global ones", () => {
    const result = parseDocument(doc("{ days: 30, logDays: 7 }"));
    expect(result.ok && result.doc.tasks[0]).toEqual({
      name: "settle",
      app: "settle",
      properties: {},
      arguments: [],
      retention: { days: 30, logDays: 7 },
    });
  });

  it("refuses a limit that is not a whole number from 0 to 36500, or an unknown key, on its line", () => {
    const bad = parseDocument(doc("{ days: -1 }"));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.message).toMatch(/task settle: retention.days must be a whole number from 0 to/);
    expect(!bad.ok && bad.errors[0]?.line).toBe(5);
    const unknown = parseDocument(doc("{ weeks: 2 }"));
    expect(!unknown.ok && unknown.errors[0]?.message).toMatch(/weeks/);
  });
});
