import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";
import { badInput } from "./errors.js";

export type AppUri = { kind: "file"; path: string } | { kind: "docker"; image: string };

const IMAGE = /^[a-z0-9]+([._/:@-][a-zA-Z0-9_.-]+)*$/;

/**
 * Parses an app URI from API.md: file:///absolute/path, or docker:image[:tag].
 * Pure: whether the file exists is checked at launch, where it matters.
 */
export function parseAppUri(uri: string): AppUri {
  const text = uri.trim();
  if (text.length > 2048) throw badInput("uri is longer than 2048 characters.", { field: "uri" });
  if (text.startsWith("docker:")) {
    const image = text.slice("docker:".length).replace(/^\/\//, "");
    if (!IMAGE.test(image)) {
      throw badInput(`"${text}" is not a valid image reference; write it as docker:registry/name:tag.`, {
        field: "uri",
      });
    }
    return { kind: "docker", image };
  }
  if (text.startsWith("file:")) {
    let path: string;
    try {
      path = fileURLToPath(text);
    } catch {
      throw badInput(`"${text}" is not a valid file URI; write an absolute path as file:///opt/jobs/job.mjs.`, {
        field: "uri",
      });
    }
    if (!isAbsolute(path) || !text.startsWith("file:///")) {
      throw badInput(`"${text}" must be an absolute file URI such as file:///opt/jobs/job.mjs.`, { field: "uri" });
    }
    return { kind: "file", path };
  }
  throw badInput(`"${text}" has an unsupported scheme; use file:///absolute/path or docker:image:tag.`, {
    field: "uri",
  });
}
