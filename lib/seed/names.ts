// How NHIs are named and keyed on each platform: IAM users and roles with ARNs, GCP service-account emails with
// 21-digit unique ids, Entra object ids, Kubernetes namespace/name with uids, GitHub numeric ids, CyberArk
// account ids. A namer returns a short `base` (kept unique per source) and a `render` that turns the base into the
// display name and the platform's stable external id.
import type { IdentityKind } from "../db/generated/enums";
import { AWS_ACCOUNTS, AZURE, COMPANY, FIRST_NAMES, GCP_PROJECTS, LAST_NAMES, K8S_CLUSTERS, type SourceRef, type TeamDef } from "./catalog";
import type { Rng } from "./random";
import { CLOUD_VENDORS, VENDORS, type Vendor } from "./vendors";

export type Fn =
  | "runtime" | "deployer" | "etl" | "admin" | "monitoring" | "backup" | "scanner" | "integration" | "legacy"
  | "agent" | "bot" | "tls";

export type EnvShort = "prod" | "staging" | "dev" | "";

export interface NameInput {
  kind: IdentityKind;
  src: SourceRef;
  fn: Fn;
  team: TeamDef;
  svc: string;
  env: EnvShort;
  vendor: Vendor | null;
  /** Index of the identity in the estate: makes numeric platform ids unique without a lookup. */
  index: number;
}

export interface Naming {
  base: string;
  render: (base: string) => { name: string; externalId: string };
  /** Longest base the platform allows (GCP account ids: 30). */
  maxLen?: number;
  /** Display-name style (Entra, SaaS): variants read "Name (2)" rather than "name-v2". */
  title?: boolean;
  /** Which system the name implies (manual CI tokens: "jenkins", "circleci", "tfc", "argocd", "buildkite"). */
  hint?: string;
}

export const COMPONENTS: Record<Fn, readonly string[]> = {
  runtime: ["api", "worker", "consumer", "cron", "scheduler", "processor", "webhook", "sync", "app", "task", "jobs", "publisher"],
  etl: ["loader", "exporter", "ingest", "etl", "sync", "reader", "writer", "backfill", "cdc", "transform"],
  deployer: ["deployer", "deploy", "ci", "release", "cd", "pipeline", "publish"],
  admin: ["admin", "terraform", "infra", "provisioner", "bootstrap", "ops", "automation"],
  monitoring: ["metrics", "monitoring", "logs", "readonly", "observer", "alerts"],
  backup: ["backup", "snapshot", "restore", "archiver", "dr"],
  scanner: ["scanner", "audit", "inspector", "posture", "collector"],
  integration: ["integration", "connector", "sync", "reader", "export"],
  legacy: ["old", "tmp", "test", "legacy", "script", "migration", "poc", "temp", "manual"],
  agent: ["agent", "assistant", "copilot"],
  bot: ["bot"],
  tls: ["tls"],
};

const HOSTS = ["db", "app", "batch", "bastion", "etl", "sftp", "jump", "worker"];

const under = (s: string) => s.replace(/-/g, "_");
const title = (s: string) => s.split("-").map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(" ");
const pascal = (s: string) => title(s).replace(/ /g, "");
const withEnv = (s: string, env: EnvShort) => (env ? `${s}-${env}` : s);
const ENV_TITLE: Record<EnvShort, string> = { prod: "Prod", staging: "Staging", dev: "Dev", "": "" };

function awsAccount(src: SourceRef): string {
  return src === "aws-staging" ? AWS_ACCOUNTS.staging.id : AWS_ACCOUNTS.prod.id;
}
function gcpProject(src: SourceRef) {
  return src === "gcp-dev" ? GCP_PROJECTS.dev : GCP_PROJECTS.prod;
}
function cluster(src: SourceRef): string {
  return src === "k8s-staging" ? K8S_CLUSTERS.staging : K8S_CLUSTERS.prod;
}
/** Unique per estate index; the random low digits keep ids from looking sequential. */
function numericId(rng: Rng, index: number, base: number, spread = 97): string {
  return String(base + index * spread + rng.int(0, spread - 1));
}

