"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { decideSuggestionsAction } from "../actions";

type Outcome = { ok: boolean; text: string } | undefined;
const OutcomeContext = createContext<((m: Outcome) => void) | null>(null);

/**
 * Shows the outcome of the buttons inside it above them: accepting a suggestion refreshes the list and removes its
 * row (and the row's buttons with it), so the confirmation must live outside the row.
 */
export function SuggestionOutcome({ children }: { children: ReactNode }) {
  const [outcome, setOutcome] = useState<Outcome>();
  return (
    <OutcomeContext.Provider value={setOutcome}>
      <div role="status" aria-live="polite" className={outcome ? (outcome.ok ? "mb-2 text-sm text-muted-foreground" : "mb-2 text-sm text-critical") : "sr-only"}>
        {outcome?.text}
      </div>
      {children}
    </OutcomeContext.Provider>
  );
}

/**
 * Accept / Dismiss for one or more owner suggestions. Accepting makes the suggested user the owner of the NHI and
 * settles its other suggestions; the outcome is announced, errors are shown next to the buttons.
 */
export function SuggestionButtons({ ids, onDone, compact = false }: { ids: string[]; onDone?: () => void; compact?: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [localMessage, setLocalMessage] = useState<Outcome>();
  const announce = useContext(OutcomeContext);
  const setMessage = announce ?? setLocalMessage;
  const message = announce ? undefined : localMessage;
  const n = ids.length;
  const decide = (decision: "accept" | "dismiss") =>
    startTransition(async () => {
      setMessage(undefined);
      const res = await decideSuggestionsAction({ ids, decision });
      if (!res.ok) {
        setMessage({ ok: false, text: res.error });
        return;
      }
      const { accepted, dismissed, skipped } = res.data;
      const done = decision === "accept" ? `${accepted} owner${accepted === 1 ? "" : "s"} set` : `${dismissed} dismissed`;
      setMessage({ ok: true, text: skipped ? `${done}; ${skipped} skipped (decided already, another suggestion for the same NHI, or a deactivated user).` : `${done}.` });
      onDone?.();
      router.refresh();
    });
  const suffix = compact ? "" : n > 1 ? ` ${n}` : "";
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button size="sm" onClick={() => decide("accept")} disabled={pending || !n}>
        {pending ? "Saving…" : `Accept${suffix}`}
      </Button>
      <Button size="sm" variant="outline" onClick={() => decide("dismiss")} disabled={pending || !n}>
        {`Dismiss${suffix}`}
      </Button>
      {message ? (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-muted-foreground" : "text-xs text-critical"}>
          {message.text}
        </span>
      ) : null}
    </span>
  );
}
