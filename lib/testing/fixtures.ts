// Small builders for data-layer tests: each call creates uniquely named rows.
import crypto from "node:crypto";
import { db } from "../db";
import type { Role } from "../db/generated/enums";
import type { Viewer } from "../auth/permissions";

const uid = () => crypto.randomBytes(4).toString("hex");

export async function makeUser(role: Role, over: { active?: boolean; teamId?: string } = {}): Promise<Viewer> {
  const id = uid();
  const u = await db.user.create({
    data: { email: `${role.toLowerCase()}-${id}@test.local`, name: `${role} ${id}`, role, active: over.active ?? true, teamId: over.teamId },
    select: { id: true, email: true, name: true, role: true },
  });
  return u;
}

export async function makeSource(key = `aws:${uid()}`) {
  return db.source.create({ data: { key, platform: key.split(":")[0], name: key, environment: "PROD" } });
}

export async function makeIdentity(sourceId: string, over: Partial<{
  name: string; ownerId: string | null; backupOwnerId: string | null; riskScore: number; kind: "SERVICE_ACCOUNT" | "API_KEY" | "AI_AGENT";
  oldestCredentialAt: Date | null; unusedEntitlements: number; purpose: string | null; status: "ACTIVE" | "DISABLED";
}> = {}) {
  const id = uid();
  return db.identity.create({
    data: {
      sourceId,
      externalId: `ext-${id}`,
      name: over.name ?? `svc-${id}`,
      kind: over.kind ?? "SERVICE_ACCOUNT",
      ownerId: over.ownerId ?? null,
      backupOwnerId: over.backupOwnerId ?? null,
      riskScore: over.riskScore ?? 10,
      oldestCredentialAt: over.oldestCredentialAt ?? null,
      unusedEntitlements: over.unusedEntitlements ?? 0,
      purpose: over.purpose ?? null,
      status: over.status ?? "ACTIVE",
    },
  });
}