function awsUserBase(rng: Rng, n: NameInput, comp: string): string {
  const { svc, env, team, vendor, fn } = n;
  if (fn === "integration" && vendor) return rng.pick([`${vendor.slug}-integration`, `svc-${vendor.slug}-${env || "prod"}`, `${vendor.slug}-${comp}`]);
  if (fn === "deployer") return rng.pick([`github-actions-deploy-${svc}`, `jenkins-${svc}`, `circleci-${svc}-deploy`, `${svc}-deployer-${env || "prod"}`]);
  if (fn === "legacy") {
    const who = `${FIRST_NAMES[rng.int(0, FIRST_NAMES.length - 1)]![0]}${LAST_NAMES[rng.int(0, LAST_NAMES.length - 1)]}`.toLowerCase().replace(/[^a-z]/g, "");
    return rng.pick([`${svc}-${comp}`, `${who}-${svc}-script`, `tmp-${svc}-migration-${rng.int(2019, 2023)}`, `test-${svc}`, `${svc}-old`]);
  }
  return rng.pick([`svc-${team.slug}-${svc}-${env || "prod"}`, withEnv(`${svc}-${comp}`, env), `svc-${svc}-${comp}`, `${svc}-${comp}`]);
}

function awsRoleBase(rng: Rng, n: NameInput, comp: string): string {
  const { svc, env, fn, vendor } = n;
  const e = env || "prod";
  if (fn === "integration" && vendor) return rng.pick([`${pascal(vendor.slug)}IntegrationRole`, `${vendor.slug}-integration-role`, `${vendor.slug}-${comp}-${e}`]);
  if (fn === "deployer") return rng.pick([`GitHubActions-${svc}-deploy`, `${svc}-deploy-${e}`, `github-oidc-${svc}`]);
  if (fn === "admin") return rng.pick([`terraform-${e}-apply`, `${svc}-${comp}-${e}`, `atlantis-${svc}-${e}`, `${svc}-admin`]);
  if (fn === "backup") return rng.pick([`aws-backup-${svc}`, `${svc}-backup-${e}`]);
  if (fn === "scanner") return rng.pick([`security-audit-${svc}`, `${svc}-scanner-readonly`]);
  return rng.pick([`${svc}-${e}`, `${svc}-${comp}-${e}`, `${svc}-${e}-task-role`, `${svc}-lambda-${e}`, `eks-${svc}-irsa-${e}`, `${svc}-${comp}-role`]);
}

function gcpAccountBase(rng: Rng, n: NameInput, comp: string): string {
  const { svc, env, fn, vendor } = n;
  if (fn === "integration" && vendor) return rng.pick([`${vendor.slug}-${comp}`, `${vendor.slug}-${svc}`, `${vendor.slug}-integration`]);
  if (fn === "deployer") return rng.pick([`github-actions-${svc}`, `cloudbuild-${svc}`, `${svc}-deployer`]);
  if (fn === "agent") return rng.pick([`vertex-${svc}-agent`, `${svc}-agent`]);
  return rng.pick([`${svc}-${comp}`, withEnv(`${svc}-${comp}`, env), `sa-${svc}-${comp}`, `${svc}-${comp}-sa`]);
}

