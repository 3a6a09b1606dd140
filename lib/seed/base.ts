// The part of the demo estate that does not scale with the NHI count: teams, people, platform accounts,
// rotation policies; plus the lookup context every identity chunk draws from. Deterministic in (seed, N, now).
import type { Environment, Role } from "../db/generated/enums";
import { COMPANY, DEMO_USERS, FIRST_NAMES, LAST_NAMES, SOURCE_DEFS, TEAMS, type SourceRef, type TeamDef } from "./catalog";
import { DAY_MS, Rng, hash53, weightedTable, type WeightedTable } from "./random";
import type { EstateBase, EstateOptions, RotationPolicyRow, SourceRow, TeamRow, UserRow } from "./types";

export const DEFAULT_SEED = 42;

export interface ResolvedOptions {
  identities: number;
  seed: number;
  now: Date;
  nowMs: number;
  demoPasswordHash: string | null;
}

export function resolveOptions(opts: EstateOptions): ResolvedOptions {
  const identities = Math.max(0, Math.floor(opts.identities));
  if (!Number.isFinite(identities)) throw new Error("identities must be a finite number");
  const now = opts.now ?? new Date();
  return { identities, seed: opts.seed ?? DEFAULT_SEED, now, nowMs: now.getTime(), demoPasswordHash: opts.demoPasswordHash ?? null };
}

/** Owners: about one per 20 NHIs, never fewer than one per team plus a few. */
export function ownerCount(identities: number): number {
  return Math.max(TEAMS.length + 3, Math.round(identities / 20));
}

function slugName(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z]/g, "");
}

export function generateEstateBase(input: EstateOptions): EstateBase {
  const o = resolveOptions(input);
  const rng = Rng.derive(o.seed, "base");
  const ago = (minDays: number, maxDays: number) => rng.daysAgo(o.nowMs, minDays, maxDays);

  const teams: TeamRow[] = TEAMS.map((t) => ({ id: rng.id(), name: t.name, leadId: null, createdAt: ago(900, 2100) }));
  const teamIdByName = new Map(teams.map((t) => [t.name, t.id]));

  const users: UserRow[] = [];
  const emails = new Set<string>();
  for (const d of DEMO_USERS) {
    const createdAt = ago(200, 1400);
    users.push({
      id: rng.id(),
      email: d.email,
      name: d.name,
      role: d.role as Role,
      teamId: d.team ? (teamIdByName.get(d.team) ?? null) : null,
      active: true,
      passwordHash: o.demoPasswordHash,
      createdAt,
      updatedAt: createdAt,
    });
    emails.add(d.email);
  }

  const teamTable = weightedTable(TEAMS.map((t, i) => [i, t.weight] as const));
  const owners = ownerCount(o.identities);
  for (let i = 0; i < owners; i++) {
    // The first owners are one per team (and become its lead), so every team has somebody.
    const teamIdx = i < TEAMS.length ? i : rng.weighted(teamTable);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${slugName(first)}.${slugName(last)}`;
    let email = `${base}@${COMPANY.domain}`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@${COMPANY.domain}`;
    emails.add(email);
    const createdAt = ago(30, 2150);
    // About 7% have left the company: deactivated, but their NHIs still point at them.
    const active = i < TEAMS.length ? true : !rng.chance(0.07);
    users.push({
      id: rng.id(),
      email,
      name: `${first} ${last}`,
      role: "OWNER",
      teamId: teams[teamIdx]!.id,
      active,
      passwordHash: null,
      createdAt,
      updatedAt: active ? createdAt : ago(20, 500),
    });
    if (i < TEAMS.length) teams[teamIdx]!.leadId = users[users.length - 1]!.id;
  }

  const sources: SourceRow[] = SOURCE_DEFS.map((s) => ({
    id: rng.id(),
    key: s.key,
    platform: s.platform,
    name: s.name,
    environment: s.environment as Environment,
    // Imports run every few hours; the manual register is a spreadsheet uploaded now and then.
    lastImportAt: new Date(o.nowMs - (s.platform === "manual" ? rng.int(5, 20) * DAY_MS : rng.int(10, 90) * 60_000)),
    createdAt: ago(90, 200),
  }));

  const policyAt = ago(60, 150);
  const policy = (name: string, maxAgeDays: number, priority: number, scope: Partial<RotationPolicyRow>): RotationPolicyRow => ({
    id: rng.id(),
    name,
    kind: scope.kind ?? null,
    environment: scope.environment ?? null,
    criticality: scope.criticality ?? null,
    maxAgeDays,
    priority,
    createdAt: policyAt,
    updatedAt: policyAt,
  });
  // Lower priority wins. Certificates are renewed yearly even in critical production, so their rule comes first.
  const rotationPolicies = [
    policy("Certificates: renew every 365 days", 365, 10, { kind: "CERTIFICATE" }),
    policy("CI/CD tokens: 30 days", 30, 20, { kind: "CI_CD_TOKEN" }),
    policy("Production critical: 30 days", 30, 30, { environment: "PROD", criticality: "CRITICAL" }),
    policy("Default: 90 days", 90, 1000, {}),
  ];

  return { teams, users, sources, rotationPolicies };
}

