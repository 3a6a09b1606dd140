import "server-only";
import { db, Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError } from "../errors";
import { loadRuleContext } from "../rules/context";
import { credentialAgesSql, POLICY_TABLE } from "../rules/rotation";
import type { TRotationPolicyInput, TRotationPolicyPreview } from "./schemas";

export const rotationPolicySelect = {
  id: true, name: true, kind: true, environment: true, criticality: true, maxAgeDays: true, priority: true, createdAt: true, updatedAt: true,
} satisfies Prisma.RotationPolicySelect;

/** Every policy (a handful) with how many credentials it governs now and how many of those are overdue. */
export async function listRotationPolicies(viewer: Viewer) {
  assertCan(viewer, "finding:read");
  const ctx = await loadRuleContext();
  const [policies, usage] = await Promise.all([
    db.rotationPolicy.findMany({ select: rotationPolicySelect, orderBy: [{ priority: "asc" }, { createdAt: "asc" }] }),
    db.$queryRaw<Array<{ policyId: string | null; credentials: number; overdue: number }>>`
      SELECT a."policyId", count(*)::int AS credentials, count(*) FILTER (WHERE a.age > a."maxAgeDays")::int AS overdue
      FROM (${credentialAgesSql(ctx)}) a GROUP BY a."policyId"`,
  ]);
  const by = new Map(usage.map((u) => [u.policyId, u]));
  return {
    defaultMaxAgeDays: ctx.defaultMaxAgeDays,
    policies: policies.map((p) => ({ ...p, credentials: by.get(p.id)?.credentials ?? 0, overdue: by.get(p.id)?.overdue ?? 0 })),
    unmatched: { credentials: by.get(null)?.credentials ?? 0, overdue: by.get(null)?.overdue ?? 0 },
  };
}

export async function getRotationPolicy(viewer: Viewer, id: string) {
  assertCan(viewer, "finding:read");
  const p = await db.rotationPolicy.findUnique({ where: { id }, select: rotationPolicySelect });
  if (!p) throw new NotFoundError("No such rotation policy.");
  return p;
}

const PREVIEW_LIMIT = 50;

function policyRow(p: TRotationPolicyInput, id: string, createdAt: Date): Prisma.Sql {
  const enumOrNull = (v: string | null, type: string) => (v === null ? Prisma.sql`NULL::${Prisma.raw(`"${type}"`)}` : Prisma.sql`${v}::${Prisma.raw(`"${type}"`)}`);
  return Prisma.sql`SELECT ${p.name}::text AS "name", ${enumOrNull(p.kind, "IdentityKind")} AS "kind",
    ${enumOrNull(p.environment, "Environment")} AS "environment", ${enumOrNull(p.criticality, "Criticality")} AS "criticality",
    ${p.maxAgeDays}::int AS "maxAgeDays", ${p.priority}::int AS "priority", ${createdAt.toISOString()}::timestamp(3) AS "createdAt", ${id}::text AS "id"`;
}

/**
 * What a new, changed or removed policy would do before it is saved: the credentials that are compliant now and
 * would be overdue (listed, worst first), and how many overdue ones would become compliant. Computed by running the
 * one compliance query twice, over the policies in force and over the proposed set.
 */
export async function previewRotationPolicy(viewer: Viewer, input: TRotationPolicyPreview) {
  assertCan(viewer, "settings:manage");
  const existing = input.id ? await db.rotationPolicy.findUnique({ where: { id: input.id }, select: { id: true, createdAt: true } }) : null;
  if (input.id && !existing) throw new NotFoundError("No such rotation policy.");
  const others = Prisma.sql`SELECT "name", "kind", "environment", "criticality", "maxAgeDays", "priority", "createdAt", "id" FROM ${POLICY_TABLE}
    ${existing ? Prisma.sql`WHERE "id" <> ${existing.id}` : Prisma.empty}`;
  const proposed = input.remove || !input.policy
    ? Prisma.sql`(${others})`
    : Prisma.sql`(${others} UNION ALL ${policyRow(input.policy, existing?.id ?? "proposed", existing?.createdAt ?? new Date())})`;
  const ctx = await loadRuleContext();
  const rows = await db.$queryRaw<Array<{
    credentialId: string; credentialName: string | null; type: string; identityId: string; identityName: string; age: number;
    nowMax: number; newMax: number; newlyOverdue: boolean; total: number; fixed: number;
  }>>`
    WITH now AS (${credentialAgesSql(ctx)}), next AS (${credentialAgesSql({ ...ctx, policies: proposed })}),
    diff AS (
      SELECT n."id", n."identityId", n."name", n."type", n.age, n."maxAgeDays" AS "nowMax", x."maxAgeDays" AS "newMax",
        (n.age <= n."maxAgeDays" AND n.age > x."maxAgeDays") AS "newlyOverdue",
        (n.age > n."maxAgeDays" AND n.age <= x."maxAgeDays") AS "nowFixed"
      FROM now n JOIN next x ON x."id" = n."id"
    ), counts AS (
      SELECT count(*) FILTER (WHERE "newlyOverdue")::int AS total, count(*) FILTER (WHERE "nowFixed")::int AS fixed FROM diff
    )
    SELECT d."id" AS "credentialId", d."name" AS "credentialName", d."type"::text AS type, d."identityId", i."name" AS "identityName",
      d.age, d."nowMax", d."newMax", d."newlyOverdue", c.total, c.fixed
    FROM counts c LEFT JOIN LATERAL (
      SELECT * FROM diff WHERE "newlyOverdue" ORDER BY age DESC, "id" LIMIT ${PREVIEW_LIMIT}
    ) d ON true
    LEFT JOIN "Identity" i ON i."id" = d."identityId"`;
  const first = rows[0];
  return {
    newlyOverdue: first?.total ?? 0,
    becomeCompliant: first?.fixed ?? 0,
    sample: rows.filter((r) => r.credentialId).map(({ total: _t, fixed: _f, newlyOverdue: _n, ...r }) => r),
    sampleLimit: PREVIEW_LIMIT,
  };
}
