import "@xyflow/react/dist/style.css";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { Providers } from "@/components/providers";
import { graphqlUrl } from "@/lib/server-graphql";
import { loadViewer } from "@/lib/viewer";

// Every page reads live data from the control plane at request time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: { default: "Baton", template: "%s · Baton" } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await loadViewer();
  return (
    <html lang="en">
      <body>
        <Providers graphqlUrl={graphqlUrl()} viewer={viewer} renderedAt={Date.now()}>
          <Nav />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
