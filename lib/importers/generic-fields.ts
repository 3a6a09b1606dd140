// Value parsing for Steward's own import template (docs/import-template.md): enum names with friendly aliases.
import type { CredentialStatus, CredentialType, Environment, GrantVia, IdentityKind, IdentityStatus, Privilege, Sensitivity } from "./types";
import { parseBool, parseEnvironment } from "./util";

const norm = (v: string) => v.trim().toUpperCase().replace(/[\s/-]+/g, "_");

function enumParser<T extends string>(name: string, values: readonly T[], aliases: Record<string, T> = {}) {
  return (raw: string | null | undefined, fallback?: T): T => {
    if (raw === null || raw === undefined || raw.trim() === "") {
      if (fallback !== undefined) return fallback;
      throw new Error(`${name} is required`);
    }
    const n = norm(raw);
    const hit = (values as readonly string[]).includes(n) ? (n as T) : aliases[n];
    if (!hit) throw new Error(`${name} "${raw}" is not one of ${values.join(", ")}`);
    return hit;
  };
}

export const KINDS = ["SERVICE_ACCOUNT", "API_KEY", "OAUTH_APP", "CERTIFICATE", "WORKLOAD_IDENTITY", "CI_CD_TOKEN", "SSH_KEY", "BOT", "AI_AGENT"] as const;
export const parseKind = enumParser<IdentityKind>("kind", KINDS, {
  SA: "SERVICE_ACCOUNT", SERVICEACCOUNT: "SERVICE_ACCOUNT", APIKEY: "API_KEY", OAUTH: "OAUTH_APP", APP: "OAUTH_APP",
  CERT: "CERTIFICATE", WORKLOAD: "WORKLOAD_IDENTITY", MANAGED_IDENTITY: "WORKLOAD_IDENTITY", CI_TOKEN: "CI_CD_TOKEN",
  CICD_TOKEN: "CI_CD_TOKEN", CI_CD: "CI_CD_TOKEN", TOKEN: "CI_CD_TOKEN", SSH: "SSH_KEY", AGENT: "AI_AGENT", AI: "AI_AGENT",
});

export const parseIdentityStatus = enumParser<IdentityStatus>("status", ["ACTIVE", "DISABLED", "DELETED_AT_SOURCE"], {
  ENABLED: "ACTIVE", INACTIVE: "DISABLED", SUSPENDED: "DISABLED", DELETED: "DELETED_AT_SOURCE",
});

export const CREDENTIAL_TYPES = ["ACCESS_KEY", "SA_KEY", "CLIENT_SECRET", "CERTIFICATE", "TOKEN", "SSH_KEY", "PASSWORD"] as const;
export const parseCredentialType = enumParser<CredentialType>("credential_type", CREDENTIAL_TYPES, {
  KEY: "ACCESS_KEY", ACCESSKEY: "ACCESS_KEY", API_KEY: "ACCESS_KEY", SERVICE_ACCOUNT_KEY: "SA_KEY", SECRET: "CLIENT_SECRET",
  CERT: "CERTIFICATE", X509: "CERTIFICATE", PAT: "TOKEN", SSH: "SSH_KEY",
});

export const parseCredentialStatus = enumParser<CredentialStatus>("credential_status", ["ACTIVE", "INACTIVE", "EXPIRED", "REVOKED"], {
  ENABLED: "ACTIVE", DISABLED: "INACTIVE", DELETED: "REVOKED",
});

export const parsePrivilege = enumParser<Privilege>("privilege", ["ADMIN", "WRITE", "READ", "UNKNOWN"], {
  OWNER: "ADMIN", FULL: "ADMIN", READ_WRITE: "WRITE", RW: "WRITE", READ_ONLY: "READ", RO: "READ",
});

export const parseSensitivity = enumParser<Sensitivity>("sensitivity", ["CRITICAL", "HIGH", "NORMAL"], { MEDIUM: "NORMAL", LOW: "NORMAL" });

export const parseVia = enumParser<GrantVia>("via", ["DIRECT", "GROUP", "INLINE", "MANAGED", "BINDING"], { ROLE: "BINDING", POLICY: "MANAGED" });

export function parseEnv(raw: string | null | undefined): Environment | undefined {
  if (!raw) return undefined;
  const e = parseEnvironment(raw);
  if (!e) throw new Error(`environment "${raw}" is not one of prod, staging, dev`);
  return e;
}

export function parseFlag(raw: string | null | undefined, name: string): boolean | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  const b = parseBool(raw);
  if (b === undefined) throw new Error(`${name} "${raw}" is not true or false`);
  return b;
}

/** "k=v; k2=v2" (CSV) → {k: v, k2: v2}. */
export function parseTagList(raw: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const part of raw.split(/[;|]/)) {
    const i = part.indexOf("=");
    const k = (i >= 0 ? part.slice(0, i) : part).trim();
    if (k) out[k] = i >= 0 ? part.slice(i + 1).trim() : "true";
  }
  return out;
}

export const splitList = (raw: string | null | undefined): string[] =>
  raw ? raw.split(/[;,|]/).map((s) => s.trim()).filter(Boolean) : [];

/** Column or key names that would carry a secret value: never read. */
export const SECRET_FIELD_RE = /^(password|passwd|pwd|secret|secret_?value|secret_?text|value|token|token_?value|private_?key|private_?key_?data|key_?material|client_?secret|api_?key_?value|credential_?value)$/i;
