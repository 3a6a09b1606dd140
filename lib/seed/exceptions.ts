// Demo risk exceptions, written after the rule engine has produced findings: a few of each state (pending, approved,
// expiring soon, expired, rejected) so the exceptions page, the findings and the NHI pages show the lifecycle on a
// fresh demo. Deterministic: candidates are picked in name order from the seeded estate.
import { db, type ExceptionStatus, type Prisma } from "../db";
import { recordAudit } from "../audit/log";
import { applyExceptionCoverage } from "../exceptions/coverage";
import { recomputeRiskScores } from "../rules/risk";

const DAY = 86_400_000;

interface Plan {
  /** Rules whose findings the story fits, in order of preference; any open finding when none is present. */
  rules: string[];
  status: ExceptionStatus;
  scope: "FINDINGS" | "RULE";
  /** Days ago it was requested, days from now it expires (negative: in the past). */
  requestedDaysAgo: number;
  expiresInDays: number;
  justification: string;
  controls: string[];
  controlsNote?: string;
  comment?: string;
}

const MINE: Plan[] = [
  { rules: ["unvaulted-credential", "credential-rotation-overdue"], status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 2, expiresInDays: 45, justification: "The payment gateway vendor only supports static API keys until their OAuth release next quarter.", controls: ["IP_ALLOWLIST", "MONITORED"], controlsNote: "Gateway calls are limited to the two egress NAT addresses." },
  { rules: ["credential-rotation-overdue", "multiple-active-keys"], status: "APPROVED", scope: "FINDINGS", requestedDaysAgo: 80, expiresInDays: 10, justification: "Key rotation breaks the nightly batch until the batch job is migrated to workload identity.", controls: ["VAULTED", "MONITORED"], comment: "Approved on condition the migration ticket stays on the roadmap." },
  { rules: ["admin-wildcard", "standing-privileged-access", "unused-entitlements"], status: "APPROVED", scope: "RULE", requestedDaysAgo: 20, expiresInDays: 70, justification: "Migration window: the legacy cluster is being decommissioned and keeps this access until cut-over.", controls: ["REDUCED_SCOPE", "TIME_BOUND"] },
  { rules: ["never-expiring-privileged", "credential-rotation-overdue"], status: "EXPIRED", scope: "FINDINGS", requestedDaysAgo: 100, expiresInDays: -6, justification: "Vendor certificate pinned in firmware; replacement devices ship next month.", controls: ["VENDOR_COMMITMENT"] },
];

const OTHERS: Plan[] = [
  { rules: ["shared-nhi", "static-key-in-ci"], status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 5, expiresInDays: 60, justification: "Shared CI token is needed by two pipelines until the monorepo split lands.", controls: ["MONITORED"], controlsNote: "Token usage is alerted on outside CI runners." },
  { rules: ["break-glass-untested"], status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 12, expiresInDays: 30, justification: "Break-glass account test postponed until the DR exercise scheduled this month.", controls: ["TIME_BOUND", "MONITORED"] },
  { rules: ["credential-rotation-overdue"], status: "REJECTED", scope: "FINDINGS", requestedDaysAgo: 30, expiresInDays: 60, justification: "We prefer not to rotate this key during the holiday freeze.", controls: ["MONITORED"], comment: "Rotation is automated for this platform: rotate it instead." },
  { rules: ["third-party-write"], status: "APPROVED", scope: "FINDINGS", requestedDaysAgo: 15, expiresInDays: 40, justification: "Third-party analytics app needs write access for the data migration to the new warehouse.", controls: ["REDUCED_SCOPE", "IP_ALLOWLIST"] },
];

/** Creates the demo exceptions and applies them to findings and risk scores. Returns how many were created. */
export async function seedDemoExceptions(now = new Date()): Promise<number> {
  const [admin, owner] = await Promise.all([
    db.user.findUnique({ where: { email: "admin@steward.local" }, select: { id: true, email: true } }),
    db.user.findUnique({ where: { email: "owner@steward.local" }, select: { id: true } }),
  ]);
  if (!admin || !owner) return 0;
  // Open findings of live NHIs, in name order; each plan takes the first one of its preferred rules on an NHI not
  // used yet, so the demo exceptions never overlap and their stories match their findings.
  const candidates = async (where: Prisma.IdentityWhereInput) =>
    db.finding.findMany({
      where: { status: "OPEN", identity: { AND: [where, { status: "ACTIVE" }] } },
      select: { id: true, identityId: true, ruleId: true, severity: true, identity: { select: { ownerId: true } } },
      orderBy: [{ identity: { name: "asc" } }, { ruleId: "asc" }, { subjectKey: "asc" }],
      take: 5000,
    });
  const used = new Set<string>();
  const assign = (pool: Awaited<ReturnType<typeof candidates>>, list: Plan[]) =>
    list.flatMap((p) => {
      const free = pool.filter((f) => !used.has(f.identityId));
      const f = p.rules.map((r) => free.find((c) => c.ruleId === r)).find(Boolean) ?? free[0];
      if (!f) return [];
      used.add(f.identityId);
      return [[f, p] as const];
    });
  const plans = [
    ...assign(await candidates({ ownerId: owner.id }), MINE),
    ...assign(await candidates({ AND: [{ ownerId: { not: null } }, { ownerId: { not: owner.id } }] }), OTHERS),
  ];
  if (!plans.length) return 0;

  await db.$transaction(async (tx) => {
    for (const [f, p] of plans) {
      const requestedAt = new Date(now.getTime() - p.requestedDaysAgo * DAY);
      const decided = p.status !== "PROPOSED";
      const ex = await tx.riskException.create({
        data: {
          identityId: f.identityId,
          findingId: p.scope === "FINDINGS" ? f.id : null,
          scope: p.scope,
          ruleId: f.ruleId,
          severity: f.severity,
          justification: p.justification,
          compensatingControls: p.controls,
          controlsNote: p.controlsNote ?? null,
          requestedById: f.identity.ownerId ?? owner.id,
          status: p.status,
          approvedById: p.status === "APPROVED" || p.status === "EXPIRED" ? admin.id : null,
          rejectedById: p.status === "REJECTED" ? admin.id : null,
          decidedAt: decided ? new Date(requestedAt.getTime() + DAY) : null,
          decisionComment: p.comment ?? null,
          createdAt: requestedAt,
          expiresAt: new Date(now.getTime() + p.expiresInDays * DAY),
          ...(p.scope === "FINDINGS" ? { findings: { create: [{ findingId: f.id }] } } : {}),
        },
        select: { id: true },
      });
      await recordAudit(tx, { actor: null, action: "demo.exception", targetType: "RiskException", targetId: ex.id, after: { status: p.status } });
    }
    await applyExceptionCoverage(tx, { now });
    await recomputeRiskScores(tx);
  });
  return plans.length;
}
