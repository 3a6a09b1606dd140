"use client";

import { ChevronDown, Download, Search, X } from "lucide-react";
import { useUrlSearch, useUrlState } from "@/components/data-table/use-url-state";
import { Button, buttonVariants } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { CRITICALITY_LABELS, ENVIRONMENT_LABELS, KIND_LABELS, STATUS_LABELS } from "@/lib/identities/labels";
import { INVENTORY_FILTER_KEYS } from "@/lib/identities/schemas";
import { cn } from "@/lib/utils";

export interface InventoryFacets {
  sources: { id: string; key: string; name: string }[];
  teams: { id: string; name: string }[];
}


export function InventoryFilters({ facets, canFilterByOwner }: { facets: InventoryFacets; canFilterByOwner: boolean }) {
  const { searchParams, setSearchParams } = useUrlState();
  const get = (k: string) => searchParams?.get(k) ?? "";
  const getAll = (k: string) => searchParams?.getAll(k) ?? [];
  const set = (k: string, v: string | string[] | null) => setSearchParams({ [k]: v }, { resetPage: true });

  const [q, setQ] = useUrlSearch({ searchParams, setSearchParams });

  const active = INVENTORY_FILTER_KEYS.some((k) => getAll(k).length > 0);
  const exportHref = `/inventory/export?${searchParams?.toString() ?? ""}`;

  return (
    <div className="space-y-2" role="search" aria-label="Filter identities">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full max-w-xs">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
          <Input
            type="search"
            aria-label="Search by name, external id or purpose"
            placeholder="Search name, ARN, e-mail, purpose…"
            className="pl-8"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <MultiFilter label="Kind" values={getAll("kind")} options={KIND_LABELS} onChange={(v) => set("kind", v)} />
        <MultiFilter label="Environment" values={getAll("env")} options={ENVIRONMENT_LABELS} onChange={(v) => set("env", v)} />
        <MultiFilter label="Status" values={getAll("status")} options={STATUS_LABELS} onChange={(v) => set("status", v)} />
        <MultiFilter label="Criticality" values={getAll("criticality")} options={CRITICALITY_LABELS} onChange={(v) => set("criticality", v)} />
        <MultiFilter
          label="Source"
          values={getAll("source")}
          options={Object.fromEntries(facets.sources.map((s) => [s.id, s.key]))}
          onChange={(v) => set("source", v)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {canFilterByOwner ? (
          <>
            <Select aria-label="Owner" className="w-40" value={get("owner")} onChange={(e) => set("owner", e.target.value || null)}>
              <option value="">Any owner</option>
              <option value="none">No owner (orphans)</option>
              <option value="me">Owned by me</option>
            </Select>
            <Select aria-label="Team" className="w-40" value={get("team")} onChange={(e) => set("team", e.target.value || null)}>
              <option value="">Any team</option>
              {facets.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </>
        ) : null}
        <Select aria-label="Minimum risk" className="w-36" value={get("riskMin")} onChange={(e) => set("riskMin", e.target.value || null)}>
          <option value="">Any risk</option>
          <option value="75">Critical (75+)</option>
          <option value="50">High or worse (50+)</option>
          <option value="25">Medium or worse (25+)</option>
        </Select>
        <Select aria-label="Credential age" className="w-52" value={get("credAgeOver")} onChange={(e) => set("credAgeOver", e.target.value || null)}>
          <option value="">Any secret age</option>
          <option value="30">Secret older than 30 days</option>
          <option value="90">Secret older than 90 days</option>
          <option value="180">Secret older than 180 days</option>
          <option value="365">Secret older than 1 year</option>
          <option value="730">Secret older than 2 years</option>
        </Select>
        <Select aria-label="Credential at most" className="w-52" value={get("credAgeUnder")} onChange={(e) => set("credAgeUnder", e.target.value || null)}>
          <option value="">No upper age</option>
          <option value="30">Oldest secret ≤ 30 days</option>
          <option value="90">Oldest secret ≤ 90 days</option>
          <option value="365">Oldest secret ≤ 1 year</option>
        </Select>
        <label className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-accent">
          <Checkbox checked={get("unused") === "1"} onCheckedChange={(c) => set("unused", c === true ? "1" : null)} />
          Has unused grants (90 days)
        </label>
        <label className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-accent">
          <Checkbox checked={get("privileged") === "1"} onCheckedChange={(c) => set("privileged", c === true ? "1" : null)} />
          Privileged
        </label>
        <label className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-accent">
          <Checkbox checked={get("neverExpires") === "1"} onCheckedChange={(c) => set("neverExpires", c === true ? "1" : null)} />
          Secret never expires

        </label>
        <label className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 hover:bg-accent">
          <Checkbox checked={get("changed") === "1"} onCheckedChange={(c) => set("changed", c === true ? "1" : null)} />
          Changed since last certified
        </label>
        {active ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setQ("");
              setSearchParams(Object.fromEntries(INVENTORY_FILTER_KEYS.map((k) => [k, null])), { resetPage: true });
            }}
          >
            <X aria-hidden="true" /> Clear filters
          </Button>
        ) : null}
        <a href={exportHref} className={cn(buttonVariants({ variant: "outline", size: "sm" }), "ml-auto")} download>
          <Download aria-hidden="true" /> Export CSV
        </a>
      </div>
    </div>
  );
}

function MultiFilter({
  label,
  values,
  options,
  onChange,
}: {
  label: string;
  values: string[];
  options: Record<string, string>;
  onChange: (values: string[]) => void;
}) {
  const selected = values.filter((v) => v in options);
  const summary = selected.length === 0 ? label : selected.length === 1 ? `${label}: ${options[selected[0]]}` : `${label}: ${selected.length}`;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className={cn(selected.length && "border-primary/50 bg-info-subtle")} aria-label={`Filter by ${label.toLowerCase()}`}>
          {summary} <ChevronDown aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-80 w-60 overflow-y-auto">
        <DropdownMenuLabel>{label}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {Object.entries(options).map(([value, text]) => (
          <DropdownMenuCheckboxItem
            key={value}
            checked={selected.includes(value)}
            // Keep the menu open so several values can be picked in one go.
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={(checked) => onChange(checked ? [...selected, value] : selected.filter((v) => v !== value))}
          >
            {text}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
