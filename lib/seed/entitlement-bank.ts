// What each platform's NHIs are typically allowed to do, as weighted templates. A template turns a service and an
// environment into one (resource, permission) pair in that platform's own vocabulary: IAM actions and managed
// policies on ARNs, GCP roles on resource names, Azure RBAC roles on scopes and Graph app roles, Kubernetes
// (Cluster)Role bindings, GitHub app/token permissions on repos, on-prem grants vaulted in CyberArk.
import { AWS_ACCOUNTS, AZURE, COMPANY, GCP_PROJECTS, K8S_CLUSTERS, type SourceRef, type TeamDef } from "./catalog";
import type { Fn, EnvShort } from "./names";
import { hashSeed } from "./random";
import type { EntClass } from "./vendors";

export type Priv = "ADMIN" | "WRITE" | "READ" | "UNKNOWN";
export type Via = "DIRECT" | "GROUP" | "INLINE" | "MANAGED" | "BINDING";
/** How sensitive the resource is: "svc" = decided by the service's data (see SENSITIVE_SERVICES). */
export type SensHint = "svc" | "high" | "critical" | "normal";

export interface ResCtx {
  src: SourceRef;
  svc: string;
  team: TeamDef;
  env: Exclude<EnvShort, "">;
  /** The identity's own name, for bindings named after it. */
  self: string;
}

export interface Template {
  w: Partial<Record<Fn | "*", number>>;
  permission: string;
  privilege: Priv;
  cls: EntClass;
  res: (c: ResCtx) => string;
  via: Via;
  viaName?: (c: ResCtx) => string;
  sens?: SensHint;
  /** A tenant-wide SaaS or directory grant: always the production tenant, sensitivity not tied to a service. */
  saas?: boolean;
  /** Narrows a bank to one system (CI tokens of the manual register: "jenkins", "circleci", ...). */
  sys?: string;
}

/** Services whose production data is personal, financial or credential material (HIGH even when not CRITICAL). */
export const SENSITIVE_SERVICES = new Set([
  "customer-lookup", "user-directory", "session-api", "invoicing", "fraud-scoring", "reconciliation", "billing", "refunds",
]);

/** Parses "runtime:3 etl:2 *:0.5" into weights. */
function w(spec: string): Template["w"] {
  const out: Template["w"] = {};
  for (const part of spec.split(/\s+/)) {
    const [k, v] = part.split(":");
    if (k && v) out[k as Fn] = Number(v);
  }
  return out;
}

