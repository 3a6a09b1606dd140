// Third-party products an estate integrates with. Integrations are where real estates keep their oldest,
// broadest and least-owned credentials, so they get their own table: names, the team that usually owns them,
// and what they touch on the SaaS side.

export type EntClass = "infra" | "data" | "deploy" | "idp" | "pay" | "plain";

export interface SaasGrant {
  permission: string;
  privilege: "ADMIN" | "WRITE" | "READ" | "UNKNOWN";
  cls: EntClass;
}

export interface Vendor {
  slug: string;
  label: string;
  team: string;
  /** SaaS-side tenant, used as the resource of the vendor's own grants. */
  tenant: string;
  grants: readonly SaasGrant[];
  /** Cloud-side shape: what the vendor's role/user is allowed to do in our accounts. */
  cloud: "readonly" | "data" | "admin" | "none";
}

const g = (permission: string, privilege: SaasGrant["privilege"], cls: EntClass): SaasGrant => ({ permission, privilege, cls });

export const VENDORS: readonly Vendor[] = [
  { slug: "datadog", label: "Datadog", team: "SRE", tenant: "datadog:acme-corp (us5)", cloud: "readonly",
    grants: [g("api_keys_write", "ADMIN", "plain"), g("metrics_write", "WRITE", "plain"), g("logs_read_data", "READ", "data")] },
  { slug: "snowflake", label: "Snowflake", team: "Data", tenant: "snowflake:acme_prod.us-east-1", cloud: "data",
    grants: [g("ROLE LOADER on RAW", "WRITE", "data"), g("ROLE ANALYST_RO on ANALYTICS", "READ", "data"), g("ROLE SYSADMIN", "ADMIN", "infra")] },
  { slug: "fivetran", label: "Fivetran", team: "Data", tenant: "fivetran:acme-corp", cloud: "data",
    grants: [g("connector:manage", "WRITE", "data"), g("destination:write", "WRITE", "data")] },
  { slug: "segment", label: "Segment", team: "Growth", tenant: "segment:acme-corp", cloud: "data",
    grants: [g("workspace:owner", "ADMIN", "data"), g("source:write", "WRITE", "data")] },
  { slug: "salesforce", label: "Salesforce", team: "Growth", tenant: "salesforce:acme-corp.my.salesforce.com", cloud: "none",
    grants: [g("api", "WRITE", "data"), g("Modify All Data", "ADMIN", "data"), g("refresh_token", "UNKNOWN", "plain")] },
  { slug: "zendesk", label: "Zendesk", team: "Support Engineering", tenant: "zendesk:acme-support", cloud: "none",
    grants: [g("tickets:write", "WRITE", "data"), g("users:read", "READ", "data"), g("admin", "ADMIN", "data")] },
  { slug: "slack", label: "Slack", team: "SRE", tenant: "slack:acme-corp (T02AC9XQ1)", cloud: "none",
    grants: [g("chat:write", "WRITE", "plain"), g("channels:history", "READ", "data"), g("users:read.email", "READ", "data")] },
  { slug: "pagerduty", label: "PagerDuty", team: "SRE", tenant: "pagerduty:acme-corp", cloud: "none",
    grants: [g("incidents.write", "WRITE", "plain"), g("services.read", "READ", "plain")] },
  { slug: "sendgrid", label: "SendGrid", team: "Growth", tenant: "sendgrid:acme-corp", cloud: "none",
    grants: [g("mail.send", "WRITE", "plain"), g("templates.read", "READ", "plain"), g("api_keys.create", "ADMIN", "plain")] },
  { slug: "twilio", label: "Twilio", team: "Identity", tenant: "twilio:AC3f9e2c7a41d8b5e6f0a9c1d2e3f4a5b6", cloud: "none",
    grants: [g("messaging:send", "WRITE", "plain"), g("verify:write", "WRITE", "idp")] },
  { slug: "stripe", label: "Stripe", team: "Payments", tenant: "stripe:acct_1MxQ7hLk3Zp9Rt2V", cloud: "none",
    grants: [g("payouts:write", "WRITE", "pay"), g("charges:read", "READ", "pay"), g("refunds:write", "WRITE", "pay"), g("customers:read", "READ", "pay")] },
  { slug: "adyen", label: "Adyen", team: "Payments", tenant: "adyen:AcmeCorpECOM", cloud: "none",
    grants: [g("Checkout webservice role", "WRITE", "pay"), g("Merchant PAL Webservice role", "WRITE", "pay"), g("Management API - Accounts read", "READ", "pay")] },
  { slug: "okta", label: "Okta", team: "Identity", tenant: "okta:acme-corp.okta.com", cloud: "none",
    grants: [g("okta.users.manage", "ADMIN", "idp"), g("okta.groups.read", "READ", "idp"), g("okta.apps.manage", "ADMIN", "idp")] },
  { slug: "wiz", label: "Wiz", team: "Security", tenant: "wiz:acme-corp", cloud: "readonly",
    grants: [g("read:all", "READ", "plain"), g("create:reports", "WRITE", "plain")] },
  { slug: "jira", label: "Jira", team: "Platform", tenant: "jira:acme-corp.atlassian.net", cloud: "none",
    grants: [g("write:jira-work", "WRITE", "plain"), g("read:jira-user", "READ", "plain"), g("manage:jira-configuration", "ADMIN", "plain")] },
  { slug: "netsuite", label: "NetSuite", team: "Finance Systems", tenant: "netsuite:4821937", cloud: "none",
    grants: [g("Integration role: GL Write", "WRITE", "pay"), g("Administrator", "ADMIN", "pay")] },
  { slug: "looker", label: "Looker", team: "Data", tenant: "looker:acme.cloud.looker.com", cloud: "data",
    grants: [g("see_lookml_dashboards", "READ", "data"), g("admin", "ADMIN", "data")] },
  { slug: "launchdarkly", label: "LaunchDarkly", team: "Growth", tenant: "launchdarkly:acme-corp", cloud: "none",
    grants: [g("writer", "WRITE", "deploy"), g("reader", "READ", "plain")] },
  { slug: "sentry", label: "Sentry", team: "SRE", tenant: "sentry:acme-corp", cloud: "none",
    grants: [g("project:write", "WRITE", "plain"), g("event:read", "READ", "data")] },
  { slug: "openai", label: "OpenAI", team: "Support Engineering", tenant: "openai:org-acme-corp", cloud: "none",
    grants: [g("model.request", "WRITE", "plain"), g("api.management.read", "READ", "plain"), g("files:write", "WRITE", "data")] },
  { slug: "circleci", label: "CircleCI", team: "Platform", tenant: "circleci:gh/acme", cloud: "admin",
    grants: [g("project:write", "WRITE", "deploy"), g("context:read", "READ", "data")] },
  { slug: "terraform-cloud", label: "Terraform Cloud", team: "Platform", tenant: "app.terraform.io/acme", cloud: "admin",
    grants: [g("workspace:apply", "ADMIN", "infra"), g("organization:manage-workspaces", "ADMIN", "infra")] },
  { slug: "cloudflare", label: "Cloudflare", team: "Platform", tenant: "cloudflare:acme-corp", cloud: "none",
    grants: [g("Zone.DNS:Edit", "WRITE", "infra"), g("Zone.Zone:Read", "READ", "plain"), g("Account.Workers Scripts:Edit", "WRITE", "deploy")] },
  { slug: "braze", label: "Braze", team: "Growth", tenant: "braze:acme-corp (US-05)", cloud: "none",
    grants: [g("users.track", "WRITE", "data"), g("campaigns.trigger.send", "WRITE", "plain"), g("users.export.ids", "READ", "data")] },
  { slug: "mixpanel", label: "Mixpanel", team: "Growth", tenant: "mixpanel:project 2847193", cloud: "data",
    grants: [g("service account: analyst", "READ", "data"), g("import", "WRITE", "data")] },
  { slug: "servicenow", label: "ServiceNow", team: "SRE", tenant: "servicenow:acmecorp.service-now.com", cloud: "none",
    grants: [g("itil", "WRITE", "plain"), g("rest_api_explorer", "READ", "plain"), g("admin", "ADMIN", "plain")] },
];

export const VENDOR_BY_SLUG = new Map(VENDORS.map((v) => [v.slug, v]));

/** Vendors that typically get a role or user inside a cloud account. */
export const CLOUD_VENDORS = VENDORS.filter((v) => v.cloud !== "none");
