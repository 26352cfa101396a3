import { describe, expect, it } from "vitest";
import { waitClass } from "./wait-class.js";

describe("waitClass", () => {
  it("names each of admission's reasons without the values in them", () => {
    expect(waitClass("task limit 3 reached", false)).toBe("task_limit");
    expect(waitClass("DAG limit 2 reached (nightly)", false)).toBe("dag_limit");
    expect(waitClass("pool limit 4 reached (gpu)", false)).toBe("pool_limit");
    expect(waitClass("concurrency key account-42 busy", false)).toBe("concurrency_key");
    expect(waitClass("no runner is up in pool gpu (local)", false)).toBe("no_runner");
    expect(waitClass("every runner in pool default is draining", false)).toBe("draining");
    expect(waitClass("no runner in pool default has labels zone=a", false)).toBe("labels");
    expect(waitClass("no runner with 4 GiB memory (the largest has 2 GiB)", false)).toBe("resources");
    expect(waitClass("waiting for a free slot in pool default", false)).toBe("slots");
  });

  it("tells a retry's backoff, an unseen run and an unknown sentence apart", () => {
    expect(waitClass("task limit 3 reached", true)).toBe("backoff");
    expect(waitClass(null, false)).toBe("pending");
    expect(waitClass("something new", false)).toBe("other");
  });
});
