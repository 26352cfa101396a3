import { describe, expect, it } from "vitest";
import { buildArgv } from "./argv.js";

describe("buildArgv", () => {
  const node = process.execPath;
  it.each([
    ["file:///opt/tasks/a.js", [node, "/opt/tasks/a.js"]],
    ["file:///opt/tasks/a.mjs", [node, "/opt/tasks/a.mjs"]],
    ["file:///opt/tasks/a.cjs", [node, "/opt/tasks/a.cjs"]],
    ["file:///opt/tasks/app.jar", ["java", "-jar", "/opt/tasks/app.jar"]],
    ["file:///opt/tasks/run.sh", ["bash", "/opt/tasks/run.sh"]],
    ["file:///opt/tasks/etl.py", ["python3", "/opt/tasks/etl.py"]],
    ["file:///opt/tasks/APP.JAR", ["java", "-jar", "/opt/tasks/APP.JAR"]],
    ["file:///usr/local/bin/settle", ["/usr/local/bin/settle"]],
    ["file:///opt/my%20tasks/r%C3%A9sum%C3%A9.py", ["python3", "/opt/my tasks/résumé.py"]],
  ])("%s", (uri, expected) => {
    expect(buildArgv(uri, [])).toEqual(expected);
  });

  it("appends arguments as separate elements, unchanged", () => {
    const args = ["--date", "2024-01-01", "; rm -rf /", "$(id)", "a b"];
    expect(buildArgv("file:///t/x.sh", args)).toEqual(["bash", "/t/x.sh", ...args]);
  });

  it.each([
    "docker:settle:1.2",
    "tasks/run.sh",
    "/abs/but/not/a/uri.sh",
    "https://example.com/x.jar",
    "file://remote-host/x.sh",
  ])("refuses %s with a readable error", (uri) => {
    expect(() => buildArgv(uri, [])).toThrow(/the local runner cannot run/);
  });
});
