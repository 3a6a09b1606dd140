// Credentials of one NHI: the right type for its platform and kind, a realistic age (some rotated last week, some
// untouched for five years), expiry as each platform does it (IAM and SA keys never expire, Entra secrets do,
// certificates always do, projected and STS tokens live an hour), and where the secret is kept.
// Metadata only: ids and fingerprints, never a secret value.
import type { CredentialType } from "../db/generated/enums";
import type { SourceRef } from "./catalog";
import type { Fn } from "./names";
import { DAY_MS, type Rng } from "./random";
import type { CredentialRow } from "./types";

export type Hygiene = "good" | "fair" | "poor";

export interface CredInput {
  identityId: string;
  src: SourceRef;
  kind: string;
  fn: Fn;
  name: string;
  status: "ACTIVE" | "DISABLED" | "DELETED_AT_SOURCE";
  createdAtSource: Date;
  lastUsedAt: Date | null;
  firstSeenAt: Date;
  seenAt: Date;
  hygiene: Hygiene;
  platformManaged: boolean;
  /** Forces where the secret is kept (signature identities). */
  storage?: string;
  /** Forces long-lived credentials to have no expiry (signature identities). */
  neverExpires?: boolean;
}

type Slot = {
  type: CredentialType;
  label: string;
  /** Replaced on rotation (new id) vs changed in place (same id, lastRotatedAt moves). */
  inPlace?: boolean;
  /** Validity in days when the platform enforces expiry; null = never expires. */
  validity?: number | null;
  ephemeral?: boolean;
};

const VAULTS: Partial<Record<SourceRef, string>> = {
  "aws-prod": "aws-secrets-manager",
  "aws-staging": "aws-secrets-manager",
  "gcp-prod": "gcp-secret-manager",
  "gcp-dev": "gcp-secret-manager",
  azure: "azure-key-vault",
  github: "github-actions-secrets",
  cyberark: "cyberark",
};

function storageFor(rng: Rng, inp: CredInput, slot: Slot): string {
  if (inp.storage) return inp.storage;
  if (slot.ephemeral) return "platform-issued";
  if (inp.src === "cyberark") return "cyberark";
  if (slot.type === "CERTIFICATE" && inp.src.startsWith("k8s")) return "kubernetes-secret";
  if (slot.type === "CERTIFICATE" && inp.src.startsWith("aws")) return "aws-acm";
  if (slot.type === "TOKEN" && inp.src.startsWith("k8s")) return "kubernetes-secret";
  const home = VAULTS[inp.src] ?? "hashicorp-vault";
  // Where CI systems keep secrets (the names the static-key-in-CI rule looks for).
  const ci = inp.fn !== "deployer" ? home
    : inp.src === "github" ? "github-actions-secrets"
    : inp.src === "azure" ? "azure-devops-variables"
    : rng.weighted<string>([["github-actions-secrets", 60], ["jenkins-credentials", 25], ["circleci-contexts", 15]]);
  const table: Record<Hygiene, Array<[string, number]>> = {
    good: [[home, 45], ["hashicorp-vault", 30], [ci, 15], ["unknown", 10]],
    fair: [[home, 25], ["hashicorp-vault", 15], [ci, 15], ["unvaulted", 15], ["unknown", 30]],
    poor: [[home, 8], ["hashicorp-vault", 5], [ci, 12], ["unvaulted", 40], ["unknown", 35]],
  };
  return rng.weighted(table[inp.hygiene]);
}

