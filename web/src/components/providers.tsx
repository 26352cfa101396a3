"use client";
import type { ReactNode } from "react";
import { configureSignIn, GraphQLUrlContext } from "@/lib/client-graphql";
import { type Viewer, ViewerContext } from "./viewer";

/**
 * Hands the control plane's URL (read on the server at request time) and
 * the signed-in viewer (null in local mode) to client components.
 */
export function Providers({
  graphqlUrl,
  viewer,
  children,
}: {
  graphqlUrl: string;
  viewer: Viewer | null;
  children: ReactNode;
}) {
  configureSignIn(viewer !== null);
  return (
    <GraphQLUrlContext.Provider value={graphqlUrl}>
      <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>
    </GraphQLUrlContext.Provider>
  );
}
