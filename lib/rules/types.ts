// Shapes shared by the rule definitions, the engine and the catalog.
import type { Prisma, Severity } from "../db";

/** OWASP Non-Human Identities Top 10 (2025). */
export const OWASP_NHI = {
  NHI1: "Improper Offboarding",
  NHI2: "Secret Leakage",
  NHI3: "Vulnerable Third-Party NHI",
  NHI4: "Insecure Authentication",
  NHI5: "Overprivileged NHI",
  NHI6: "Insecure Cloud Deployment Configurations",
  NHI7: "Long-Lived Secrets",
  NHI8: "Environment Isolation",
  NHI9: "NHI Reuse",
  NHI10: "Human Use of NHI",
} as const;
export type OwaspNhiId = keyof typeof OWASP_NHI;

/**
 * The NIST CSF 2.0 subcategories our rules cite, with their official wording (shortened). Keeping them in one
 * table means a rule cannot cite an id that is not listed here (the type checker refuses it), and the table is
 * reviewed once. PR.AA-06 is deliberately absent: in CSF 2.0 it is about physical access.
 */
export const NIST_CSF = {
  "GV.RR-02": "Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced",
  "GV.SC-07": "The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship",
  "ID.AM-08": "Systems, hardware, software, services, and data are managed throughout their life cycles",
  "ID.IM-02": "Improvements are identified from security tests and exercises",
  "PR.AA-01": "Identities and credentials for authorized users, services, and hardware are managed by the organization",
  "PR.AA-03": "Users, services, and hardware are authenticated",
  "PR.AA-05": "Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties",
  "PR.DS-01": "The confidentiality, integrity, and availability of data-at-rest are protected",
  "PR.IR-01": "Networks and environments are protected from unauthorized logical access and usage",
  "PR.PS-01": "Configuration management practices are established and applied",
  "DE.CM-03": "Personnel activity and technology usage are monitored to find potentially adverse events",
} as const;
export type NistCsfId = keyof typeof NIST_CSF;

/** Inputs every rule sees; the engine fills them from its arguments and the Setting table. */
export interface RuleContext {
  now: Date;
  /** Entitlements and NHIs not used within this many days are "unused" (Setting "rules.unusedWindowDays"). */
  unusedWindowDays: number;
  /** A break-glass NHI must have been tested within this many days. */
  breakGlassTestDays: number;
  /** A purpose must have been confirmed within this many days. */
  purposeReviewDays: number;
  /** Default max credential age when no RotationPolicy matches. */
  defaultMaxAgeDays: number;
}

export interface RuleDefinition {
  /** Stable id, stored in Finding.ruleId: kebab-case, never reused for another meaning. */
  id: string;
  title: string;
  severity: Severity;
  owasp: OwaspNhiId;
  nist: readonly NistCsfId[];
  /** What the rule looks for, in one or two sentences (shown on the rules page). */
  description: string;
  remediation: string;
  /**
   * One set-based SELECT over the whole estate returning the columns
   * "identityId" text, "subjectKey" text ('' when one finding per NHI), "evidence" jsonb.
   * evidence.summary is a short human string ("Secret 3.2 years old") that becomes a risk reason.
   */
  query: (ctx: RuleContext) => Prisma.Sql;
  /** The rule aggregates every grant of the estate: evaluated first when rules are evaluated concurrently. */
  heavy?: boolean;
}

export interface Violation {
  identityId: string;
  subjectKey: string;
  evidence: { summary: string } & Record<string, unknown>;
}
