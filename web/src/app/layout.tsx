import "@xyflow/react/dist/style.css";
import "./globals.css";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { Providers } from "@/components/providers";
import { graphqlUrl } from "@/lib/server-graphql";

// Every page reads live data from the control plane at request time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: { default: "Baton", template: "%s · Baton" } };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers graphqlUrl={graphqlUrl()}>
          <Nav />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
