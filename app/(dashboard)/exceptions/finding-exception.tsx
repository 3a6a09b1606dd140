"use client";

import Link from "next/link";
import { createContext, useContext, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { FindingException } from "@/lib/exceptions/queries";
import type { FindingStatus } from "@/lib/db/generated/enums";
import { formatDate } from "@/lib/utils";
import { RequestExceptionDialog, type FindingOption, type RequestContext } from "./request-exception";

const Ctx = createContext<(RequestContext & { canRequest: boolean }) | null>(null);

/** Shares the policy, "today" and whether the viewer may request, with every finding row below it. */
export function FindingExceptionProvider({ value, children }: { value: RequestContext & { canRequest: boolean }; children: ReactNode }) {
  return <Ctx value={value}>{children}</Ctx>;
}

/**
 * A finding's risk-acceptance state, for finding rows (findings page, NHI page): accepted until a date, pending
 * approval, or an "Accept risk…" button opening the request form for this finding.
 */
export function FindingExceptionAction({
  finding,
  status,
  identity,
  exception,
}: {
  finding: FindingOption;
  status: FindingStatus;
  identity: { id: string; name: string };
  exception: FindingException | null | undefined;
}) {
  const ctx = useContext(Ctx);
  // The request's server action refreshes the page: the row then has its exception, but the open dialog stays until
  // the requester has read the confirmation and closed it.
  const [requesting, setRequesting] = useState(false);
  if (exception && !requesting) {
    return (
      <Link href={`/exceptions/${exception.id}`} prefetch={false} className="rounded-md focus-visible:outline-2 focus-visible:outline-ring">
        {exception.status === "APPROVED" ? (
          <Badge variant="success" title="Accepted risk: open the exception">
            Accepted until {formatDate(exception.expiresAt)}
          </Badge>
        ) : (
          <Badge variant="info" title="Waiting for an approver: open the request">
            Exception pending
          </Badge>
        )}
      </Link>
    );
  }
  if (!requesting && (status !== "OPEN" || !ctx?.canRequest)) return null;
  if (!ctx) return null;
  return (
    <RequestExceptionDialog
      identity={identity}
      findings={[finding]}
      context={ctx}
      onOpenChange={setRequesting}
      triggerProps={{ "aria-label": `Accept risk: ${finding.title} on ${identity.name}` }}
    />
  );
}
