import { describe, expect, it } from "vitest";
import { parseScdfRegistry } from "./scdf-registry.js";

// Shaped like SCDF's published app lists (e.g. task apps from dataflow.spring.io).
const SCDF_SAMPLE = `# Task apps
task.timestamp=docker:springcloudtask/timestamp-task:2.1.1
task.timestamp.metadata=maven://org.springframework.cloud.task.app:timestamp-task:jar:metadata:2.1.1
task.timestamp-batch=docker:springcloudtask/timestamp-batch-task:2.1.1
task.timestamp-batch.bootVersion=2

! Stream apps
source.http=docker:springcloudstream/http-source-rabbit:3.2.1
source.http.metadata=maven://org.springframework.cloud.stream.app:http-source-rabbit:jar:metadata:3.2.1
sink.log : docker:springcloudstream/log-sink-rabbit:3.2.1
task.settle=file:///opt/jobs/settle.jar
task.settle.version=1.4.0
`;

describe("parseScdfRegistry", () => {
  it("imports task apps, ignores metadata and skips stream apps", () => {
    expect(parseScdfRegistry(SCDF_SAMPLE)).toEqual({
      ok: true,
      apps: [
        { name: "timestamp", version: "2.1.1", uri: "docker:springcloudtask/timestamp-task:2.1.1", line: 2 },
        {
          name: "timestamp-batch",
          version: "2.1.1",
          uri: "docker:springcloudtask/timestamp-batch-task:2.1.1",
          line: 4,
        },
        { name: "settle", version: "1.4.0", uri: "file:///opt/jobs/settle.jar", line: 11 },
      ],
      skipped: [
        { line: 8, reason: "source.http is a stream app (source); Baton runs tasks only." },
        { line: 9, reason: "source.http.metadata is a stream app (source); Baton runs tasks only." },
        { line: 10, reason: "sink.log is a stream app (sink); Baton runs tasks only." },
      ],
    });
  });

  it("refuses a Maven task line, saying what to do instead, and lists every error", () => {
    const text = `${SCDF_SAMPLE}task.billing=maven://com.example:billing-task:1.0.0\ntask.9lives=docker:x:1\n`;
    expect(parseScdfRegistry(text)).toEqual({
      ok: false,
      errors: [
        {
          line: 13,
          message:
            "task.billing=maven://com.example:billing-task:1.0.0: Baton cannot resolve Maven artifacts. Download the jar " +
            "and register it as file:///path/to/the.jar (with task.billing.version=<version>), or publish an image and use docker:image:tag.",
        },
        {
          line: 14,
          message:
            'task.9lives: task name "9lives" may contain only letters, digits, "-" and "_", and must start with a letter.',
        },
      ],
    });
  });

  const versions: [string, string, { name: string; version: string; uri: string; line: number }[]][] = [
    [
      "the version line overrides the docker tag, before or after it",
      "task.a.version=2.0.0-rc1\ntask.a=docker:reg.local:5000/team/a:latest",
      [{ name: "a", version: "2.0.0-rc1", uri: "docker:reg.local:5000/team/a:latest", line: 2 }],
    ],
    [
      "a tag next to a digest",
      "task.a=docker:a:1.2@sha256:abcd",
      [{ name: "a", version: "1.2", uri: "docker:a:1.2@sha256:abcd", line: 1 }],
    ],
    [
      "same name, two versions; exact repeats collapse",
      "task.a=docker:a:1\ntask.a=docker:a:2\ntask.a=docker:a:1",
      [
        { name: "a", version: "1", uri: "docker:a:1", line: 1 },
        { name: "a", version: "2", uri: "docker:a:2", line: 2 },
      ],
    ],
  ];
  it.each(versions)("%s", (_name, text, apps) => {
    expect(parseScdfRegistry(text)).toEqual({ ok: true, apps, skipped: [] });
  });

  const errors: [string, string, { line: number; message: string }[]][] = [
    [
      "a docker image without a tag",
      "\ntask.a=docker:reg.local:5000/a",
      [
        {
          line: 2,
          message:
            "task.a: docker:reg.local:5000/a has no tag; add one (docker:reg.local:5000/a:1.0.0) or a line task.a.version=<version>.",
        },
      ],
    ],
    [
      "a file URI without a version line",
      "task.a=file:///opt/a.jar",
      [{ line: 1, message: "task.a: a file: URI carries no version; add a line task.a.version=<version>." }],
    ],
    [
      "a version line without a URI line",
      "task.a.version=1",
      [{ line: 1, message: "task.a.version has no task.a=<uri> line to apply to." }],
    ],
    [
      "two different version lines",
      "task.a=file:///a.jar\ntask.a.version=1\ntask.a.version=2",
      [
        {
          line: 3,
          message:
            "task.a.version was already set to 1 on line 2; a file gives each task one version line. Import other versions from another file.",
        },
      ],
    ],
    [
      "one version, two URIs",
      "task.a=docker:a:1\ntask.a=docker:b:1",
      [{ line: 2, message: "task.a version 1 is already docker:a:1 (line 1); give this URI its own version." }],
    ],
    [
      "no URI",
      "task.a=",
      [{ line: 1, message: "task.a has no URI; write task.a=docker:image:tag or task.a=file:///path/to/app.jar." }],
    ],
    [
      "an http URI",
      "task.a=https://repo/a.jar",
      [
        {
          line: 1,
          message:
            'task.a: "https://repo/a.jar" has an unsupported scheme; use file:///absolute/path or docker:image:tag.',
        },
      ],
    ],
    [
      "a bad version",
      "task.a=docker:a:1\ntask.a.version=1 0",
      [
        {
          line: 2,
          message:
            'task.a.version: version "1 0" may contain only letters, digits, ".", "_", "+" and "-" (for example 2.1.0).',
        },
      ],
    ],
    [
      "unknown keys",
      "tasks.a=docker:a:1\ntask.a.b.c=x\ntask.a.label=x",
      [
        {
          line: 1,
          message: '"tasks.a" is not a task registry key; write task.<name>=<uri> or task.<name>.version=<version>.',
        },
        {
          line: 2,
          message: '"task.a.b.c" is not a task registry key; write task.<name>=<uri> or task.<name>.version=<version>.',
        },
        {
          line: 3,
          message: 'task.a.label: unknown suffix ".label"; Baton reads task.<name>, task.<name>.version and .metadata.',
        },
      ],
    ],
  ];
  it.each(errors)("refuses %s", (_name, text, expected) => {
    expect(parseScdfRegistry(text)).toEqual({ ok: false, errors: expected });
  });

  it("accepts an empty file", () => {
    expect(parseScdfRegistry("# nothing yet\n")).toEqual({ ok: true, apps: [], skipped: [] });
  });
});
