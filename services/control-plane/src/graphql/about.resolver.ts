import { Query, Resolver } from "type-graphql";
import type { AboutService } from "../services/about.service.js";
import { About } from "./about.type.js";

@Resolver()
export class AboutResolver {
  constructor(private readonly service: AboutService) {}

  @Query(() => About, {
    description:
      "Baton's version, every control plane that answers over NATS (this one first), and the database and NATS server in use, without credentials.",
  })
  about(): Promise<About> {
    return this.service.about();
  }
}
