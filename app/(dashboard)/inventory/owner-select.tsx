"use client";

import type { ComponentProps } from "react";
import { Select } from "@/components/ui/select";
import type { OwnerOption } from "@/lib/users/queries";

/** Active users grouped by team; `allowNone` adds an explicit "no owner" choice. */
export function OwnerSelect({
  owners,
  value,
  onChange,
  allowNone,
  noneLabel = "No owner",
  ...props
}: Omit<ComponentProps<"select">, "value" | "onChange"> & {
  owners: OwnerOption[];
  value: string;
  onChange: (id: string) => void;
  allowNone?: boolean;
  noneLabel?: string;
}) {
  const byTeam = new Map<string, OwnerOption[]>();
  for (const o of owners) byTeam.set(o.team, [...(byTeam.get(o.team) ?? []), o]);
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value)} {...props}>
      <option value="">{allowNone ? noneLabel : "Choose a person…"}</option>
      {[...byTeam.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([team, list]) => (
          <optgroup key={team} label={team}>
            {list.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
    </Select>
  );
}
