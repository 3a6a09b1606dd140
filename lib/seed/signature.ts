// Hand-written NHIs that every demo estate contains (the first identities generated), so a new user meets the
// stories a real estate tells: the CI user with admin and a five-year-old key, the vendor role nobody owns, the
// default compute account with Editor, break-glass accounts, AI agents acting for people, and a Payments owner
// (the demo owner) with a few NHIs that need attention.
import type { Criticality, IdentityKind, IdentityStatus } from "../db/generated/enums";
import type { SourceRef } from "./catalog";
import type { Hygiene } from "./credentials";
import { AWS, AZ, CYBERARK, GCP, GH, K8S, type Template } from "./entitlement-bank";
import type { EnvShort, Fn } from "./names";

export interface Signature {
  kind: IdentityKind;
  src: SourceRef;
  name: string;
  fn: Fn;
  team: string | null;
  svc: string;
  env: EnvShort;
  vendor?: string;
  /** "demo" = owner@steward.local; "departed" = someone who left; "orphan" = nobody; default: the team. */
  owner?: "demo" | "orphan" | "departed" | "team";
  purpose?: string | null;
  hygiene?: Hygiene;
  storage?: string;
  /** Long-lived credentials without expiry. */
  neverExpires?: boolean;
  status?: IdentityStatus;
  criticality?: Criticality;
  breakGlassTestedDaysAgo?: number | null;
  shared?: boolean;
  platformManaged?: boolean;
  /** null = never used. */
  lastUsedDaysAgo?: number | null;
  ageDays?: number;
  extra?: Template[];
  countFactor?: number;
  scopes?: string[];
  onBehalf?: "team" | "departed" | "demo";
}

function pick(bank: readonly Template[], permission: string, n = 0): Template {
  const found = bank.filter((t) => t.permission === permission)[n];
  if (!found) throw new Error(`signature: no template ${permission}`);
  return found;
}

const ADMIN = pick(AWS, "AdministratorAccess");
const POWER = pick(AWS, "PowerUserAccess");

