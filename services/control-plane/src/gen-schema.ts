import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { printApiSchema } from "./graphql/print-schema.js";

const target = new URL("../schema.graphql", import.meta.url);
await writeFile(target, await printApiSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
