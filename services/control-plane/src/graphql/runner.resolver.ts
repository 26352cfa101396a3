import { Query, Resolver } from "type-graphql";
import type { RunnersService } from "../services/runners.service.js";
import { RunnerInfo } from "./runner.type.js";

@Resolver(() => RunnerInfo)
export class RunnerResolver {
  constructor(
    private readonly runnersService: RunnersService,
    private readonly activeWithinMs: number,
  ) {}

  @Query(() => [RunnerInfo], { description: "Runners that sent a heartbeat recently." })
  runners(): Promise<RunnerInfo[]> {
    return this.runnersService.runners(this.activeWithinMs);
  }
}
