"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Select } from "@/components/ui/select";
import { setTeamLeadAction } from "./actions";

/** The team's lead, saved as soon as it is picked; says so, or why not. */
export function LeadSelect({ teamId, teamName, leadId, members }: { teamId: string; teamName: string; leadId: string | null; members: { id: string; name: string; email: string }[] }) {
  const router = useRouter();
  const [value, setValue] = useState(leadId ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Select
        aria-label={`Lead of ${teamName}`}
        className="w-96 max-w-full"
        value={value}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          setValue(next);
          start(async () => {
            const res = await setTeamLeadAction({ teamId, leadId: next || null });
            if (!res.ok) {
              setValue(leadId ?? "");
              setMessage({ ok: false, text: res.fieldErrors?.leadId ?? res.error });
            } else {
              setMessage({ ok: true, text: "Saved" });
              router.refresh();
            }
          });
        }}
      >
        <option value="">No lead (escalates to the fallback reviewer)</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.email})
          </option>
        ))}
      </Select>
      {message ? (
        <span role="status" className={message.ok ? "text-sm text-success-foreground" : "text-sm text-destructive"}>
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
