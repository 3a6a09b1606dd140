import type { Metadata } from "next";
import { Users } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { listTeams } from "@/lib/teams/teams";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/lib/utils";
import { LeadSelect } from "./lead-select";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const viewer = await requireViewer("user:manage");
  const teams = await listTeams(viewer);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Teams</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Each team&apos;s lead is who a review campaign escalates to first when a team member leaves items undecided past the due date (the
          &quot;team lead&quot; escalation level). Teams are created with their users (<code>npm run steward -- user create --team</code>) and
          by imports.
        </p>
      </div>
      {teams.length === 0 ? (
        <EmptyState icon={<Users className="size-8 text-muted-foreground" aria-hidden="true" />} title="No teams yet" description="Teams appear when users are created with a team." />
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card">
          <table className="w-full text-sm">
            <caption className="sr-only">Teams and their leads</caption>
            <thead className="border-b bg-muted/40 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th className="px-4 py-2.5 font-medium">Team</th>
                <th className="px-4 py-2.5 text-right font-medium">Active members</th>
                <th className="px-4 py-2.5 text-right font-medium">NHIs</th>
                <th className="px-4 py-2.5 font-medium">Lead</th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {teams.map((t) => (
                <tr key={t.id}>
                  <td className="px-4 py-2.5 font-medium">{t.name}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{formatNumber(t.members.length)}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{formatNumber(t.nhis)}</td>
                  <td className="px-4 py-2.5">
                    <LeadSelect teamId={t.id} teamName={t.name} leadId={t.lead?.id ?? null} members={t.members} />
                    {t.lead && !t.lead.active ? <p className="mt-1 text-xs text-destructive">{t.lead.name} is inactive: choose another lead.</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