function slotsFor(rng: Rng, inp: CredInput): Slot[] {
  const { kind, src } = inp;
  const aws = src.startsWith("aws");
  const gcp = src.startsWith("gcp");
  const k8s = src.startsWith("k8s");
  const many = (slot: Slot, weights: Array<[number, number]>): Slot[] => Array.from({ length: rng.weighted(weights) }, () => slot);
  if (inp.platformManaged) return [];
  switch (kind) {
    case "SERVICE_ACCOUNT":
      if (aws) return many({ type: "ACCESS_KEY", label: "access key" }, [[0, 6], [1, 78], [2, 16]]);
      if (gcp) return many({ type: "SA_KEY", label: "user-managed key", validity: rng.chance(0.12) ? 90 : null }, [[0, 35], [1, 45], [2, 14], [3, 6]]);
      if (src === "azure") return [{ type: "CLIENT_SECRET", label: "client secret", validity: rng.pick([180, 365, 365, 730]) }, ...(rng.chance(0.2) ? [{ type: "CERTIFICATE" as const, label: "certificate credential", validity: 365 }] : [])];
      if (k8s) return rng.chance(0.3) ? [{ type: "TOKEN", label: "legacy service-account token secret", validity: null }] : rng.chance(0.7) ? [{ type: "TOKEN", label: "projected token", ephemeral: true }] : [];
      if (src === "cyberark") return [{ type: "PASSWORD", label: "password (CPM managed)", inPlace: true, validity: null }];
      return [{ type: rng.chance(0.5) ? "PASSWORD" : "TOKEN", label: "integration user credential", inPlace: true, validity: null }];
    case "WORKLOAD_IDENTITY":
      if (aws) return rng.chance(0.45) ? [{ type: "TOKEN", label: "STS session", ephemeral: true }] : [];
      if (k8s) return rng.chance(0.6) ? [{ type: "TOKEN", label: "projected token", ephemeral: true }] : rng.chance(0.15) ? [{ type: "TOKEN", label: "legacy service-account token secret", validity: null }] : [];
      if (gcp) return rng.chance(0.15) ? [{ type: "SA_KEY", label: "user-managed key", validity: null }] : [];
      return [];
    case "API_KEY":
      return many({ type: "TOKEN", label: "API key", validity: rng.chance(0.15) ? 365 : null }, [[1, 85], [2, 15]]);
    case "OAUTH_APP":
      if (src === "azure") return [...many({ type: "CLIENT_SECRET", label: "client secret", validity: rng.pick([180, 365, 730]) }, [[0, 8], [1, 65], [2, 27]]), ...(rng.chance(0.25) ? [{ type: "CERTIFICATE" as const, label: "certificate credential", validity: 365 }] : [])];
      return [{ type: "CLIENT_SECRET", label: "OAuth client secret", validity: null }, ...(rng.chance(0.6) ? [{ type: "TOKEN" as const, label: "refresh token", validity: null }] : [])];
    case "CERTIFICATE": {
      const validity = k8s ? 90 : src.startsWith("aws") ? 395 : rng.pick([365, 397, 730, 90]);
      return [{ type: "CERTIFICATE", label: "certificate", validity }];
    }
    case "CI_CD_TOKEN":
      if (src === "github") return [rng.weighted<Slot>([
        [{ type: "TOKEN", label: "fine-grained personal access token", validity: rng.pick([30, 90, 90, 365]) }, 45],
        [{ type: "TOKEN", label: "classic personal access token", validity: null }, 30],
        [{ type: "TOKEN", label: "Actions OIDC token", ephemeral: true }, 25],
      ])];
      if (src === "azure") return [rng.chance(0.5) ? { type: "CLIENT_SECRET", label: "service connection secret", validity: 365 } : { type: "TOKEN", label: "federated credential (OIDC)", ephemeral: true }];
      return [{ type: "TOKEN", label: "API token", validity: rng.chance(0.25) ? 90 : null }];
    case "SSH_KEY":
      return [{ type: "SSH_KEY", label: rng.pick(["ed25519 key", "rsa 4096 key", "rsa 2048 key"]), inPlace: src === "cyberark", validity: null }];
    case "BOT":
      if (src === "github") return [{ type: "CLIENT_SECRET", label: "app private key", validity: null }, { type: "TOKEN", label: "installation token", ephemeral: true }];
      return [{ type: "TOKEN", label: "bot token", validity: null }];
    case "AI_AGENT":
      if (src === "azure") return [{ type: "CLIENT_SECRET", label: "client secret", validity: rng.pick([90, 180, 365]) }];
      if (gcp) return rng.chance(0.35) ? [{ type: "SA_KEY", label: "user-managed key", validity: null }] : [{ type: "TOKEN", label: "workload token", ephemeral: true }];
      return [{ type: "TOKEN", label: "delegated OAuth refresh token", validity: rng.chance(0.4) ? 90 : null }, ...(rng.chance(0.5) ? [{ type: "TOKEN" as const, label: "LLM provider API key", validity: null }] : [])];
    default:
      return [];
  }
}

/** Days since the credential was last issued or rotated, by hygiene. */
function effectiveAgeDays(rng: Rng, h: Hygiene): number {
  if (h === "good") return rng.int(1, 80);
  if (h === "fair") return rng.chance(0.5) ? rng.int(30, 200) : rng.int(90, 500);
  return rng.chance(0.35) ? rng.int(200, 700) : rng.int(500, 2200);
}

function externalIdFor(rng: Rng, type: CredentialType, i: number, inp: CredInput): string {
  switch (type) {
    case "ACCESS_KEY": return `AKIA${rng.upperAlnum(16)}`;
    case "SA_KEY": return rng.hex(40);
    case "CLIENT_SECRET": return rng.uuid();
    case "CERTIFICATE": return rng.hex(32);
    case "SSH_KEY": return `${inp.src === "github" ? "deploy-key" : "key"}-${rng.digits(8)}`;
    case "PASSWORD": return `${inp.name}#password`;
    default: return `tok_${rng.base36(12)}${i}`;
  }
}

