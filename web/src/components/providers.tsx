"use client";
import type { ReactNode } from "react";
import { configureSignIn, GraphQLUrlContext } from "@/lib/client-graphql";
import { RenderedAt, useMarkHydrated } from "./time";
import { type Viewer, ViewerContext } from "./viewer";

/**
 * Hands the control plane's URL (read on the server at request time), the
 * signed-in viewer (null in local mode) and the server's clock at render
 * (for a hydration that matches the server's HTML) to client components.
 */
export function Providers({
  graphqlUrl,
  viewer,
  renderedAt,
  children,
}: {
  graphqlUrl: string;
  viewer: Viewer | null;
  renderedAt: number;
  children: ReactNode;
}) {
  configureSignIn(viewer !== null);
  useMarkHydrated();
  return (
    <GraphQLUrlContext.Provider value={graphqlUrl}>
      <ViewerContext.Provider value={viewer}>
        <RenderedAt.Provider value={renderedAt}>{children}</RenderedAt.Provider>
      </ViewerContext.Provider>
    </GraphQLUrlContext.Provider>
  );
}
