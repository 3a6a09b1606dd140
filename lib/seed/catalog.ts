// Static material for the demo estate: the company, its teams and services, its platform accounts and the
// people who own NHIs. Everything a new user sees first comes from here, so names follow what real estates
// look like (kebab-case service names, per-environment suffixes, vendor integration names, legacy leftovers).

export const COMPANY = {
  name: "Acme Corp",
  domain: "acme-corp.example",
  githubOrg: "acme",
  region: "us-east-1",
};

export interface TeamDef {
  name: string;
  /** Short form used in names, namespaces and tags. */
  slug: string;
  /** Relative share of the estate's NHIs. */
  weight: number;
  services: readonly string[];
  /** Services whose data or function makes their production resources CRITICAL. */
  critical: readonly string[];
}

export const TEAMS: readonly TeamDef[] = [
  {
    name: "Payments",
    slug: "payments",
    weight: 12,
    services: ["ledger", "payouts", "refunds", "billing", "invoicing", "card-vault", "reconciliation", "fraud-scoring",
      "stripe-webhooks", "adyen-gateway", "fx-rates", "tax-engine"],
    critical: ["ledger", "payouts", "card-vault", "adyen-gateway"],
  },
  {
    name: "Checkout",
    slug: "checkout",
    weight: 10,
    services: ["checkout", "cart", "orders-api", "pricing", "promotions", "inventory-sync", "shipping-rates",
      "order-events", "address-validation"],
    critical: ["orders-api"],
  },
  {
    name: "Platform",
    slug: "platform",
    weight: 14,
    services: ["terraform", "atlantis", "argocd", "service-mesh", "artifact-registry", "base-images", "internal-dns",
      "cert-manager", "secrets-sync", "build-cache", "external-dns", "karpenter"],
    critical: ["terraform", "secrets-sync"],
  },
  {
    name: "SRE",
    slug: "sre",
    weight: 9,
    services: ["prometheus", "grafana", "pagerduty-sync", "log-shipper", "backup-runner", "statuspage", "oncall-tools",
      "thanos", "otel-collector", "db-failover"],
    critical: ["backup-runner"],
  },
  {
    name: "Data",
    slug: "data",
    weight: 12,
    services: ["snowflake-etl", "airflow", "dbt-runner", "kafka-connect", "cdc-debezium", "looker", "feature-store",
      "ml-training", "data-lake-ingest", "reverse-etl", "fivetran"],
    critical: ["cdc-debezium", "data-lake-ingest"],
  },
  {
    name: "Identity",
    slug: "identity",
    weight: 8,
    services: ["auth-service", "okta-sync", "scim-provisioner", "session-api", "mfa-service", "user-directory",
      "sso-gateway", "token-service"],
    critical: ["auth-service", "okta-sync", "token-service"],
  },
  {
    name: "Growth",
    slug: "growth",
    weight: 8,
    services: ["email-campaigns", "experiments", "segment-sync", "referrals", "crm-sync", "recommendations",
      "search-indexer", "notifications"],
    critical: [],
  },
  {
    name: "Security",
    slug: "security",
    weight: 7,
    services: ["siem-forwarder", "vuln-scanner", "wiz-connector", "guardduty-export", "secrets-scanner", "cspm-reader",
      "edr-integration", "audit-log-archiver"],
    critical: ["audit-log-archiver"],
  },
  {
    name: "Mobile",
    slug: "mobile",
    weight: 6,
    services: ["mobile-bff", "push-notifications", "app-config", "crash-reporting", "app-store-connect",
      "firebase-messaging", "mobile-release"],
    critical: [],
  },
  {
    name: "Support Engineering",
    slug: "support",
    weight: 5,
    services: ["zendesk-sync", "support-copilot", "helpcenter", "ticket-router", "customer-lookup", "chat-widget"],
    critical: [],
  },
  {
    name: "Finance Systems",
    slug: "finsys",
    weight: 5,
    services: ["netsuite-sync", "expense-export", "revenue-recognition", "payroll-export", "procurement-api",
      "sox-evidence"],
    critical: ["payroll-export"],
  },
];

export const AWS_ACCOUNTS = {
  prod: { id: "418297345102", alias: "acme-prod" },
  staging: { id: "736021948857", alias: "acme-staging" },
};

export const GCP_PROJECTS = {
  prod: { id: "analytics-prod-3381", number: "702113958264" },
  dev: { id: "acme-dev-sandbox-1142", number: "311870452219" },
};

export const AZURE = {
  tenantId: "6c1f2a9e-3b47-4d8e-9a51-2f7c0e4b8d13",
  tenantName: "acme-corp.onmicrosoft.com",
  subscriptions: {
    prod: "9b2e6f14-7c3a-4e21-b8d5-0a6c3f1e9d72",
    staging: "3f8a1c5d-2e9b-4b70-a6f4-81d2c7e0b539",
    dev: "e4d7b2a1-6f3c-48e9-9c15-7b0a2d8f4e66",
  },
};

export const K8S_CLUSTERS = {
  prod: "prod-eks-use1",
  staging: "staging-eks-use1",
};