function fingerprintFor(rng: Rng, type: CredentialType, externalId: string): string | null {
  switch (type) {
    case "ACCESS_KEY":
    case "SA_KEY":
    case "CLIENT_SECRET":
      return externalId; // the key id is what consoles show; it identifies the key, it does not unlock it
    case "CERTIFICATE":
      return `SHA256:${rng.hex(64).toUpperCase()}`;
    case "PASSWORD":
      return null;
    default:
      return `SHA256:${rng.base64(43)}`;
  }
}

export function generateCredentials(rng: Rng, inp: CredInput, nowMs: number): CredentialRow[] {
  const slots = slotsFor(rng, inp);
  const rows: CredentialRow[] = [];
  const createdMs = inp.createdAtSource.getTime();
  const lastUsedMs = inp.lastUsedAt?.getTime() ?? null;
  const inactive = inp.status !== "ACTIVE";
  // Nothing is issued after the NHI was last seen (an import hours ago, or its deletion weeks ago).
  const endMs = Math.min(nowMs, inp.seenAt.getTime());
  slots.forEach((slot, i) => {
    let created: number;
    let rotated: number | null = null;
    let expires: number | null = null;
    if (slot.ephemeral) {
      // Short-lived tokens exist only while something is using the NHI (never for a disabled or idle one).
      if (inactive || lastUsedMs === null || lastUsedMs < nowMs - DAY_MS) return;
      created = endMs - rng.int(1, 30) * 60_000;
      expires = created + 3_600_000;
    } else {
      // A second key is usually the newer one of a rotation that never finished.
      const age = Math.min(effectiveAgeDays(rng, i > 0 ? "good" : inp.hygiene), (nowMs - createdMs) / DAY_MS);
      const issued = Math.max(createdMs, Math.min(endMs, nowMs - age * DAY_MS));
      if (slot.inPlace) {
        created = Math.min(issued, createdMs + rng.int(0, 10) * DAY_MS);
        rotated = issued - created > DAY_MS ? issued : null;
      } else {
        created = Math.max(createdMs, issued);
      }
      if (slot.validity && !(inp.neverExpires && slot.type !== "CERTIFICATE")) expires = (rotated ?? created) + slot.validity * DAY_MS;
      // Certificates are renewed before they lapse, unless nobody is watching them.
      if (slot.type === "CERTIFICATE" && expires !== null && expires < nowMs && rng.chance(inp.hygiene === "poor" ? 0.25 : 0.75)) {
        created = Math.max(createdMs, Math.min(endMs, nowMs - rng.int(1, Math.max(2, Math.floor(slot.validity! * 0.66))) * DAY_MS));
        expires = created + slot.validity! * DAY_MS;
      }
    }
    // Short-lived tokens are judged as the last import saw them; everything else as of now.
    const expired = expires !== null && expires < (slot.ephemeral ? endMs : nowMs);
    let status: CredentialRow["status"] = expired ? "EXPIRED" : "ACTIVE";
    if (!expired && (inactive ? rng.chance(0.6) : i > 0 && slot.type === "ACCESS_KEY" && rng.chance(0.4))) status = "INACTIVE";
    const issuedAt = rotated ?? created;
    let lastUsed: number | null = null;
    if (lastUsedMs !== null && lastUsedMs >= issuedAt) {
      const cap = expires !== null ? Math.min(lastUsedMs, expires) : lastUsedMs;
      lastUsed = i === 0 || slot.ephemeral ? cap : rng.chance(0.5) ? issuedAt + rng.next() * (cap - issuedAt) : null;
    }
    if (slot.ephemeral && lastUsed === null) lastUsed = created + rng.int(0, 50) * 1000;
    const externalId = externalIdFor(rng, slot.type, i, inp);
    rows.push({
      id: rng.id(),
      identityId: inp.identityId,
      type: slot.type,
      externalId,
      name: slots.length > 1 && slots.filter((s) => s.label === slot.label).length > 1 ? `${slot.label} ${i + 1}` : slot.label,
      status,
      createdAt: new Date(Math.floor(created)),
      lastRotatedAt: rotated === null ? null : new Date(Math.floor(rotated)),
      lastUsedAt: lastUsed === null ? null : new Date(Math.floor(lastUsed)),
      expiresAt: expires === null ? null : new Date(Math.floor(expires)),
      fingerprint: fingerprintFor(rng, slot.type, externalId),
      storage: storageFor(rng, inp, slot),
      ephemeral: slot.ephemeral ?? false,
      firstSeenAt: new Date(Math.min(endMs, Math.max(Math.floor(created), inp.firstSeenAt.getTime()))),
      lastSeenAt: inp.seenAt,
    });
  });
  return rows;
}
