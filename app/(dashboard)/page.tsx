import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { ZPostureFilters } from "@/lib/posture/schemas";
import { CisoDashboard } from "./_dashboard/ciso-dashboard";
import { OwnerDashboard } from "./_dashboard/owner-dashboard";

export const metadata: Metadata = { title: "Dashboard" };

// Home page: the posture dashboard for ADMIN, SECURITY_VIEWER and AUDITOR (dashboard:read); owners get theirs.
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer("identity:read");
  if (!can(viewer, "dashboard:read")) return <OwnerDashboard viewer={viewer} />;
  return <CisoDashboard viewer={viewer} filters={ZPostureFilters.parse(await searchParams)} />;
}
