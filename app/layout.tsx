import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page is rendered per request: the CSP nonce from proxy.ts must reach Next's scripts, which a page
// prerendered at build time (even the 404) could not carry.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Steward", template: "%s · Steward" },
  description: "Governance for non-human identities: owners, purpose, privilege, secrets and attestations.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-background text-foreground antialiased">{children}</body>
    </html>
  );
}