export function nameFor(rng: Rng, n: NameInput): Naming {
  const { kind, src, fn, team, svc, env, vendor } = n;
  const comp = rng.pick(COMPONENTS[fn]);
  const e = env || "prod";
  switch (src) {
    case "aws-prod":
    case "aws-staging": {
      const acct = awsAccount(src);
      if (kind === "WORKLOAD_IDENTITY" || kind === "AI_AGENT") {
        const path = rng.chance(0.12) ? "service-role/" : "";
        return { base: kind === "AI_AGENT" ? `bedrock-${svc}-agent-${e}` : awsRoleBase(rng, n, comp), render: (b) => ({ name: b, externalId: `arn:aws:iam::${acct}:role/${path}${b}` }) };
      }
      if (kind === "CERTIFICATE") {
        const uuid = rng.uuid();
        return { base: rng.pick([svc, `${svc}-${e}`, `api-${svc}`]), render: (b) => ({ name: `${b}.${COMPANY.domain}`, externalId: `arn:aws:acm:${COMPANY.region}:${acct}:certificate/${uuid}` }) };
      }
      if (kind === "API_KEY") {
        const keyId = rng.base36(10);
        return { base: rng.pick([`${svc}-partner-key`, `${svc}-usage-plan-key`, `${svc}-${comp}-key`]), render: (b) => ({ name: withEnv(b, env), externalId: `arn:aws:apigateway:${COMPANY.region}::/apikeys/${keyId}-${b}` }) };
      }
      const path = fn === "deployer" ? "ci/" : rng.chance(0.3) ? "service/" : "";
      return { base: awsUserBase(rng, n, comp), render: (b) => ({ name: b, externalId: `arn:aws:iam::${acct}:user/${path}${b}` }) };
    }
    case "gcp-prod":
    case "gcp-dev": {
      const p = gcpProject(src);
      if (kind === "API_KEY") {
        const keyId = rng.uuid();
        return { base: rng.pick([`${svc} ${comp} key`, `${title(svc)} API key`, `${svc}-${e} key`]), title: true,
          render: (b) => ({ name: b, externalId: `projects/${p.number}/locations/global/keys/${keyId}` }) };
      }
      const uniqueId = `1${rng.digits(20)}`;
      return { base: gcpAccountBase(rng, n, comp), maxLen: 30, render: (b) => ({ name: `${b}@${p.id}.iam.gserviceaccount.com`, externalId: uniqueId }) };
    }
    case "azure": {
      const objectId = rng.uuid();
      const r = (b: string) => ({ name: b, externalId: objectId });
      if (kind === "WORKLOAD_IDENTITY") return { base: rng.pick([`id-${svc}-${e}`, `mi-${svc}-${e}`, `${svc}-${comp}-${e}-mi`]), render: r };
      if (kind === "CERTIFICATE") {
        const vault = `kv-${team.slug}-${e}`.slice(0, 24);
        return { base: rng.pick([`${svc}-${e}-tls`, `${svc}-client-cert`, `${svc}-${comp}-signing`]),
          render: (b) => ({ name: `${b} (${vault})`, externalId: `https://${vault}.vault.azure.net/certificates/${b}` }) };
      }
      if (kind === "AI_AGENT") return { base: rng.pick([`Copilot Studio - ${title(svc)} Agent`, `${title(svc)} Assistant (${ENV_TITLE[env] || "Prod"})`]), title: true, render: r };
      if (kind === "CI_CD_TOKEN") return { base: rng.pick([`sc-${svc}-${e}`, `ado-${svc}-pipeline-${e}`, `github-oidc-${svc}-${e}`]), render: r };
      if (kind === "OAUTH_APP" && !(fn === "integration" && vendor)) {
        const E = ENV_TITLE[env] || "Prod";
        const base = fn === "legacy" ? rng.pick([`${svc}-test-app`, `${title(svc)} POC`, `${svc}-oauth-old`])
          : rng.pick([`${title(svc)} Web (${E})`, `${svc}-api-${e}`, `acme-${svc}-oidc`, `${title(svc)} Portal (${E})`]);
        return { base, title: base.includes(" "), render: r };
      }
      if (fn === "integration" && vendor) return { base: rng.pick([`${vendor.label} Integration`, `${vendor.label} SSO`, `${vendor.label} - ${ENV_TITLE[env] || "Prod"}`, `${vendor.label} SCIM Provisioning`]), title: true, render: r };
      if (fn === "admin") return { base: rng.pick([`sp-terraform-${e}`, `Terraform-${ENV_TITLE[env] || "Prod"}-Deployer`, `sp-${svc}-automation-${e}`]), render: r };
      return { base: rng.pick([`sp-${svc}-${e}`, `app-${svc}-${comp}-${e}`, `${svc}-${comp}-${e}`, `${title(svc)} ${title(comp)} (${ENV_TITLE[env] || "Prod"})`]), render: r };
    }
    case "k8s-prod":
    case "k8s-staging": {
      const ns = rng.chance(0.5) ? svc : team.slug;
      const uid = rng.uuid();
      if (kind === "CERTIFICATE") {
        return { base: rng.pick([`${svc}-tls`, `${svc}-${comp}-tls`, `${svc}-mtls`]), render: (b) => ({ name: `${ns}/${b}`, externalId: `${cluster(src)}:certificate:${uid}` }) };
      }
      return { base: rng.pick([svc, `${svc}-${comp}`, `${svc}-${comp}`, `${comp}-${svc}`]), render: (b) => ({ name: `${ns}/${b}`, externalId: uid }) };
    }
    case "github": {
      const id = numericId(rng, n.index, 41_000_000);
      const repo = rng.pick([svc, `${svc}-service`, `${svc}`, `${team.slug}-${svc}`]);
      const r = (b: string) => ({ name: b, externalId: id });
      if (kind === "SSH_KEY") {
        const who = rng.pick(["argocd", "jenkins", "ansible", "backup", "deploy", "flux", "release"]);
        return { base: `${COMPANY.githubOrg}/${repo}`, render: (b) => ({ name: `deploy key: ${b} (${who})`, externalId: id }) };
      }
      if (kind === "BOT") return { base: rng.pick([`${team.slug}-${comp}`, `${svc}-release-bot`, `${team.slug}-merge-bot`, `${svc}-${comp}`]), render: (b) => ({ name: `${b}[bot]`, externalId: id }) };
      if (kind === "OAUTH_APP") {
        const v = vendor ?? rng.pick(VENDORS);
        return { base: rng.pick([v.label, `${v.label} (${team.name})`, `${svc}-oauth-app`]), title: true, render: r };
      }
      return { base: rng.pick([`github-actions-deploy-${svc}`, `${svc}-release-pat`, `npm-publish-${svc}`, `${svc}-ci-token`, `ghcr-push-${svc}`, `${team.slug}-ci-bot-pat`]), render: r };
    }
    case "cyberark": {
      const id = `${rng.int(12, 48)}_${n.index + 1}`;
      const r = (b: string) => ({ name: b, externalId: id });
      if (kind === "SSH_KEY") {
        const user = fn === "admin" ? "root" : rng.pick(["deploy", "ansible", "svc_backup", "ec2-user", "app"]);
        return { base: `${rng.pick(HOSTS)}-${e}-${String(rng.int(1, 24)).padStart(2, "0")}`, render: (b) => ({ name: `${user}@${b}`, externalId: id }) };
      }
      const s = under(svc);
      return { base: rng.pick([`ACME\\svc_${s}_${e}`, `${s}_app`, `sa_${s}`, `${s}_batch`, `ora_${s}_${comp}`]), render: r };
    }
    case "manual": {
      const keyId = rng.hex(8);
      const r = (b: string) => ({ name: b, externalId: `${kind.toLowerCase()}:${b}` });
      if (kind === "CERTIFICATE") {
        const host = rng.pick([svc, `${svc}-${e}`, `${svc}.internal`, `${comp}-${svc}`]);
        if (vendor && rng.chance(0.5)) return { base: `${vendor.slug}-mtls-client-${e}`, render: (b) => ({ name: b, externalId: `cert:${b}:${keyId}` }) };
        return { base: host, render: (b) => ({ name: `${b}.${COMPANY.domain}`, externalId: `cert:${b}.${COMPANY.domain}:${keyId}` }) };
      }
      if (kind === "SSH_KEY") {
        const user = rng.pick(["deploy", "ansible", "backup", "jenkins", "sftp-partner", "root"]);
        return { base: `${rng.pick(HOSTS)}-${e}-${String(rng.int(1, 12)).padStart(2, "0")}`, render: (b) => ({ name: `${user}@${b}`, externalId: `ssh:${user}@${b}:${keyId}` }) };
      }
      if (kind === "AI_AGENT") return { base: rng.pick([`${svc}-agent`, `${team.slug}-${svc}-agent`, `${svc}-${comp}`, `${team.slug}-${comp}-agent`]), render: r };
      if (kind === "BOT") return { base: rng.pick([`${team.slug}-oncall-bot`, `${svc}-slack-bot`, `jira-automation-${team.slug}`, `deploybot-${team.slug}`, `${svc}-notifier`]), render: r };
      if (kind === "CI_CD_TOKEN") {
        const sys = rng.weighted<string>([["jenkins", 35], ["circleci", 20], ["tfc", 20], ["argocd", 15], ["buildkite", 10]]);
        const base = sys === "jenkins" ? rng.pick([`jenkins-${svc}-token`, `jenkins-${svc}-deploy-${e}`])
          : sys === "circleci" ? `circleci-${svc}-${e}`
          : sys === "tfc" ? rng.pick([`tfc-team-token-${team.slug}`, `tfc-${svc}-${e}`])
          : sys === "argocd" ? `argocd-${svc}-token`
          : `buildkite-${svc}-agent-token`;
        return { base, hint: sys, render: r };
      }
      const v = vendor ?? rng.pick(VENDORS);
      if (kind === "OAUTH_APP") return { base: rng.pick([`${v.label} connected app`, `${v.label} (${team.name})`, `${v.label} OAuth - ${title(svc)}`]), title: true, render: r };
      if (kind === "SERVICE_ACCOUNT") return { base: rng.pick([`${v.slug}-svc-${svc}`, `integration.${svc}@${COMPANY.domain}`, `SVC_${under(svc).toUpperCase()}_${v.slug.toUpperCase().replace(/-/g, "_")}`]), render: r };
      // "okta-okta-sync" reads like a typo: drop the service when it already starts with the vendor.
      const svcPart = svc.startsWith(v.slug) ? comp : svc;
      return { base: rng.pick([`${v.slug}-api-key-${e}`, `${v.slug}-${svcPart}`, `${v.slug}-${svcPart}-${e}`, `${v.slug}-${comp}-key`]), render: r };
    }
  }
}

