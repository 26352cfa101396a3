import { Arg, Int, Query, Resolver } from "type-graphql";
import type { AuditService } from "../services/audit.service.js";
import { AuditConnection, AuditFilterInput, AuditRecord } from "./audit.type.js";

@Resolver(() => AuditRecord)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditConnection, { description: "The audit trail, newest first." })
  auditRecords(
    @Arg("filter", () => AuditFilterInput, { nullable: true }) filter?: AuditFilterInput | null,
    @Arg("first", () => Int, { nullable: true }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<AuditConnection> {
    return this.audit.list(filter ?? {}, first, after);
  }
}
