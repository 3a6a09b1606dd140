// Purposes as people actually write them in a CMDB or a tag: uneven, abbreviated, sometimes a ticket number,
// sometimes a warning to whoever finds it next.
import type { Fn } from "./names";
import type { Rng } from "./random";

const T: Record<Fn, readonly string[]> = {
  runtime: [
    "Runtime identity for {svc} ({env}). Reads/writes its own DB and publishes events to the {svc}-events queue.",
    "{svc} service in {env} - pulls config from SSM and talks to the {svc} DB",
    "App identity used by the {svc} pods. Owned by {team}.",
    "Used by {svc} workers to process jobs off the queue",
    "{svc} {env} runtime role (created by the service template)",
    "backend for {svc}, see runbook in the {team} wiki",
    "Consumer for {svc} events; writes results back to the {svc} table. {ticket}",
    "Cron that reconciles {svc} state nightly at 02:00 UTC",
  ],
  etl: [
    "Nightly export of {svc} data to the warehouse (Airflow DAG {svc}_daily)",
    "ETL loader - reads from the {svc} replica and lands files in the data lake",
    "Used by dbt / Airflow to build the {svc} models in BigQuery",
    "Pushes {svc} extracts to Snowflake for Finance reporting. {ticket}",
    "CDC stream from {svc} into Kafka (Debezium connector)",
    "Backfill job for {svc}; should be temporary",
  ],
  deployer: [
    "CI deploy credential for {svc}: builds the image, pushes to ECR and rolls the {env} service",
    "GitHub Actions deploy for {svc} ({env})",
    "Used by the release pipeline to deploy {svc}. Do not delete without talking to {team}.",
    "deploys {svc} via ArgoCD sync",
    "Pipeline identity for {svc} - terraform plan/apply on merge to main. {ticket}",
    "Jenkins job {svc}-deploy-{env}",
  ],
  admin: [
    "Terraform apply for the {env} account (Atlantis). Needs admin.",
    "Infra automation for {team}: provisions buckets, queues and IAM for new services",
    "Bootstrap identity for {team} infrastructure. Break in case of fire only. {ticket}",
    "Used by Terraform Cloud workspace {svc}-{env}",
    "admin automation - account vending / guardrails",
  ],
  monitoring: [
    "Read-only metrics and logs collection for {vendor}",
    "Monitoring: scrapes CloudWatch / Stackdriver metrics for the {team} dashboards",
    "Observability agent, read only",
    "Pulls metrics for {svc} alerts into Grafana",
  ],
  backup: [
    "Nightly snapshots of the {svc} database, retained 35 days",
    "Backup job for {svc} - copies dumps to the DR bucket in us-west-2",
    "DR restore tests (quarterly). {ticket}",
  ],
  scanner: [
    "Security posture scanning (read only) for {vendor}",
    "Vuln scanner - reads images and instance metadata",
    "Used by the Security team to collect audit evidence. {ticket}",
    "CSPM read-only connector",
  ],
  integration: [
    "{vendor} integration",
    "{vendor} integration for {team} - set up during the {vendor} rollout. {ticket}",
    "Syncs {svc} data to {vendor}",
    "{vendor} connector (vendor-managed, contact {team} for changes)",
    "Used by {vendor} to pull data from {svc}. Contract renewal Q3.",
    "{vendor} webhook + API access for {svc}",
  ],
  legacy: [
    "legacy - used by the old {svc} cron, check with {team} before deleting",
    "temporary access for the {svc} migration ({ticket}). Should have been removed.",
    "not sure, was created by someone on {team} years ago",
    "Old {svc} batch user. Probably unused?",
    "POC for {svc}, keep for now",
    "migration script",
  ],
  agent: [
    "AI assistant for {team}: answers questions about {svc} from the runbooks and tickets",
    "LLM agent that triages {svc} alerts and opens follow-up tickets",
    "Agent that schedules meetings and triages the inbox for its delegating user",
    "Code review agent for the {svc} repos: comments on PRs, cannot merge",
    "Copilot for {team} - reads docs and answers questions in Slack. {ticket}",
    "{svc} agent (pilot) - acts on behalf of the requesting user, human approves writes",
  ],
  bot: [
    "Slack bot for {team} on-call (acks PagerDuty, posts deploy notices)",
    "Opens dependency-update PRs for {svc}",
    "Release bot: tags releases and writes changelogs for {svc}",
    "Jira automation for {team}",
    "Merge queue bot",
  ],
  tls: [
    "TLS certificate for {svc} ({env})",
    "mTLS client cert used by {svc} to call the {vendor} API",
    "Ingress cert for {svc}, issued by cert-manager",
    "Wildcard cert, renewed manually by {team}. {ticket}",
    "Server cert for the {svc} internal endpoint",
  ],
};