const SUFFIXES = ["-v2", "-2", "-new", "-b", "-eu", "-us", "-blue", "-green", "-canary", "-legacy", "-01", "-02"];

/**
 * The next candidate when a base is taken: realistic suffixes first, then random numbers (growing with the
 * attempt), so that a popular base at 500,000 NHIs costs a few tries instead of a linear scan.
 */
export function variantOf(rng: Rng, base: string, attempt: number, naming: Pick<Naming, "maxLen" | "title">): string {
  const n = attempt <= SUFFIXES.length ? 0 : rng.int(2, attempt < 20 ? 99 : attempt < 40 ? 9999 : 999_999);
  if (naming.title) return `${base} (${attempt <= SUFFIXES.length ? attempt + 1 : n})`;
  const suffix = attempt <= SUFFIXES.length ? SUFFIXES[attempt - 1]! : `-${n}`;
  return fitTo(base, naming.maxLen, suffix);
}

/** Shortens a kebab-case base at a word boundary so base + suffix fits the platform's limit. */
export function fitTo(base: string, maxLen: number | undefined, suffix = ""): string {
  if (!maxLen || base.length + suffix.length <= maxLen) return base + suffix;
  let cut = base.slice(0, maxLen - suffix.length);
  const dash = cut.lastIndexOf("-");
  if (dash >= 6) cut = cut.slice(0, dash);
  return cut.replace(/-+$/, "") + suffix;
}

