// Demo risk exceptions, written after the rule engine has produced findings: a few of each state (pending, approved,
// expiring soon, expired, rejected) so the exceptions page, the findings and the NHI pages show the lifecycle on a
// fresh demo. Deterministic: candidates are picked in name order from the seeded estate.
import { db, type ExceptionStatus, type Prisma } from "../db";
import { recordAudit } from "../audit/log";
import { applyExceptionCoverage } from "../exceptions/coverage";
import { recomputeRiskScores } from "../rules/risk";

const DAY = 86_400_000;

interface Plan {
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
  { status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 2, expiresInDays: 45, justification: "The payment gateway vendor only supports static API keys until their OAuth release next quarter.", controls: ["IP_ALLOWLIST", "MONITORED"], controlsNote: "Gateway calls are limited to the two egress NAT addresses." },
  { status: "APPROVED", scope: "FINDINGS", requestedDaysAgo: 80, expiresInDays: 10, justification: "Key rotation breaks the nightly batch until the batch job is migrated to workload identity.", controls: ["VAULTED", "MONITORED"], comment: "Approved on condition the migration ticket stays on the roadmap." },
  { status: "APPROVED", scope: "RULE", requestedDaysAgo: 20, expiresInDays: 70, justification: "Migration window: the legacy cluster is being decommissioned and keeps this access until cut-over.", controls: ["REDUCED_SCOPE", "TIME_BOUND"] },
  { status: "EXPIRED", scope: "FINDINGS", requestedDaysAgo: 100, expiresInDays: -6, justification: "Vendor certificate pinned in firmware; replacement devices ship next month.", controls: ["VENDOR_COMMITMENT"] },
];

const OTHERS: Plan[] = [
  { status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 5, expiresInDays: 60, justification: "Shared CI token is needed by two pipelines until the monorepo split lands.", controls: ["MONITORED"], controlsNote: "Token usage is alerted on outside CI runners." },
  { status: "PROPOSED", scope: "FINDINGS", requestedDaysAgo: 12, expiresInDays: 30, justification: "Break-glass account test postponed until the DR exercise scheduled this month.", controls: ["TIME_BOUND", "MONITORED"] },
  { status: "REJECTED", scope: "FINDINGS", requestedDaysAgo: 30, expiresInDays: 60, justification: "We prefer not to rotate this key during the holiday freeze.", controls: ["MONITORED"], comment: "Rotation is automated for this platform: rotate it instead." },
  { status: "APPROVED", scope: "FINDINGS", requestedDaysAgo: 15, expiresInDays: 40, justification: "Third-party analytics app needs write access for the data migration to the new warehouse.", controls: ["REDUCED_SCOPE", "IP_ALLOWLIST"] },
];

/** Creates the demo exceptions and applies them to findings and risk scores. Returns how many were created. */
export async function seedDemoExceptions(now = new Date()): Promise<number> {
  const [admin, owner] = await Promise.all([
    db.user.findUnique({ where: { email: "admin@steward.local" }, select: { id: true, email: true } }),
    db.user.findUnique({ where: { email: "owner@steward.local" }, select: { id: true } }),
  ]);
  if (!admin || !owner) return 0;
  const pick = async (where: Prisma.IdentityWhereInput, n: number) => {
    const found = await db.finding.findMany({
      where: { status: "OPEN", identity: { AND: [where, { status: "ACTIVE" }] } },
      select: { id: true, identityId: true, ruleId: true, severity: true, identity: { select: { ownerId: true } } },
      orderBy: [{ identity: { name: "asc" } }, { ruleId: "asc" }, { subjectKey: "asc" }],
      take: 400,
    });
    // One finding per NHI, so the demo exceptions never overlap.
    const seen = new Set<string>();
    return found.filter((f) => !seen.has(f.identityId) && seen.add(f.identityId)).slice(0, n);
  };
  const mine = await pick({ ownerId: owner.id }, MINE.length);
  const others = await pick({ AND: [{ ownerId: { not: null } }, { ownerId: { not: owner.id } }] }, OTHERS.length);
  const plans = [...mine.map((f, i) => [f, MINE[i]!] as const), ...others.map((f, i) => [f, OTHERS[i]!] as const)];
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