export const SIGNATURES: readonly Signature[] = [
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "svc-payments-ledger-prod", fn: "runtime", team: "Payments", svc: "ledger", env: "prod", owner: "demo",
    purpose: "Ledger writer for the settlement batch: reads the ledger DB and drops daily settlement files in S3 (PAY-2291)",
    hygiene: "poor", storage: "unvaulted", ageDays: 1460, criticality: "CRITICAL",
    extra: [pick(AWS, "rds-db:connect"), pick(AWS, "s3:PutObject", 1), pick(AWS, "secretsmanager:GetSecretValue"), pick(AWS, "kms:Decrypt")] },
  { kind: "CI_CD_TOKEN", src: "github", name: "github-actions-deploy-checkout", fn: "deployer", team: "Checkout", svc: "checkout", env: "prod", shared: true,
    purpose: "Deploys checkout-service to EKS prod from GitHub Actions; also reused by the cart and pricing workflows", hygiene: "fair" },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "orders-api-prod", fn: "runtime", team: "Checkout", svc: "orders-api", env: "prod",
    purpose: "Task role for orders-api (ECS prod). Writes orders to DynamoDB, exports to s3://orders-exports", criticality: "CRITICAL",
    extra: [pick(AWS, "dynamodb:PutItem"), pick(AWS, "dynamodb:Query"), pick(AWS, "s3:GetObject", 1), pick(AWS, "sqs:SendMessage")] },
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "terraform-cloud-runner", fn: "admin", team: "Platform", svc: "terraform", env: "prod", vendor: "terraform-cloud",
    purpose: "Terraform Cloud agent for the platform-prod workspaces. Needs admin to manage IAM.", hygiene: "fair", storage: "hashicorp-vault",
    criticality: "CRITICAL", extra: [ADMIN] },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "datadog-integration", fn: "monitoring", team: "SRE", svc: "prometheus", env: "prod", vendor: "datadog",
    owner: "departed", purpose: "Datadog AWS integration (metrics, CloudWatch logs, resource inventory)", extra: [pick(AWS, "ReadOnlyAccess")] },
  { kind: "SERVICE_ACCOUNT", src: "gcp-prod", name: "snowflake-etl-loader@analytics-prod-3381.iam.gserviceaccount.com", fn: "etl", team: "Data", svc: "snowflake-etl", env: "prod", vendor: "snowflake",
    purpose: "Loads BigQuery exports into Snowflake RAW every hour", hygiene: "poor", storage: "unvaulted", ageDays: 1100,
    extra: [pick(GCP, "roles/bigquery.dataViewer"), pick(GCP, "roles/storage.objectAdmin")] },
  { kind: "BOT", src: "github", name: "dependabot", fn: "bot", team: null, svc: "checkout", env: "", platformManaged: true, owner: "orphan",
    purpose: "GitHub Dependabot security and version updates", countFactor: 5, lastUsedDaysAgo: 0 },
  { kind: "AI_AGENT", src: "manual", name: "support-copilot-agent", fn: "agent", team: "Support Engineering", svc: "support-copilot", env: "prod", vendor: "zendesk",
    purpose: "Drafts replies to Zendesk tickets and looks up order status; a human approves every send", scopes: ["tickets.read", "tickets.write", "customers.read"], onBehalf: "team" },
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "breakglass-aws-admin", fn: "admin", team: "Security", svc: "audit-log-archiver", env: "prod",
    purpose: "Break-glass admin for acme-prod. Credentials sealed in CyberArk, use raises a P1 alert.", storage: "cyberark", hygiene: "fair",
    breakGlassTestedDaysAgo: 412, lastUsedDaysAgo: 412, criticality: "CRITICAL", extra: [ADMIN] },
  { kind: "SERVICE_ACCOUNT", src: "azure", name: "BreakGlass-GlobalAdmin-SP", fn: "admin", team: "Identity", svc: "sso-gateway", env: "prod",
    purpose: "Emergency access to the tenant if Okta federation is down", breakGlassTestedDaysAgo: null, lastUsedDaysAgo: null, criticality: "CRITICAL",
    extra: [pick(AZ, "Owner"), pick(AZ, "Directory.ReadWrite.All"), pick(AZ, "Application.ReadWrite.All")] },
  { kind: "SSH_KEY", src: "cyberark", name: "root@bastion-prod-01", fn: "admin", team: "SRE", svc: "oncall-tools", env: "prod",
    purpose: "Emergency root on the prod bastion, checked out through CyberArk with dual control", breakGlassTestedDaysAgo: 58, lastUsedDaysAgo: 58, criticality: "CRITICAL" },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "OrganizationAccountAccessRole", fn: "admin", team: null, svc: "terraform", env: "prod", owner: "orphan",
    purpose: null, lastUsedDaysAgo: 301, ageDays: 2150, criticality: "CRITICAL", extra: [ADMIN] },
  { kind: "SERVICE_ACCOUNT", src: "gcp-prod", name: "702113958264-compute@developer.gserviceaccount.com", fn: "legacy", team: null, svc: "ml-training", env: "prod", owner: "orphan",
    purpose: null, hygiene: "poor", ageDays: 1900, extra: [pick(GCP, "roles/editor")] },
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "jenkins-legacy", fn: "legacy", team: "Platform", svc: "build-cache", env: "prod", owner: "departed", shared: true,
    purpose: "old Jenkins on EC2 - still used by 3 jobs nobody migrated (PLAT-881)", hygiene: "poor", storage: "unvaulted", ageDays: 2100, extra: [POWER, pick(AWS, "iam:CreateAccessKey")], countFactor: 3 },
  { kind: "API_KEY", src: "manual", name: "stripe-restricted-key-payouts-prod", fn: "integration", team: "Payments", svc: "payouts", env: "prod", vendor: "stripe", owner: "demo",
    purpose: "Restricted Stripe key used by the payouts service to create payouts and read balances", hygiene: "poor", storage: "unvaulted", neverExpires: true, ageDays: 980, criticality: "CRITICAL" },
  { kind: "WORKLOAD_IDENTITY", src: "k8s-prod", name: "argocd/argocd-application-controller", fn: "admin", team: "Platform", svc: "argocd", env: "prod",
    purpose: "Argo CD controller, syncs every app in the cluster", criticality: "CRITICAL", extra: [pick(K8S, "ClusterRole/cluster-admin")] },
  { kind: "WORKLOAD_IDENTITY", src: "k8s-prod", name: "payments/ledger-api", fn: "runtime", team: "Payments", svc: "ledger", env: "prod", owner: "demo",
    purpose: "ledger-api pods", extra: [pick(K8S, "secrets: get, list")] },
  { kind: "SERVICE_ACCOUNT", src: "azure", name: "sp-terraform-prod", fn: "admin", team: "Platform", svc: "terraform", env: "prod", hygiene: "poor",
    purpose: "Terraform for the Azure prod subscription", criticality: "CRITICAL", extra: [pick(AZ, "Owner")] },
  { kind: "API_KEY", src: "manual", name: "okta-scim-provisioner", fn: "integration", team: "Identity", svc: "scim-provisioner", env: "prod", vendor: "okta",
    purpose: "Okta API token for SCIM provisioning into internal apps", criticality: "CRITICAL", hygiene: "fair" },
  { kind: "CERTIFICATE", src: "manual", name: "*.acme-corp.example", fn: "tls", team: "Platform", svc: "internal-dns", env: "prod", hygiene: "fair",
    purpose: "Public wildcard cert (DigiCert), renewed by hand once a year", shared: true },
  { kind: "CERTIFICATE", src: "manual", name: "adyen-mtls-client-prod", fn: "tls", team: "Payments", svc: "adyen-gateway", env: "prod", vendor: "adyen", owner: "demo",
    purpose: "mTLS client certificate for the Adyen payment API", hygiene: "poor", criticality: "CRITICAL" },
  { kind: "AI_AGENT", src: "azure", name: "Sales Email Assistant", fn: "agent", team: "Growth", svc: "crm-sync", env: "prod", vendor: "salesforce",
    purpose: "Drafts follow-up emails from Salesforce opportunities", scopes: ["crm.read", "mail.send"], onBehalf: "departed" },
  { kind: "AI_AGENT", src: "manual", name: "incident-triage-agent", fn: "agent", team: "SRE", svc: "oncall-tools", env: "prod", vendor: "pagerduty",
    purpose: "Summarises PagerDuty incidents and opens follow-up Jira tickets", scopes: ["incidents.read", "incidents.write", "chat.write"], onBehalf: "team" },
  { kind: "AI_AGENT", src: "manual", name: "code-review-agent", fn: "agent", team: "Platform", svc: "base-images", env: "prod",
    purpose: "Comments on pull requests; cannot approve or merge", scopes: ["repo.read", "pull_requests.write"], onBehalf: "team", extra: [pick(GH, "pull_requests:write"), pick(GH, "contents:read")] },
  { kind: "BOT", src: "github", name: "renovate[bot]", fn: "bot", team: "Platform", svc: "base-images", env: "", purpose: "Renovate dependency updates for all repos", countFactor: 3 },
  { kind: "BOT", src: "github", name: "release-please[bot]", fn: "bot", team: "Platform", svc: "artifact-registry", env: "", purpose: "release-please: changelogs and release PRs" },
  { kind: "BOT", src: "manual", name: "deploybot", fn: "bot", team: "SRE", svc: "oncall-tools", env: "", vendor: "slack", purpose: "Slack deploy notifications and /deploy command", owner: "departed" },
  { kind: "SERVICE_ACCOUNT", src: "cyberark", name: "ACME\\svc_sql_backup", fn: "backup", team: "SRE", svc: "backup-runner", env: "prod",
    purpose: "SQL Server backups for the ledger and ERP databases", extra: [pick(CYBERARK, "Backup Operators"), pick(CYBERARK, "db_owner")] },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "WizAccess-Role", fn: "scanner", team: "Security", svc: "wiz-connector", env: "prod", vendor: "wiz",
    purpose: "Wiz CSPM connector (read only + snapshot scanning)" },
  { kind: "OAUTH_APP", src: "azure", name: "ServiceNow Integration", fn: "integration", team: "SRE", svc: "oncall-tools", env: "prod", vendor: "servicenow",
    purpose: "ServiceNow reads users and groups for CMDB ownership", owner: "orphan", hygiene: "poor" },
  { kind: "API_KEY", src: "manual", name: "sendgrid-transactional-prod", fn: "integration", team: "Growth", svc: "notifications", env: "prod", vendor: "sendgrid",
    purpose: "Transactional email (receipts, password resets)" },
  { kind: "API_KEY", src: "manual", name: "openai-support-copilot", fn: "integration", team: "Support Engineering", svc: "support-copilot", env: "prod", vendor: "openai",
    purpose: "OpenAI key for the support copilot", storage: "unvaulted" },
  { kind: "CI_CD_TOKEN", src: "github", name: "github-actions-deploy-ledger", fn: "deployer", team: "Payments", svc: "ledger", env: "prod", owner: "demo",
    purpose: "Deploys payments-ledger from GitHub Actions", hygiene: "poor" },
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "ledger-db-migrator-prod", fn: "admin", team: "Payments", svc: "ledger", env: "prod", owner: "demo",
    purpose: null, lastUsedDaysAgo: 240, extra: [pick(AWS, "rds:ModifyDBCluster"), pick(AWS, "rds-db:connect")] },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "refunds-worker-prod", fn: "runtime", team: "Payments", svc: "refunds", env: "prod", owner: "demo",
    purpose: "Refund worker: consumes refund requests and calls Stripe" },
  { kind: "SSH_KEY", src: "github", name: "deploy key: acme/payments-ledger (argocd)", fn: "deployer", team: "Payments", svc: "ledger", env: "prod", owner: "demo",
    purpose: "Argo CD read/write deploy key", hygiene: "poor" },
  { kind: "SERVICE_ACCOUNT", src: "aws-prod", name: "tmp-billing-migration-2021", fn: "legacy", team: null, svc: "billing", env: "prod", owner: "orphan",
    purpose: "temporary access for the billing migration. Delete after cutover (PAY-1187)", lastUsedDaysAgo: 1290, ageDays: 1500, hygiene: "poor", extra: [ADMIN] },
  { kind: "CI_CD_TOKEN", src: "manual", name: "circleci-mobile-release", fn: "deployer", team: "Mobile", svc: "mobile-release", env: "prod",
    purpose: "CircleCI token used by fastlane to ship iOS/Android builds" },
  { kind: "API_KEY", src: "manual", name: "app-store-connect-api-key", fn: "integration", team: "Mobile", svc: "app-store-connect", env: "prod", vendor: "launchdarkly",
    purpose: "App Store Connect API key (release automation)", hygiene: "fair" },
  { kind: "OAUTH_APP", src: "azure", name: "Okta SCIM Provisioning", fn: "integration", team: "Identity", svc: "scim-provisioner", env: "prod", vendor: "okta",
    purpose: "Provisions Entra groups from Okta", criticality: "CRITICAL" },
  { kind: "SERVICE_ACCOUNT", src: "gcp-prod", name: "cdc-debezium@analytics-prod-3381.iam.gserviceaccount.com", fn: "etl", team: "Data", svc: "cdc-debezium", env: "prod",
    purpose: "Debezium CDC from Cloud SQL to Pub/Sub" },
  { kind: "SERVICE_ACCOUNT", src: "aws-staging", name: "svc-checkout-cart-staging", fn: "runtime", team: "Checkout", svc: "cart", env: "staging", status: "DISABLED",
    purpose: "cart service staging (replaced by role-based auth)", lastUsedDaysAgo: 400 },
  { kind: "WORKLOAD_IDENTITY", src: "aws-prod", name: "fraud-scoring-prod", fn: "runtime", team: "Payments", svc: "fraud-scoring", env: "prod", owner: "demo",
    purpose: "Fraud scoring model serving (SageMaker endpoint caller)" },
];