/** Platform-managed identities per source: the cloud's own agents, kept and tagged but not owned by anyone. */
export const PLATFORM_MANAGED: Partial<Record<SourceRef, readonly string[]>> = {
  "aws-prod": ["AWSServiceRoleForRDS", "AWSServiceRoleForECS", "AWSServiceRoleForElasticLoadBalancing", "AWSServiceRoleForAutoScaling",
    "AWSServiceRoleForSupport", "AWSServiceRoleForTrustedAdvisor", "AWSServiceRoleForOrganizations", "AWSServiceRoleForAmazonGuardDuty",
    "AWSServiceRoleForSSO", "AWSServiceRoleForAmazonEKS", "AWSServiceRoleForAmazonEKSNodegroup", "AWSServiceRoleForCloudTrail",
    "AWSServiceRoleForSecurityHub", "AWSServiceRoleForConfig", "AWSServiceRoleForBackup"],
  "aws-staging": ["AWSServiceRoleForRDS", "AWSServiceRoleForECS", "AWSServiceRoleForElasticLoadBalancing", "AWSServiceRoleForAutoScaling",
    "AWSServiceRoleForSupport", "AWSServiceRoleForTrustedAdvisor", "AWSServiceRoleForSSO", "AWSServiceRoleForAmazonEKS"],
  "gcp-prod": ["gcp-sa-bigquerydatatransfer", "gcp-sa-cloudbuild", "container-engine-robot", "compute-system", "gcp-sa-pubsub",
    "dataflow-service-producer-prod", "gs-project-accounts", "gcp-sa-cloudscheduler", "gcp-sa-secretmanager", "gcp-sa-aiplatform", "cloudservices"],
  "gcp-dev": ["gcp-sa-cloudbuild", "container-engine-robot", "compute-system", "gcp-sa-pubsub", "gs-project-accounts"],
  "k8s-prod": ["kube-system/coredns", "kube-system/aws-node", "kube-system/kube-proxy", "kube-system/ebs-csi-controller-sa",
    "kube-system/cluster-autoscaler", "kube-system/aws-load-balancer-controller", "kube-system/metrics-server", "kube-system/efs-csi-controller-sa"],
  "k8s-staging": ["kube-system/coredns", "kube-system/aws-node", "kube-system/kube-proxy", "kube-system/ebs-csi-controller-sa", "kube-system/metrics-server"],
  azure: ["Microsoft Azure Policy Insights", "Azure Kubernetes Service AAD Server", "Microsoft Defender for Cloud", "Azure Container Registry"],
  github: ["dependabot", "github-actions", "github-advanced-security"],
};

