import { Arg, Int, Query, Resolver } from "type-graphql";
import type { OverviewService } from "../services/overview.service.js";
import { Overview } from "./overview.type.js";

@Resolver()
export class OverviewResolver {
  constructor(private readonly overviews: OverviewService) {}

  @Query(() => Overview, {
    description: "Counts for the console's overview over the last `hours` (1 to 744), aggregated in Postgres.",
  })
  overview(@Arg("hours", () => Int, { nullable: true, defaultValue: 24 }) hours?: number | null): Promise<Overview> {
    return this.overviews.overview(hours);
  }
}
