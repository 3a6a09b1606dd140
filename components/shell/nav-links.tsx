"use client";

import { Fragment } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Braces, ClipboardCheck, Clock, FileUp, LayoutDashboard, ListChecks, Mail, ScrollText, ServerCog, Settings, ShieldAlert, ShieldCheck, TimerReset, Users, UsersRound, Webhook, Wrench } from "lucide-react";
import { cn } from "@/lib/utils";
import type { NavItem } from "./nav";

const ICONS = {
  overview: LayoutDashboard, inventory: ServerCog, imports: FileUp, findings: ShieldAlert, rotation: TimerReset, api: Braces,
  exceptions: ShieldCheck, audit: ScrollText, settings: Settings,
  campaigns: ListChecks, reviews: ClipboardCheck, remediation: Wrench, webhooks: Webhook, users: Users, jobs: Clock, outbox: Mail, teams: UsersRound,
} as const;

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The most specific item wins: /settings/webhooks lights "Webhooks", not "Settings" as well.
  const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const current = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 px-3 pb-4">
      {items.map((item, i) => {
        const active = item.href === current;
        const Icon = ICONS[item.icon];
        const firstOfGroup = item.group && items[i - 1]?.group !== item.group;
        return (
          <Fragment key={item.href}>
            {firstOfGroup && i > 0 ? (
              <div className="mt-4 mb-1 px-3 text-xs font-medium uppercase tracking-wide text-muted-foreground/80">Configuration</div>
            ) : null}
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-accent hover:text-foreground",
                active && "bg-accent text-foreground",
              )}
            >
              <Icon className="size-4" aria-hidden="true" />
              {item.label}
            </Link>
          </Fragment>
        );
      })}
    </nav>
  );
}