/** Renders a platform-managed name into (name, external id) for its source. */
export function renderPlatformManaged(rng: Rng, src: SourceRef, raw: string): { name: string; externalId: string; kind: IdentityKind } {
  if (src === "aws-prod" || src === "aws-staging") {
    const svc = raw.replace("AWSServiceRoleFor", "").toLowerCase();
    return { name: raw, externalId: `arn:aws:iam::${awsAccount(src)}:role/aws-service-role/${svc}.amazonaws.com/${raw}`, kind: "WORKLOAD_IDENTITY" };
  }
  if (src === "gcp-prod" || src === "gcp-dev") {
    const p = gcpProject(src);
    const email = raw === "cloudservices" ? `${p.number}@cloudservices.gserviceaccount.com` : `service-${p.number}@${raw}.iam.gserviceaccount.com`;
    return { name: email, externalId: `1${rng.digits(20)}`, kind: "SERVICE_ACCOUNT" };
  }
  if (src === "k8s-prod" || src === "k8s-staging") return { name: raw, externalId: rng.uuid(), kind: "WORKLOAD_IDENTITY" };
  if (src === "github") return { name: `${raw}[bot]`, externalId: String(rng.int(27_000_000, 40_999_999)), kind: "BOT" };
  return { name: raw, externalId: rng.uuid(), kind: "SERVICE_ACCOUNT" };
}

export { AZURE, CLOUD_VENDORS, awsAccount, gcpProject, cluster, title, under, pascal };
