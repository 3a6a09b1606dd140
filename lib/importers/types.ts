// The normalized record model every importer produces (FORMATS.md section 0, mapped onto prisma/schema.prisma).
// Parsers are pure: text in, these records out. The pipeline (lib/imports/pipeline.ts) writes them.
//
// Metadata only: no field here can hold a secret value. Parsers copy the fields they know by name, so a
// `privateKeyData`, `secretText`, `value`, `key` or `password` in an export is never read into a record.
import type {
  CredentialStatus,
  CredentialType,
  EntitlementStatus,
  Environment,
  GrantVia,
  IdentityKind,
  IdentityStatus,
  Privilege,
  Sensitivity,
} from "../db/generated/enums";

export type {
  CredentialStatus,
  CredentialType,
  EntitlementStatus,
  Environment,
  GrantVia,
  IdentityKind,
  IdentityStatus,
  Privilege,
  Sensitivity,
};

export interface NormalizedCredential {
  /** Stable key within the identity: key id, keyId GUID, "access_key_1", "password"... */
  externalId: string;
  type: CredentialType;
  name?: string | null;
  status: CredentialStatus;
  /** Null when the export does not say; the pipeline then falls back to the identity's creation time. */
  createdAt: Date | null;
  lastRotatedAt?: Date | null;
  lastUsedAt?: Date | null;
  /** Null = never expires. */
  expiresAt?: Date | null;
  /** A non-secret fingerprint (certificate thumbprint, SHA256 of a public key). */
  fingerprint?: string | null;
  /** Vault or secrets manager holding it, "unvaulted", or "unknown" (the default). */
  storage?: string | null;
  /** Short-lived, issued just in time or rotated by the platform (e.g. GCP SYSTEM_MANAGED keys). */
  ephemeral?: boolean;
}

export interface NormalizedEntitlement {
  /** ARN, scope, repo, namespace/resource... */
  resource: string;
  /** Action(s) or role. Several actions of one grant are joined with ", " (see `joinActions`). */
  permission: string;
  privilege: Privilege;
  sensitivity: Sensitivity;
  via: GrantVia;
  /** The group, policy, role or binding the grant comes through. */
  viaName?: string | null;
  /** A grant condition (IAM Condition, GCP binding condition...) or details kept verbatim. */
  condition?: unknown;
  grantedAt?: Date | null;
  /** Null = standing access. */
  expiresAt?: Date | null;
  lastUsedAt?: Date | null;
  status?: EntitlementStatus;
}

export interface NormalizedIdentity {
  /** Stable platform key, unique within the source (ARN, uniqueId, object id, ns/name, numeric id). */
  externalId: string;
  name: string;
  kind: IdentityKind;
  status: IdentityStatus;
  /** Absent = the source's environment (an import never downgrades a known environment to UNKNOWN). */
  environment?: Environment;
  createdAtSource?: Date | null;
  lastUsedAt?: Date | null;
  /**
   * E-mail addresses or platform logins of likely owners, best first. Hints that match a Steward user become owner
   * suggestions an admin accepts or dismisses; the rest stay visible as the "owner:hints" tag. Never an owner.
   */
  ownerHints: string[];
  /** Where each hint came from ("tag Owner", "Entra owners", "description"...), by hint. */
  ownerHintOrigins?: Record<string, string>;
  /**
   * An owner the file states outright: only Steward's own template (the customer's statement, like a bulk assign).
   * It becomes the owner of an NHI that has none; a different current owner is kept and this becomes a suggestion.
   */
  owner?: string | null;
  /** Only fills an empty purpose: a purpose confirmed in Steward is never overwritten by an import. */
  purpose?: string | null;
  /** The cloud provider's own agents: kept, tagged, excluded from owner KPIs. */
  platformManaged: boolean;
  tags: Record<string, string>;
  credentials: NormalizedCredential[];
  entitlements: NormalizedEntitlement[];
  /** AI agents: e-mail of the human whose authority the agent exercises. */
  onBehalfOf?: string | null;
  delegatedScopes?: string[];
  /**
   * True when `credentials` is the complete list for this identity, so credentials seen before but absent now
   * are marked REVOKED. False when the file simply does not carry credentials (e.g. AWS authorization details).
   */
  credentialsComplete: boolean;
  /** The same for entitlements. */
  entitlementsComplete: boolean;
  /**
   * With entitlementsComplete: the file is complete only for grants on these resources (e.g. the one GCP project
   * whose IAM policy was exported); grants on other resources are left alone.
   */
  entitlementResources?: string[];
  /** Overrides the import's source (the generic format may name a source per row). */
  sourceKey?: string;
  /** Where the record came from in the file, for error messages: a CSV line or a JSON path. */
  origin?: string;
}