const TICKET_PREFIX: Record<string, string> = {
  payments: "PAY", checkout: "CHK", platform: "PLAT", sre: "SRE", data: "DATA", identity: "IAM", growth: "GRW",
  security: "SEC", mobile: "MOB", support: "SUP", finsys: "FIN",
};

/** Purposes specific to a kind (and platform) win over the generic per-function ones. */
const BY_KIND: Record<string, readonly string[]> = {
  "CI_CD_TOKEN:github": [
    "GitHub Actions deploy for {svc} ({env})",
    "PAT used by the {svc} release workflow to push tags and publish packages",
    "Used by Actions to push images to GHCR and bump the Helm chart for {svc}. {ticket}",
    "CI token for {svc}; shared by a few workflows in the {team} repos",
  ],
  "CI_CD_TOKEN:manual:jenkins": ["Jenkins job {svc}-deploy-{env}", "Jenkins API token for the {svc} pipeline (old Jenkins on EC2)", "Jenkins token used by the {svc} cron jobs"],
  "CI_CD_TOKEN:manual:circleci": ["CircleCI deploy token for {svc}", "CircleCI project token - triggers {svc} pipelines from the release script"],
  "CI_CD_TOKEN:manual:tfc": ["Terraform Cloud team token for {team} workspaces. {ticket}", "TFC token used by the {svc} pipeline to run plan/apply"],
  "CI_CD_TOKEN:manual:argocd": ["Argo CD API token used by the {svc} pipeline to trigger syncs", "argocd token for {svc} (image updater)"],
  "CI_CD_TOKEN:manual:buildkite": ["Buildkite agent token for the {svc} queue", "Buildkite agents for {team} builds"],
  "OAUTH_APP:azure": [
    "Sign-in app registration for {svc} (OIDC)",
    "API app registration for {svc}; other services call it with client credentials",
    "{vendor} enterprise app (SSO + provisioning)",
    "{vendor} integration - reads users and groups. {ticket}",
  ],
  "CI_CD_TOKEN:azure": ["Azure DevOps service connection for {svc} ({env})", "Pipeline federation for {svc} deployments to {env}"],
  "BOT:github": [
    "Opens dependency-update PRs for {svc}",
    "Release bot: tags releases and writes changelogs for {svc}",
    "Merge queue bot for the {team} repos",
    "Posts coverage and lint results on PRs. {ticket}",
  ],
  "BOT:manual": [
    "Slack bot for {team} on-call (acks PagerDuty, posts deploy notices)",
    "Jira automation for {team}",
    "Posts {svc} alerts to #{teamSlug}-alerts",
    "ChatOps: /deploy and /rollback for {svc}",
  ],
  "CERTIFICATE:k8s": ["Ingress cert for {svc}, issued by cert-manager", "mTLS cert for {svc} inside the mesh", "TLS certificate for {svc} ({env})"],
  "CERTIFICATE:aws": ["ACM cert on the {svc} load balancer", "Public cert for {svc} (CloudFront)", "TLS certificate for {svc} ({env})"],
  "CERTIFICATE:azure": ["Certificate credential for {svc} (Key Vault)", "Signing cert used by {svc}", "App Gateway TLS for {svc}"],
  "CERTIFICATE:manual": ["Server cert for the {svc} internal endpoint", "Wildcard cert, renewed manually by {team}. {ticket}", "mTLS client cert used by {svc} to call {vendor}", "DigiCert cert for {svc}, renewal reminder goes to the {team} list"],
  "SSH_KEY:github": ["Deploy key so {svc} can be pulled by Argo CD", "Read/write deploy key used by the {svc} release job", "deploy key for the old Jenkins box"],
  "SSH_KEY:cyberark": ["Ansible key for the {svc} hosts, rotated by CyberArk CPM", "Batch user key for nightly {svc} jobs", "Key checked out through PSM only (dual control)"],
  "SSH_KEY:manual": ["SFTP key for the {svc} partner drop", "ansible key - lives on the config-mgmt box", "key for the {svc} backup cron", "someone's key for the {svc} hosts, not sure whose"],
  "API_KEY:aws": ["API Gateway key for {svc} partners (usage plan: gold)", "Partner API key for {svc}. {ticket}"],
  "API_KEY:gcp": ["Maps / Places key for {svc} (restricted to our domains)", "Browser API key for {svc}", "server key for {svc} - should be restricted"],
  "API_KEY:manual": [
    "{vendor} API key used by {svc}",
    "{vendor} key for {svc} ({env})",
    "{svc} -> {vendor} integration key. {ticket}",
    "old {vendor} key, probably still used by {svc}?",
    "{vendor} key shared by the {team} services",
  ],
  "OAUTH_APP:manual": [
    "{vendor} connected app for {team}",
    "OAuth app that lets {vendor} read from {svc}",
    "{vendor} marketplace app installed by {team}. {ticket}",
    "{vendor} OAuth client (POC, never cleaned up)",
  ],
  "SERVICE_ACCOUNT:manual": [
    "{vendor} integration user for {svc}",
    "Service user in {vendor} used by the {svc} sync jobs",
    "{vendor} API user, shared by {team}. {ticket}",
  ],
  "OAUTH_APP:github": ["{vendor} GitHub app/OAuth integration", "OAuth app for {svc} ({team}). {ticket}"],
};

