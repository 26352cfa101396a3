"use client";
import type { ReactNode } from "react";
import { GraphQLUrlContext } from "@/lib/client-graphql";

/** Hands the control plane's URL (read on the server at request time) to client components. */
export function Providers({ graphqlUrl, children }: { graphqlUrl: string; children: ReactNode }) {
  return <GraphQLUrlContext.Provider value={graphqlUrl}>{children}</GraphQLUrlContext.Provider>;
}
