import { bearerMatches } from "@baton/proto";
import express, { type Request, type Response } from "express";
import type { Readiness } from "./readiness.js";

export interface OpsRoutesOptions {
  readiness: () => Promise<Readiness>;
  /** Undefined when BATON_METRICS=false: /metrics is then 404. */
  metrics?: { render(): Promise<string>; contentType: string; token?: string };
  log: (m: string) => void;
}

/**
 * GET /readyz (Postgres, migrations, NATS, JetStream: 200 or 503 with what is
 * missing) and GET /metrics (Prometheus text; with BATON_METRICS_TOKEN it needs
 * that bearer token, which is not an API credential). /healthz stays in server.ts.
 */
export function opsRoutes(options: OpsRoutesOptions): express.Router {
  const router = express.Router();
  router.get("/readyz", async (_req: Request, res: Response) => {
    const r = await options.readiness();
    res.status(r.ok ? 200 : 503).json(r);
  });
  router.get("/metrics", async (req: Request, res: Response) => {
    const metrics = options.metrics;
    if (!metrics) {
      res.status(404).type("text/plain").send("Metrics are off on this control plane (BATON_METRICS=false).\n");
      return;
    }
    if (metrics.token && !bearerMatches(req.get("authorization"), metrics.token)) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="baton-metrics"')
        .type("text/plain")
        .send("/metrics needs Authorization: Bearer <the token in BATON_METRICS_TOKEN>.\n");
      return;
    }
    try {
      res.type(metrics.contentType).send(await metrics.render());
    } catch (err) {
      options.log(`metrics could not be rendered: ${(err as Error).message}`);
      res.status(500).type("text/plain").send("The metrics could not be rendered; the control plane logged why.\n");
    }
  });
  return router;
}