/** Lookups an identity generator needs, derived from the base rows (no randomness of its own). */
export interface EstateContext {
  opts: ResolvedOptions;
  base: EstateBase;
  source: Record<SourceRef, SourceRow>;
  teamDefs: readonly TeamDef[];
  teamRows: TeamRow[];
  teamIndexByName: Map<string, number>;
  /** Per team index: who owns that team's NHIs, weighted (some people own far more than others). */
  ownersByTeam: WeightedTable<UserRow>[];
  owners: UserRow[];
  activeOwners: UserRow[];
  departedOwners: UserRow[];
  demoOwner: UserRow;
  userById: Map<string, UserRow>;
  teamTable: WeightedTable<number>;
}

export function buildContext(base: EstateBase, opts: ResolvedOptions): EstateContext {
  const rng = Rng.derive(opts.seed, "context");
  const source = Object.fromEntries(SOURCE_DEFS.map((d, i) => [d.ref, base.sources[i]!])) as Record<SourceRef, SourceRow>;
  const teamIndexByName = new Map(TEAMS.map((t, i) => [t.name, i]));
  const demoOwner = base.users.find((u) => u.email === "owner@steward.local")!;
  const owners = base.users.filter((u) => u.role === "OWNER");
  const perTeam: Array<Array<readonly [UserRow, number]>> = TEAMS.map(() => []);
  const teamIdx = new Map(base.teams.map((t, i) => [t.id, i]));
  for (const u of owners) {
    const i = u.teamId ? teamIdx.get(u.teamId) : undefined;
    if (i === undefined) continue;
    // Heavy-tailed ownership; the demo owner gets a fixed weight so they own ~20-40 NHIs at 5,000.
    const w = u === demoOwner ? 1.6 : Math.exp(rng.normal(0, 0.8));
    perTeam[i]!.push([u, w] as const);
  }
  return {
    opts,
    base,
    source,
    teamDefs: TEAMS,
    teamRows: base.teams,
    teamIndexByName,
    ownersByTeam: perTeam.map((entries) => weightedTable(entries)),
    owners,
    activeOwners: owners.filter((u) => u.active),
    departedOwners: owners.filter((u) => !u.active),
    demoOwner,
    userById: new Map(base.users.map((u) => [u.id, u])),
    teamTable: weightedTable(TEAMS.map((t, i) => [i, t.weight] as const)),
  };
}

/** Keeps names and external ids unique per source without holding strings: 53-bit hashes in a Set. */
export class SeenSet {
  private readonly seen = new Set<number>();
  has(sourceRef: string, value: string): boolean {
    return this.seen.has(hash53(value, hash53(sourceRef)));
  }
  add(sourceRef: string, value: string): void {
    this.seen.add(hash53(value, hash53(sourceRef)));
  }
}