/** Stable per-resource random-looking tokens, so the same database or key gets the same id everywhere. */
const stableHex = (key: string, n: number) => {
  let out = "";
  for (let i = 0; out.length < n; i++) out += hashSeed(key, i).toString(16).padStart(8, "0");
  return out.slice(0, n);
};
const stableUuid = (key: string) => {
  const h = stableHex(key, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const stableAlnum = (key: string, n: number) =>
  stableHex(key, n * 2).replace(/[0-9a-f]{2}/g, (b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[parseInt(b, 16) % 62]!).slice(0, n);
const u = (s: string) => s.replace(/-/g, "_");
const r = COMPANY.region;

function acct(c: ResCtx): string {
  return c.src === "aws-staging" ? AWS_ACCOUNTS.staging.id : AWS_ACCOUNTS.prod.id;
}
function proj(c: ResCtx): string {
  return c.src === "gcp-dev" ? GCP_PROJECTS.dev.id : GCP_PROJECTS.prod.id;
}
function sub(c: ResCtx): string {
  return AZURE.subscriptions[c.env];
}
function clus(c: ResCtx): string {
  return c.src === "k8s-staging" ? K8S_CLUSTERS.staging : K8S_CLUSTERS.prod;
}
function repo(c: ResCtx): string {
  return `${COMPANY.githubOrg}/${hashSeed(c.svc) % 3 === 0 ? `${c.svc}-service` : c.svc}`;
}

const AWS_MANAGED = (name: string) => () => `arn:aws:iam::aws:policy/${name}`;
const star = () => "*";

export const AWS: Template[] = [
  { w: w("admin:6 legacy:2 deployer:0.5"), permission: "AdministratorAccess", privilege: "ADMIN", cls: "infra", res: star, via: "MANAGED", viaName: AWS_MANAGED("AdministratorAccess") },
  { w: w("admin:3 legacy:1.5 deployer:1"), permission: "PowerUserAccess", privilege: "WRITE", cls: "infra", res: star, via: "MANAGED", viaName: AWS_MANAGED("PowerUserAccess") },
  { w: w("admin:2 legacy:0.5"), permission: "IAMFullAccess", privilege: "ADMIN", cls: "infra", res: star, via: "MANAGED", viaName: AWS_MANAGED("IAMFullAccess") },
  { w: w("deployer:1.5 admin:2 runtime:0.1"), permission: "iam:PassRole", privilege: "WRITE", cls: "infra", res: (c) => `arn:aws:iam::${acct(c)}:role/${c.svc}-${c.env}`, via: "INLINE" },
  { w: w("admin:1 legacy:1"), permission: "iam:CreateAccessKey", privilege: "ADMIN", cls: "infra", res: (c) => `arn:aws:iam::${acct(c)}:user/*`, via: "INLINE" },
  { w: w("deployer:1 admin:3"), permission: "sts:AssumeRole", privilege: "WRITE", cls: "infra", res: (c) => `arn:aws:iam::${acct(c)}:role/terraform-${c.env}-apply`, via: "INLINE" },
  { w: w("admin:3 deployer:1"), permission: "s3:PutObject", privilege: "WRITE", cls: "infra", res: (c) => `arn:aws:s3:::acme-terraform-state-${acct(c)}/${c.svc}/*`, via: "INLINE" },
  { w: w("admin:2 legacy:1"), permission: "ec2:*", privilege: "ADMIN", cls: "infra", res: star, via: "INLINE" },
  { w: w("deployer:2 admin:2"), permission: "cloudformation:*", privilege: "WRITE", cls: "infra", res: (c) => `arn:aws:cloudformation:${r}:${acct(c)}:stack/${c.svc}-*/*`, via: "INLINE" },
  { w: w("admin:1 backup:1"), permission: "rds:ModifyDBCluster", privilege: "WRITE", cls: "infra", res: (c) => `arn:aws:rds:${r}:${acct(c)}:cluster:${c.svc}-${c.env}`, via: "INLINE" },
  { w: w("deployer:5 admin:1"), permission: "ecr:PutImage", privilege: "WRITE", cls: "deploy", res: (c) => `arn:aws:ecr:${r}:${acct(c)}:repository/${c.svc}`, via: "INLINE" },
  { w: w("deployer:4"), permission: "ecs:UpdateService", privilege: "WRITE", cls: "deploy", res: (c) => `arn:aws:ecs:${r}:${acct(c)}:service/${c.env}-cluster/${c.svc}`, via: "INLINE" },
  { w: w("deployer:3 legacy:0.5"), permission: "lambda:UpdateFunctionCode", privilege: "WRITE", cls: "deploy", res: (c) => `arn:aws:lambda:${r}:${acct(c)}:function:${c.svc}-${c.env}`, via: "INLINE" },
  { w: w("deployer:2"), permission: "codedeploy:CreateDeployment", privilege: "WRITE", cls: "deploy", res: (c) => `arn:aws:codedeploy:${r}:${acct(c)}:deploymentgroup:${c.svc}/${c.svc}-${c.env}`, via: "INLINE" },
  { w: w("deployer:2 monitoring:1 runtime:0.3"), permission: "eks:DescribeCluster", privilege: "READ", cls: "plain", res: (c) => `arn:aws:eks:${r}:${acct(c)}:cluster/${c.env}-eks-use1`, via: "INLINE" },
  { w: w("runtime:4 etl:4 backup:2 legacy:1 agent:1"), permission: "s3:GetObject", privilege: "READ", cls: "data", res: (c) => `arn:aws:s3:::acme-${c.svc}-${c.env}/*`, via: "INLINE", sens: "svc" },
  { w: w("runtime:3 etl:4 backup:3 legacy:1"), permission: "s3:PutObject", privilege: "WRITE", cls: "data", res: (c) => `arn:aws:s3:::acme-${c.svc}-${c.env}/*`, via: "INLINE", sens: "svc" },
  { w: w("etl:3 runtime:1 legacy:0.5"), permission: "s3:GetObject", privilege: "READ", cls: "data", res: (c) => `arn:aws:s3:::${c.svc.replace(/-api$/, "")}-exports/*`, via: "INLINE", sens: "svc" },
  { w: w("etl:1.5 legacy:1 admin:0.5"), permission: "s3:*", privilege: "ADMIN", cls: "data", res: (c) => `arn:aws:s3:::acme-data-lake-${c.env}`, via: "INLINE", sens: "high" },
  { w: w("runtime:2 etl:2 backup:2 monitoring:1"), permission: "s3:ListBucket", privilege: "READ", cls: "plain", res: (c) => `arn:aws:s3:::acme-${c.svc}-${c.env}`, via: "INLINE" },
  { w: w("runtime:3 etl:2"), permission: "dynamodb:Query", privilege: "READ", cls: "data", res: (c) => `arn:aws:dynamodb:${r}:${acct(c)}:table/${c.svc}-${c.env}`, via: "INLINE", sens: "svc" },
  { w: w("runtime:3"), permission: "dynamodb:PutItem", privilege: "WRITE", cls: "data", res: (c) => `arn:aws:dynamodb:${r}:${acct(c)}:table/${c.svc}-${c.env}`, via: "INLINE", sens: "svc" },
  { w: w("runtime:3 etl:2 backup:1 legacy:1"), permission: "rds-db:connect", privilege: "WRITE", cls: "data", res: (c) => `arn:aws:rds-db:${r}:${acct(c)}:dbuser:cluster-${stableAlnum(`${c.svc}${c.env}`, 26).toUpperCase()}/${u(c.svc)}_app`, via: "INLINE", sens: "svc" },
  { w: w("runtime:3 deployer:1 etl:1 legacy:1 admin:1"), permission: "secretsmanager:GetSecretValue", privilege: "READ", cls: "data", res: (c) => `arn:aws:secretsmanager:${r}:${acct(c)}:secret:${c.svc}/${c.env}/db-credentials-${stableAlnum(c.svc + c.env, 6)}`, via: "INLINE", sens: "svc" },
  { w: w("runtime:2 etl:1 backup:2"), permission: "kms:Decrypt", privilege: "READ", cls: "data", res: (c) => `arn:aws:kms:${r}:${acct(c)}:key/${stableUuid(c.svc + c.env)}`, via: "INLINE", sens: "svc" },
  { w: w("runtime:2 deployer:1"), permission: "ssm:GetParametersByPath", privilege: "READ", cls: "data", res: (c) => `arn:aws:ssm:${r}:${acct(c)}:parameter/${c.svc}/${c.env}/*`, via: "INLINE", sens: "svc" },
  { w: w("monitoring:2 scanner:2 legacy:1"), permission: "ReadOnlyAccess", privilege: "READ", cls: "data", res: star, via: "MANAGED", viaName: AWS_MANAGED("ReadOnlyAccess"), sens: "high" },
  { w: w("runtime:3 etl:1"), permission: "sqs:SendMessage", privilege: "WRITE", cls: "plain", res: (c) => `arn:aws:sqs:${r}:${acct(c)}:${c.svc}-events-${c.env}`, via: "INLINE" },
  { w: w("runtime:3 etl:2"), permission: "sqs:ReceiveMessage", privilege: "READ", cls: "plain", res: (c) => `arn:aws:sqs:${r}:${acct(c)}:${c.svc}-events-${c.env}`, via: "INLINE" },
  { w: w("runtime:2"), permission: "sns:Publish", privilege: "WRITE", cls: "plain", res: (c) => `arn:aws:sns:${r}:${acct(c)}:${c.svc}-notifications`, via: "INLINE" },
  { w: w("runtime:2 backup:0.5"), permission: "logs:PutLogEvents", privilege: "WRITE", cls: "plain", res: (c) => `arn:aws:logs:${r}:${acct(c)}:log-group:/aws/ecs/${c.svc}-${c.env}:*`, via: "INLINE" },
  { w: w("monitoring:4 scanner:1"), permission: "cloudwatch:GetMetricData", privilege: "READ", cls: "plain", res: star, via: "INLINE" },
  { w: w("scanner:4 monitoring:0.5"), permission: "SecurityAudit", privilege: "READ", cls: "plain", res: star, via: "MANAGED", viaName: AWS_MANAGED("SecurityAudit") },
  { w: w("monitoring:2 scanner:1"), permission: "ViewOnlyAccess", privilege: "READ", cls: "plain", res: star, via: "MANAGED", viaName: AWS_MANAGED("job-function/ViewOnlyAccess") },
  { w: w("runtime:1"), permission: "xray:PutTraceSegments", privilege: "WRITE", cls: "plain", res: star, via: "MANAGED", viaName: AWS_MANAGED("AWSXRayDaemonWriteAccess") },
  { w: w("backup:4"), permission: "backup:StartBackupJob", privilege: "WRITE", cls: "plain", res: (c) => `arn:aws:backup:${r}:${acct(c)}:backup-vault:${c.env}-vault`, via: "INLINE" },
  { w: w("scanner:3"), permission: "guardduty:GetFindings", privilege: "READ", cls: "plain", res: (c) => `arn:aws:guardduty:${r}:${acct(c)}:detector/${stableHex(acct(c), 32)}`, via: "INLINE" },
  { w: w("agent:3 runtime:0.2"), permission: "bedrock:InvokeModel", privilege: "WRITE", cls: "plain", res: () => `arn:aws:bedrock:${r}::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0`, via: "INLINE" },
];

const pr = (c: ResCtx) => `projects/${proj(c)}`;
const gsa = (c: ResCtx) => `${pr(c)}/serviceAccounts/${c.svc}-deployer@${proj(c)}.iam.gserviceaccount.com`;

export const GCP: Template[] = [
  { w: w("admin:3 legacy:1.5"), permission: "roles/owner", privilege: "ADMIN", cls: "infra", res: pr, via: "BINDING" },
  { w: w("admin:3 legacy:2 deployer:1 runtime:0.15"), permission: "roles/editor", privilege: "WRITE", cls: "infra", res: pr, via: "BINDING" },
  { w: w("deployer:1 admin:2"), permission: "roles/iam.serviceAccountTokenCreator", privilege: "ADMIN", cls: "infra", res: gsa, via: "BINDING" },
  { w: w("deployer:3"), permission: "roles/iam.serviceAccountUser", privilege: "WRITE", cls: "infra", res: gsa, via: "BINDING" },
  { w: w("admin:1.5"), permission: "roles/resourcemanager.projectIamAdmin", privilege: "ADMIN", cls: "infra", res: pr, via: "BINDING" },
  { w: w("deployer:3"), permission: "roles/container.developer", privilege: "WRITE", cls: "deploy", res: pr, via: "BINDING" },
  { w: w("deployer:3"), permission: "roles/run.admin", privilege: "ADMIN", cls: "deploy", res: (c) => `${pr(c)}/locations/us-central1/services/${c.svc}`, via: "BINDING" },
  { w: w("deployer:2"), permission: "roles/cloudbuild.builds.editor", privilege: "WRITE", cls: "deploy", res: pr, via: "BINDING" },
  { w: w("deployer:3"), permission: "roles/artifactregistry.writer", privilege: "WRITE", cls: "deploy", res: (c) => `${pr(c)}/locations/us/repositories/${c.team.slug}-images`, via: "BINDING" },
  { w: w("etl:4 runtime:1"), permission: "roles/bigquery.dataEditor", privilege: "WRITE", cls: "data", res: (c) => `${pr(c)}/datasets/${u(c.svc)}`, via: "BINDING", sens: "svc" },
  { w: w("etl:3 agent:2 legacy:1 monitoring:0.5"), permission: "roles/bigquery.dataViewer", privilege: "READ", cls: "data", res: (c) => `${pr(c)}/datasets/${u(c.svc)}`, via: "BINDING", sens: "svc" },
  { w: w("etl:4 agent:1"), permission: "roles/bigquery.jobUser", privilege: "WRITE", cls: "plain", res: pr, via: "BINDING" },
  { w: w("legacy:1 etl:0.5 admin:1"), permission: "roles/bigquery.admin", privilege: "ADMIN", cls: "data", res: pr, via: "BINDING", sens: "high" },
  { w: w("etl:2 runtime:1 backup:2 legacy:1"), permission: "roles/storage.objectAdmin", privilege: "ADMIN", cls: "data", res: (c) => `projects/_/buckets/${proj(c)}-${c.svc}`, via: "BINDING", sens: "svc" },
  { w: w("runtime:2 etl:2"), permission: "roles/storage.objectViewer", privilege: "READ", cls: "data", res: (c) => `projects/_/buckets/acme-${c.svc}-exports`, via: "BINDING", sens: "svc" },
  { w: w("runtime:3 etl:2 backup:1"), permission: "roles/cloudsql.client", privilege: "WRITE", cls: "data", res: pr, via: "BINDING", sens: "svc" },
  { w: w("runtime:3 deployer:1 etl:1"), permission: "roles/secretmanager.secretAccessor", privilege: "READ", cls: "data", res: (c) => `${pr(c)}/secrets/${c.svc}-db-password`, via: "BINDING", sens: "svc" },
  { w: w("runtime:3 etl:1"), permission: "roles/pubsub.publisher", privilege: "WRITE", cls: "plain", res: (c) => `${pr(c)}/topics/${c.svc}-events`, via: "BINDING" },
  { w: w("runtime:3 etl:2"), permission: "roles/pubsub.subscriber", privilege: "READ", cls: "plain", res: (c) => `${pr(c)}/subscriptions/${c.svc}-events-sub`, via: "BINDING" },
  { w: w("runtime:2 etl:0.5"), permission: "roles/logging.logWriter", privilege: "WRITE", cls: "plain", res: pr, via: "BINDING" },
  { w: w("monitoring:4"), permission: "roles/monitoring.viewer", privilege: "READ", cls: "plain", res: pr, via: "BINDING" },
  { w: w("scanner:4"), permission: "roles/iam.securityReviewer", privilege: "READ", cls: "plain", res: pr, via: "BINDING" },
  { w: w("agent:3 etl:1 runtime:0.5"), permission: "roles/aiplatform.user", privilege: "WRITE", cls: "plain", res: pr, via: "BINDING" },
  { w: w("etl:2"), permission: "roles/dataflow.worker", privilege: "WRITE", cls: "plain", res: pr, via: "BINDING" },
];

const sc = (c: ResCtx) => `/subscriptions/${sub(c)}`;
const rg = (c: ResCtx) => `${sc(c)}/resourceGroups/rg-${c.svc}-${c.env}`;
const GRAPH = "graph.microsoft.com (Microsoft Graph)";

export const AZ: Template[] = [
  { w: w("admin:3 legacy:1"), permission: "Owner", privilege: "ADMIN", cls: "infra", res: sc, via: "DIRECT" },
  { w: w("admin:2 deployer:2 legacy:2 runtime:0.2"), permission: "Contributor", privilege: "WRITE", cls: "infra", res: rg, via: "DIRECT" },
  { w: w("admin:2 legacy:1 deployer:1"), permission: "Contributor", privilege: "WRITE", cls: "infra", res: sc, via: "GROUP", viaName: () => "sg-azure-contributors" },
  { w: w("admin:1.5"), permission: "User Access Administrator", privilege: "ADMIN", cls: "infra", res: sc, via: "DIRECT" },
  { w: w("monitoring:4 scanner:3"), permission: "Reader", privilege: "READ", cls: "plain", res: sc, via: "DIRECT" },
  { w: w("monitoring:3"), permission: "Monitoring Reader", privilege: "READ", cls: "plain", res: sc, via: "DIRECT" },
  { w: w("runtime:3 deployer:1"), permission: "Key Vault Secrets User", privilege: "READ", cls: "data", res: (c) => `${rg(c)}/providers/Microsoft.KeyVault/vaults/kv-${c.svc}-${c.env}`, via: "DIRECT", sens: "svc" },
  { w: w("admin:1 legacy:0.5"), permission: "Key Vault Administrator", privilege: "ADMIN", cls: "data", res: (c) => `${rg(c)}/providers/Microsoft.KeyVault/vaults/kv-${c.svc}-${c.env}`, via: "DIRECT", sens: "high" },
  { w: w("runtime:2 etl:3 backup:2"), permission: "Storage Blob Data Contributor", privilege: "WRITE", cls: "data", res: (c) => `${rg(c)}/providers/Microsoft.Storage/storageAccounts/st${c.svc.replace(/-/g, "").slice(0, 14)}${c.env.slice(0, 4)}`, via: "DIRECT", sens: "svc" },
  { w: w("etl:2 agent:1"), permission: "Storage Blob Data Reader", privilege: "READ", cls: "data", res: (c) => `${rg(c)}/providers/Microsoft.Storage/storageAccounts/st${c.svc.replace(/-/g, "").slice(0, 14)}${c.env.slice(0, 4)}`, via: "DIRECT", sens: "svc" },
  { w: w("deployer:4"), permission: "AcrPush", privilege: "WRITE", cls: "deploy", res: (c) => `${sc(c)}/resourceGroups/rg-platform-${c.env}/providers/Microsoft.ContainerRegistry/registries/acracme${c.env}`, via: "DIRECT" },
  { w: w("deployer:2"), permission: "Website Contributor", privilege: "WRITE", cls: "deploy", res: (c) => `${rg(c)}/providers/Microsoft.Web/sites/app-${c.svc}-${c.env}`, via: "DIRECT" },
  { w: w("runtime:1.5 etl:1"), permission: "SQL DB Contributor", privilege: "WRITE", cls: "data", res: (c) => `${sc(c)}/resourceGroups/rg-${c.team.slug}-${c.env}/providers/Microsoft.Sql/servers/sql-${c.team.slug}-${c.env}/databases/${c.svc}`, via: "DIRECT", sens: "svc" },
  { w: w("admin:1 integration:1 legacy:1"), permission: "Directory.ReadWrite.All", privilege: "ADMIN", cls: "idp", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
  { w: w("integration:2 agent:1 runtime:0.3"), permission: "User.Read.All", privilege: "READ", cls: "idp", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
  { w: w("integration:1 agent:2 runtime:0.5"), permission: "Mail.Send", privilege: "WRITE", cls: "plain", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
  { w: w("integration:1 admin:1"), permission: "Group.ReadWrite.All", privilege: "ADMIN", cls: "idp", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
  { w: w("admin:1 legacy:0.5"), permission: "Application.ReadWrite.All", privilege: "ADMIN", cls: "idp", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
  { w: w("agent:2 integration:1"), permission: "Sites.Read.All", privilege: "READ", cls: "data", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true, sens: "high" },
  { w: w("agent:2"), permission: "Calendars.ReadWrite", privilege: "WRITE", cls: "data", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true, sens: "high" },
  { w: w("scanner:3"), permission: "AuditLog.Read.All", privilege: "READ", cls: "plain", res: () => GRAPH, via: "DIRECT", viaName: () => "app role assignment", saas: true },
];

const ns = (c: ResCtx) => `${clus(c)}/namespaces/${hashSeed(c.svc, "ns") % 2 ? c.svc : c.team.slug}`;
const cl = (c: ResCtx) => `cluster/${clus(c)}`;
const bind = (kind: string) => (c: ResCtx) => `${kind}/${c.self.split("/").pop()}-${c.svc}`.slice(0, 120);

export const K8S: Template[] = [
  { w: w("admin:3 legacy:1.5 deployer:0.8"), permission: "ClusterRole/cluster-admin", privilege: "ADMIN", cls: "infra", res: cl, via: "BINDING", viaName: bind("ClusterRoleBinding") },
  { w: w("admin:1 deployer:0.4"), permission: "ClusterRole/admin", privilege: "ADMIN", cls: "infra", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("deployer:4 runtime:0.3 legacy:1"), permission: "ClusterRole/edit", privilege: "WRITE", cls: "deploy", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("monitoring:4 scanner:3"), permission: "ClusterRole/view", privilege: "READ", cls: "plain", res: cl, via: "BINDING", viaName: bind("ClusterRoleBinding") },
  { w: w("runtime:0.4 deployer:0.5 legacy:1 backup:0.5"), permission: "secrets: get, list", privilege: "READ", cls: "data", res: ns, via: "BINDING", viaName: bind("RoleBinding"), sens: "high" },
  { w: w("runtime:3 etl:1"), permission: "configmaps: get, watch", privilege: "READ", cls: "plain", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("runtime:1.5"), permission: "leases: get, update", privilege: "WRITE", cls: "plain", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("legacy:1 admin:1 deployer:0.5"), permission: "pods/exec: create", privilege: "WRITE", cls: "infra", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("deployer:3 runtime:0.2"), permission: "deployments: patch, update", privilege: "WRITE", cls: "deploy", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("monitoring:2 runtime:0.3"), permission: "nodes: list, watch", privilege: "READ", cls: "plain", res: cl, via: "BINDING", viaName: bind("ClusterRoleBinding") },
  { w: w("runtime:0.5"), permission: "ClusterRole/system:auth-delegator", privilege: "READ", cls: "plain", res: cl, via: "BINDING", viaName: bind("ClusterRoleBinding") },
  { w: w("backup:2"), permission: "persistentvolumeclaims: create, delete", privilege: "WRITE", cls: "plain", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("runtime:1 etl:2"), permission: "jobs: create, delete", privilege: "WRITE", cls: "plain", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
  { w: w("runtime:1 etl:1"), permission: "pods: get, list", privilege: "READ", cls: "plain", res: ns, via: "BINDING", viaName: bind("RoleBinding") },
];

const org = () => `${COMPANY.githubOrg} (organization)`;
const INFRA_REPOS = ["infra-terraform", "helm-charts", "k8s-manifests", "platform-config"];
const infraRepo = (c: ResCtx) => `${COMPANY.githubOrg}/${INFRA_REPOS[hashSeed(c.svc) % INFRA_REPOS.length]}`;

export const GH: Template[] = [
  { w: w("admin:1 legacy:1"), permission: "admin:org", privilege: "ADMIN", cls: "infra", res: org, via: "DIRECT" },
  { w: w("admin:2 legacy:1 bot:0.3"), permission: "administration:write", privilege: "ADMIN", cls: "infra", res: repo, via: "DIRECT" , sens: "high" },
  { w: w("admin:2 deployer:0.4"), permission: "contents:write", privilege: "WRITE", cls: "infra", res: infraRepo, via: "DIRECT" , sens: "high" },
  { w: w("deployer:5 bot:4 legacy:1 admin:1"), permission: "contents:write", privilege: "WRITE", cls: "deploy", res: repo, via: "DIRECT" },
  { w: w("deployer:3 bot:2 integration:2 scanner:2 agent:2"), permission: "contents:read", privilege: "READ", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("bot:5 agent:3 deployer:1"), permission: "pull_requests:write", privilege: "WRITE", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("deployer:3 admin:1"), permission: "actions:write", privilege: "WRITE", cls: "deploy", res: repo, via: "DIRECT" },
  { w: w("admin:1 deployer:0.3"), permission: "secrets:write", privilege: "ADMIN", cls: "infra", res: repo, via: "DIRECT" , sens: "high" },
  { w: w("deployer:1"), permission: "environments:write", privilege: "WRITE", cls: "deploy", res: repo, via: "DIRECT" },
  { w: w("deployer:3 bot:1"), permission: "deployments:write", privilege: "WRITE", cls: "deploy", res: repo, via: "DIRECT" },
  { w: w("deployer:2 bot:0.5"), permission: "packages:write", privilege: "WRITE", cls: "deploy", res: org, via: "DIRECT" },
  { w: w("deployer:2 bot:1 legacy:1"), permission: "workflows:write", privilege: "WRITE", cls: "deploy", res: repo, via: "DIRECT" },
  { w: w("bot:3 agent:2 integration:2"), permission: "issues:write", privilege: "WRITE", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("bot:3 scanner:2 deployer:1"), permission: "checks:write", privilege: "WRITE", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("scanner:4 bot:1"), permission: "security_events:read", privilege: "READ", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("integration:2 scanner:1 bot:0.5"), permission: "members:read", privilege: "READ", cls: "plain", res: org, via: "DIRECT" },
  { w: w("*:0.6"), permission: "metadata:read", privilege: "READ", cls: "plain", res: repo, via: "DIRECT" },
  { w: w("deployer:1 bot:0.5"), permission: "contents:write", privilege: "WRITE", cls: "deploy", res: (c) => `${COMPANY.githubOrg}/${c.team.slug}-config`, via: "GROUP", viaName: (c) => `team: ${c.team.slug}-ci` },
];

const host = (c: ResCtx, kind: string) => `host:${kind}-${c.env}-${String((hashSeed(c.svc, kind) % 12) + 1).padStart(2, "0")}.${c.env}.acme.corp`;
const mssql = (c: ResCtx) => `mssql://sql-${c.env}-${String((hashSeed(c.svc) % 6) + 1).padStart(2, "0")}.acme.corp/${c.svc.replace(/-/g, "_")}`;

export const CYBERARK: Template[] = [
  { w: w("admin:2 legacy:1"), permission: "Domain Admins", privilege: "ADMIN", cls: "infra", res: () => "ad:acme.corp", via: "GROUP", viaName: () => "CN=Domain Admins,CN=Users,DC=acme,DC=corp" },
  { w: w("runtime:1 legacy:2 admin:1 backup:1"), permission: "db_owner", privilege: "ADMIN", cls: "data", res: mssql, via: "DIRECT", sens: "svc" },
  { w: w("runtime:2 etl:3 integration:1"), permission: "db_datareader", privilege: "READ", cls: "data", res: mssql, via: "DIRECT", sens: "svc" },
  { w: w("runtime:2 etl:2"), permission: "db_datawriter", privilege: "WRITE", cls: "data", res: mssql, via: "DIRECT", sens: "svc" },
  { w: w("etl:2 legacy:1"), permission: "SELECT ANY TABLE", privilege: "READ", cls: "data", res: (c) => `oracle://erp-${c.env}.acme.corp/${u(c.svc).toUpperCase()}`, via: "DIRECT", sens: "high" },
  { w: w("admin:3 legacy:1"), permission: "sudo ALL", privilege: "ADMIN", cls: "infra", res: (c) => host(c, "app"), via: "GROUP", viaName: () => "sudoers: %ops-admins" },
  { w: w("backup:2 deployer:2 runtime:1"), permission: "ssh login", privilege: "WRITE", cls: "plain", res: (c) => host(c, "batch"), via: "DIRECT" },
  { w: w("backup:3"), permission: "Backup Operators", privilege: "WRITE", cls: "infra", res: () => "ad:acme.corp", via: "GROUP", viaName: () => "CN=Backup Operators,CN=Builtin,DC=acme,DC=corp" },
  { w: w("runtime:3"), permission: "Log on as a service", privilege: "WRITE", cls: "plain", res: (c) => host(c, "app-win"), via: "GROUP", viaName: () => "GPO: Service Logon Rights" },
  { w: w("admin:2 legacy:1 runtime:0.4"), permission: "Local Administrators", privilege: "ADMIN", cls: "infra", res: (c) => host(c, "app-win"), via: "GROUP", viaName: () => "BUILTIN\\Administrators" },
  { w: w("legacy:0.5 integration:0.3"), permission: "SAP_ALL", privilege: "ADMIN", cls: "pay", res: () => "sap://erp-prd.acme.corp/100", via: "DIRECT" },
  { w: w("monitoring:3 scanner:2 integration:1"), permission: "VIEW SERVER STATE", privilege: "READ", cls: "plain", res: mssql, via: "DIRECT" },
  { w: w("monitoring:2 scanner:3"), permission: "Event Log Readers", privilege: "READ", cls: "plain", res: () => "ad:acme.corp", via: "GROUP", viaName: () => "CN=Event Log Readers,CN=Builtin,DC=acme,DC=corp" },
  { w: w("admin:1 legacy:1"), permission: "SUPERUSER", privilege: "ADMIN", cls: "data", res: (c) => `postgres://pg-${c.svc}-${c.env}-01.acme.corp/${u(c.svc)}`, via: "DIRECT", sens: "svc" },
];

/** CI/CD systems outside GitHub (Jenkins, CircleCI, Terraform Cloud, Argo CD, Buildkite) for tokens in the manual register. */
export const CI: Template[] = [
  { w: w("deployer:5 legacy:2"), permission: "Job/Build", privilege: "WRITE", cls: "deploy", res: (c) => `jenkins:ci.acme.corp/job/${c.svc}-deploy-${c.env}`, via: "DIRECT", sys: "jenkins" },
  { w: w("admin:3 legacy:2 deployer:1"), permission: "Job/Configure", privilege: "ADMIN", cls: "infra", res: (c) => `jenkins:ci.acme.corp/job/${c.svc}-deploy-${c.env}`, via: "GROUP", viaName: () => "jenkins-admins", sys: "jenkins" },
  { w: w("admin:1 legacy:1.5"), permission: "Credentials/View", privilege: "READ", cls: "data", res: () => "jenkins:ci.acme.corp/credentials/store/system", via: "GROUP", viaName: () => "jenkins-admins", sens: "high", sys: "jenkins" },
  { w: w("deployer:3"), permission: "project:write", privilege: "WRITE", cls: "deploy", res: (c) => `circleci:gh/acme/${c.svc}`, via: "DIRECT", sys: "circleci" },
  { w: w("deployer:1 admin:1"), permission: "context:read", privilege: "READ", cls: "data", res: (c) => `circleci:acme/contexts/${c.env}-aws`, via: "DIRECT", sens: "high", sys: "circleci" },
  { w: w("admin:4 deployer:1"), permission: "workspace:apply", privilege: "ADMIN", cls: "infra", res: (c) => `app.terraform.io/acme/workspaces/${c.svc}-${c.env}`, via: "DIRECT", sys: "tfc" },
  { w: w("deployer:1 admin:1"), permission: "workspace:plan", privilege: "READ", cls: "plain", res: (c) => `app.terraform.io/acme/workspaces/${c.team.slug}-${c.env}`, via: "DIRECT", sys: "tfc" },
  { w: w("deployer:3"), permission: "applications, sync", privilege: "WRITE", cls: "deploy", res: (c) => `argocd:${c.env}/${c.svc}`, via: "DIRECT", sys: "argocd" },
  { w: w("deployer:2"), permission: "write_builds", privilege: "WRITE", cls: "deploy", res: (c) => `buildkite:acme/${c.svc}`, via: "DIRECT", sys: "buildkite" },
  { w: w("deployer:1 *:0.3"), permission: "Overall/Read", privilege: "READ", cls: "plain", res: () => "jenkins:ci.acme.corp", via: "DIRECT", sys: "jenkins" },
];

export const BANKS: Record<SourceRef, Template[]> = {
  "aws-prod": AWS,
  "aws-staging": AWS,
  "gcp-prod": GCP,
  "gcp-dev": GCP,
  azure: AZ,
  "k8s-prod": K8S,
  "k8s-staging": K8S,
  github: GH,
  cyberark: CYBERARK,
  manual: [],
};