export interface PurposeVars {
  kind: string;
  /** A system implied by the name (manual CI tokens). */
  hint?: string | null;
  platform: string;
  svc: string;
  team: string;
  teamSlug: string;
  env: string;
  vendor: string | null;
}

export function purposeFor(rng: Rng, fn: Fn, v: PurposeVars): string {
  let list = (v.hint ? BY_KIND[`${v.kind}:${v.platform}:${v.hint}`] : undefined)
    ?? BY_KIND[`${v.kind}:${v.platform}`] ?? (v.kind === "CERTIFICATE" ? T.tls : T[fn]);
  // Templates that name a vendor only fit NHIs that have one, and an NHI with a vendor is mostly described by it.
  if (!v.vendor) list = list.filter((t) => !t.includes("{vendor}"));
  else if (list.some((t) => t.includes("{vendor}")) && rng.chance(0.75)) list = list.filter((t) => t.includes("{vendor}"));
  if (list.length === 0) list = T.runtime;
  const template = rng.pick(list);
  const ticket = `${rng.pick(["", "See ", "per ", "Ref "])}${TICKET_PREFIX[v.teamSlug] ?? "OPS"}-${rng.int(120, 4800)}`;
  let s = template
    .replaceAll("{svc}", v.svc)
    .replaceAll("{teamSlug}", v.teamSlug)
    .replaceAll("{team}", v.team)
    .replaceAll("{env}", v.env || "prod")
    .replaceAll("{vendor}", v.vendor ?? "")
    .replaceAll("{ticket}", ticket)
    .trim();
  // Not everyone ends with a full stop.
  if (rng.chance(0.2)) s = s.replace(/\.$/, "");
  return s;
}
