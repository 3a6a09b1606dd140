import type { ReactNode } from "react";
import { requireViewer } from "@/lib/auth/session";
import { AppShell } from "@/components/shell/app-shell";

export const dynamic = "force-dynamic";

// Layout checks do not re-run on client navigation (STACK.md): pages and the data layer authorize again.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requireViewer();
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
