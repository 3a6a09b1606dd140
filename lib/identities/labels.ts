import type { Criticality, CredentialStatus, CredentialType, Environment, GrantVia, IdentityKind, IdentityStatus, Privilege } from "../db/generated/enums";

// Display names for enum values, shared by pages, CSV export and e-mails.
export const KIND_LABELS: Record<IdentityKind, string> = {
  SERVICE_ACCOUNT: "Service account",
  API_KEY: "API key",
  OAUTH_APP: "OAuth app",
  CERTIFICATE: "Certificate",
  WORKLOAD_IDENTITY: "Workload identity",
  CI_CD_TOKEN: "CI/CD token",
  SSH_KEY: "SSH key",
  BOT: "Bot",
  AI_AGENT: "AI agent",
};

export const ENVIRONMENT_LABELS: Record<Environment, string> = { PROD: "Production", STAGING: "Staging", DEV: "Development", UNKNOWN: "Unknown" };

export const ENVIRONMENT_SHORT: Record<Environment, string> = { PROD: "Prod", STAGING: "Staging", DEV: "Dev", UNKNOWN: "—" };

export const STATUS_LABELS: Record<IdentityStatus, string> = { ACTIVE: "Active", DISABLED: "Disabled", DELETED_AT_SOURCE: "Deleted at source" };

export const CRITICALITY_LABELS: Record<Criticality, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", CRITICAL: "Critical" };

export const PRIVILEGE_LABELS: Record<Privilege, string> = { ADMIN: "Admin", WRITE: "Write", READ: "Read", UNKNOWN: "Unknown" };

export const VIA_LABELS: Record<GrantVia, string> = { DIRECT: "Direct", GROUP: "Group", INLINE: "Inline policy", MANAGED: "Managed policy", BINDING: "Binding" };

export const CREDENTIAL_TYPE_LABELS: Record<CredentialType, string> = {
  ACCESS_KEY: "Access key",
  SA_KEY: "Service account key",
  CLIENT_SECRET: "Client secret",
  CERTIFICATE: "Certificate",
  TOKEN: "Token",
  SSH_KEY: "SSH key",
  PASSWORD: "Password",
};

export const CREDENTIAL_STATUS_LABELS: Record<CredentialStatus, string> = { ACTIVE: "Active", INACTIVE: "Inactive", EXPIRED: "Expired", REVOKED: "Revoked" };

export const PLATFORM_LABELS: Record<string, string> = {
  aws: "AWS",
  gcp: "Google Cloud",
  azure: "Azure / Entra ID",
  k8s: "Kubernetes",
  github: "GitHub",
  cyberark: "CyberArk",
  manual: "Manual",
};

/** The lowest score of each risk band (the one place the thresholds live). */
export const RISK_BAND_MIN = { critical: 75, high: 50, medium: 25 } as const;

export function riskBand(score: number): "critical" | "high" | "medium" | "low" {
  if (score >= RISK_BAND_MIN.critical) return "critical";
  if (score >= RISK_BAND_MIN.high) return "high";
  if (score >= RISK_BAND_MIN.medium) return "medium";
  return "low";
}
