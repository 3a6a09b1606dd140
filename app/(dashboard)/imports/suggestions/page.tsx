import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireViewer } from "@/lib/auth/session";
import { listOwnerSuggestions } from "@/lib/imports/queries";
import { ZSuggestionListQuery } from "@/lib/imports/schemas";
import { hrefWithParams, type SearchParamsRecord } from "@/components/data-table/url-state";
import { cn } from "@/lib/utils";
import { SuggestionsTable } from "./suggestions-table";

export const metadata: Metadata = { title: "Owner suggestions" };

const TABS = [
  { status: "PENDING", label: "To review" },
  { status: "ACCEPTED", label: "Accepted" },
  { status: "DISMISSED", label: "Dismissed" },
] as const;

export default async function SuggestionsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("identity:edit");
  const sp = await searchParams;
  const q = ZSuggestionListQuery.parse(sp);
  const { rows, total } = await listOwnerSuggestions(viewer, q);
  return (
    <div className="space-y-5">
      <div>
        <Link href="/imports" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden="true" /> Imports
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Owner suggestions</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Exports name likely owners: AWS and Kubernetes owner tags, Entra ID owners and notification e-mails, GCP descriptions. When such a hint
          matches a Steward user, it is suggested here, never applied on its own. Accepting one makes that person the NHI&apos;s owner (recorded in
          the audit log); select several to decide them at once.
          {q.job ? " Showing the suggestions of one import." : ""}
        </p>
      </div>
      <nav aria-label="Suggestion status" className="flex gap-1 border-b">
        {TABS.map((t) => (
          <Link
            key={t.status}
            href={hrefWithParams("/imports/suggestions", sp, { status: t.status === "PENDING" ? null : t.status }, { resetPage: true })}
            aria-current={q.status === t.status ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm",
              q.status === t.status ? "border-primary font-medium text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      <SuggestionsTable rows={rows} total={total} page={q.page} size={q.size} sort={q.sort} dir={q.dir} pending={q.status === "PENDING"} />
    </div>
  );
}