/** Source definitions in the order they are created; `id` is filled in by the generator. */
export const SOURCE_DEFS = [
  { ref: "aws-prod", key: `aws:${AWS_ACCOUNTS.prod.id}`, platform: "aws", name: "AWS acme-prod (418297345102)", environment: "PROD" },
  { ref: "aws-staging", key: `aws:${AWS_ACCOUNTS.staging.id}`, platform: "aws", name: "AWS acme-staging (736021948857)", environment: "STAGING" },
  { ref: "gcp-prod", key: `gcp:${GCP_PROJECTS.prod.id}`, platform: "gcp", name: "GCP analytics-prod-3381", environment: "PROD" },
  { ref: "gcp-dev", key: `gcp:${GCP_PROJECTS.dev.id}`, platform: "gcp", name: "GCP acme-dev-sandbox-1142", environment: "DEV" },
  { ref: "azure", key: `azure:${AZURE.tenantId}`, platform: "azure", name: "Microsoft Entra ID (acme-corp.onmicrosoft.com)", environment: "UNKNOWN" },
  { ref: "k8s-prod", key: `k8s:${K8S_CLUSTERS.prod}`, platform: "k8s", name: "EKS prod-eks-use1", environment: "PROD" },
  { ref: "k8s-staging", key: `k8s:${K8S_CLUSTERS.staging}`, platform: "k8s", name: "EKS staging-eks-use1", environment: "STAGING" },
  { ref: "github", key: `github:${COMPANY.githubOrg}`, platform: "github", name: "GitHub organization acme", environment: "UNKNOWN" },
  { ref: "cyberark", key: "cyberark:PROD-SVC", platform: "cyberark", name: "CyberArk Privilege Cloud (safe PROD-SVC)", environment: "PROD" },
  { ref: "manual", key: "manual", platform: "manual", name: "Manual register (SaaS integrations)", environment: "UNKNOWN" },
] as const;

export type SourceRef = (typeof SOURCE_DEFS)[number]["ref"];

export const FIRST_NAMES = [
  "Aisha", "Alejandro", "Amara", "Ana", "Andrei", "Anika", "Arjun", "Ben", "Bianca", "Carlos", "Chen", "Chloe",
  "Daniel", "Dara", "David", "Deepa", "Diego", "Elena", "Elif", "Emeka", "Emily", "Erik", "Fatima", "Felix",
  "Gabriel", "Grace", "Hana", "Hannah", "Hiro", "Ibrahim", "Ines", "Isaac", "Ivan", "Jade", "James", "Javier",
  "Jin", "Joao", "Jonas", "Julia", "Kai", "Karim", "Katarzyna", "Kenji", "Kwame", "Lars", "Laura", "Leila",
  "Liam", "Lucia", "Luis", "Maya", "Mei", "Michael", "Mohammed", "Nadia", "Naomi", "Nikhil", "Nina", "Noah",
  "Olga", "Omar", "Oscar", "Pablo", "Paul", "Priya", "Rachel", "Rafael", "Rahul", "Raj", "Rebecca", "Rohan",
  "Rosa", "Ryan", "Sakura", "Samuel", "Sara", "Sean", "Sofia", "Stefan", "Sunil", "Tariq", "Thomas", "Tomasz",
  "Uchenna", "Valentina", "Vikram", "Wei", "Yara", "Yusuf", "Zainab", "Zoe", "Marcus", "Ingrid", "Mateo", "Leah",
  "Kofi", "Anya", "Theo", "Farah", "Lukas", "Siobhan", "Tyler", "Camille", "Dmitri", "Esther", "Hugo", "Mina",
];

export const LAST_NAMES = [
  "Abebe", "Adeyemi", "Agarwal", "Alvarez", "Andersen", "Bauer", "Becker", "Bianchi", "Brennan", "Brooks",
  "Campbell", "Castillo", "Chandra", "Chen", "Cohen", "Costa", "Dubois", "Dimitrov", "Edwards", "Eriksson",
  "Fernandes", "Fischer", "Fitzgerald", "Garcia", "Goldberg", "Gupta", "Haddad", "Hansen", "Hernandez", "Ito",
  "Iyer", "Jankowski", "Jensen", "Johnson", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "Lindqvist",
  "Lopez", "Mahmoud", "Martin", "Mehta", "Mensah", "Meyer", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak",
  "Nwosu", "O'Brien", "Okafor", "Oliveira", "Osei", "Park", "Patel", "Petrov", "Quinn", "Ramirez", "Rao",
  "Reyes", "Rossi", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Sokolov", "Suzuki", "Tanaka", "Thompson",
  "Torres", "Tran", "Varga", "Vasquez", "Wagner", "Walsh", "Wang", "Weber", "Williams", "Wong", "Yamamoto",
  "Yilmaz", "Zhang", "Zielinski", "Haugen", "Moretti", "Achterberg", "Banerjee", "Delgado", "Kovacs", "Lindgren",
];

/** The four demo logins (password `steward-demo`). Names are people, not roles, as in a real directory. */
export const DEMO_USERS = [
  { ref: "admin", email: "admin@steward.local", name: "Morgan Ellis", role: "ADMIN", team: "Platform" },
  { ref: "ciso", email: "ciso@steward.local", name: "Dana Whitfield", role: "SECURITY_VIEWER", team: "Security" },
  { ref: "auditor", email: "auditor@steward.local", name: "Elena Petrova", role: "AUDITOR", team: null },
  { ref: "owner", email: "owner@steward.local", name: "Sam Okafor", role: "OWNER", team: "Payments" },
] as const;

/** The slug of the team a service belongs to, for guessing the team of an orphan from its name. */
export const SERVICE_TEAM = new Map<string, string>(TEAMS.flatMap((t) => t.services.map((s) => [s, t.name] as const)));

/** Scopes a human delegates to an AI agent (OAuth-style), by agent flavour. */
export const AGENT_SCOPE_SETS: readonly (readonly string[])[] = [
  ["calendar.read", "tickets.write"],
  ["tickets.read", "tickets.write", "customers.read"],
  ["mail.send", "calendar.read", "contacts.read"],
  ["repo.read", "pull_requests.write"],
  ["drive.read", "docs.write"],
  ["crm.read", "mail.send"],
  ["incidents.read", "incidents.write", "chat.write"],
  ["invoices.read", "payments.read"],
  ["jira.read", "jira.write", "confluence.read"],
];
