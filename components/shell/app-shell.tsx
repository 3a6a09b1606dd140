import Link from "next/link";
import type { ReactNode } from "react";
import { can, type Viewer } from "@/lib/auth/permissions";
import { NAV_ITEMS } from "./nav";
import { NavLinks } from "./nav-links";
import { UserMenu } from "./user-menu";

export function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  const items = NAV_ITEMS.filter((i) => can(viewer, i.permission));
  return (
    <div className="flex min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-card focus:px-3 focus:py-2">
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-screen w-52 shrink-0 flex-col overflow-y-auto border-r bg-card md:flex print:hidden">
        <Link href="/" className="flex items-center gap-2.5 px-5 py-5">
          <img src="/favicon.svg" alt="" className="size-7" />
          <span className="text-base font-semibold tracking-tight">Steward</span>
        </Link>
        <NavLinks items={items} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 print:hidden items-center justify-between gap-4 border-b bg-card/95 px-4 backdrop-blur md:px-8">
          <div className="flex items-center gap-2 md:hidden">
            <img src="/favicon.svg" alt="" className="size-6" />
            <span className="font-semibold">Steward</span>
          </div>
          <nav aria-label="Sections" className="flex min-w-0 gap-1 overflow-x-auto md:hidden">
            {items.map((i) => (
              <Link key={i.href} href={i.href} className="rounded px-2 py-1 text-sm hover:bg-accent">
                {i.label}
              </Link>
            ))}
          </nav>
          <div className="hidden md:block" />
          <UserMenu name={viewer.name} email={viewer.email} role={viewer.role} />
        </header>
        <main id="main" className="mx-auto w-full max-w-[1480px] flex-1 px-4 py-6 md:px-6 print:max-w-none print:p-0">
          {children}
        </main>
      </div>
    </div>
  );
}