export interface RowError {
  /** 1-based line number in a CSV file (the header is line 1). */
  row?: number;
  /** JSON path or file name plus path, e.g. "keys.json $.keys[3]". */
  path?: string;
  message: string;
}

/**
 * Which identities the file is a complete list of. Identities of the source in this scope that the file does not
 * contain are marked DELETED_AT_SOURCE. Null for partial exports: nothing is marked deleted.
 * An identity is in scope when its kind is listed (or `kinds` is absent) and its externalId starts with one of the
 * prefixes (or `externalIdPrefixes` is absent).
 */
export interface FullScope {
  kinds?: IdentityKind[];
  externalIdPrefixes?: string[];
  /** Identities whose externalId starts with one of these are never in scope (e.g. GCP service agents). */
  excludeExternalIdPrefixes?: string[];
}

export interface ImportResult {
  format: string;
  /** Platform of the source ("aws", "gcp", ...): used when the source is created. */
  platform: string;
  /** The source the file names (aws:<account>, gcp:<project>...), or null when the file cannot tell. */
  sourceKey: string | null;
  identities: NormalizedIdentity[];
  rowErrors: RowError[];
  warnings: string[];
  fullScope: FullScope | null;
  /** Records read (CSV rows, JSON objects), for the summary. */
  recordsRead: number;
}

/**
 * The identities of an import, delivered in batches so that a large file is never held whole (openImport in
 * lib/importers/index.ts): whole-file formats are parsed first and sliced; Steward's CSV template is streamed.
 */
export interface ImportReader {
  format: ImportFormat;
  /** Platform of a source this import creates. */
  platform: string;
  /** Where identities that name no source go, when the file says (null: the pipeline's default). */
  sourceKey: string | null;
  /** Identities in the file when known before writing (whole-file formats); null when streamed. */
  total: number | null;
  /** Share of the input consumed so far, 0..1. */
  fraction(): number;
  /** Each identity once, complete (all its rows merged), in batches of about `size`. */
  batches(size: number): AsyncGenerator<NormalizedIdentity[]>;
  /** The rest of the result (row errors, warnings, scope...): final once batches() is exhausted. */
  result(): Omit<ImportResult, "identities">;
}

export interface ImportFile {
  fileName: string;
  text: string;
  /** Parsed JSON when the text is JSON (filled by the registry, parsers fall back to JSON.parse). */
  json?: unknown;
}

export interface DetectSample {
  fileName: string;
  /** The first few kilobytes of the file as text. */
  head: string;
  json?: unknown;
}

export interface ParseOptions {
  /** "Now" for expiry checks; defaults to the current time. */
  now?: Date;
  /** The source key the user chose, when given (Azure reads the tenant ID from azure:<tenant-id>). */
  sourceKey?: string;
  /** For locale dates (CyberArk "%x %r"): month/day order. Default MDY (en-US). */
  dateOrder?: "MDY" | "DMY";
}

export interface ImportFormat {
  name: string;
  label: string;
  platform: string;
  /** Confidence 0..1 that the sample is this format. */
  detect(sample: DetectSample): number;
  /** Parses one or more files of this format (e.g. GCP accounts + keys + policy) into one result. */
  parse(files: ImportFile[], options?: ParseOptions): ImportResult;
}
