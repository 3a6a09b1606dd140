import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  icon: "overview" | "inventory" | "findings" | "imports" | "rotation" | "api" | "exceptions" | "audit" | "settings" | "campaigns" | "reviews" | "remediation" | "webhooks" | "users" | "jobs" | "outbox" | "teams";
  permission: Permission;
  /** Items of the "admin" group are listed under a "Configuration" heading, after the daily work. */
  group?: "admin";
}

// Only pages that exist; each is shown to the roles that may open it.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Dashboard", icon: "overview", permission: "identity:read" },
  { href: "/inventory", label: "Inventory", icon: "inventory", permission: "identity:read" },
  { href: "/reviews", label: "Reviews", icon: "reviews", permission: "review:decide" },
  { href: "/campaigns", label: "Campaigns", icon: "campaigns", permission: "campaign:read" },
  { href: "/remediation", label: "Remediation", icon: "remediation", permission: "remediation:read" },
  { href: "/findings", label: "Findings", icon: "findings", permission: "finding:read" },
  { href: "/exceptions", label: "Exceptions", icon: "exceptions", permission: "exception:read" },
  { href: "/imports", label: "Imports", icon: "imports", permission: "import:run" },
  { href: "/settings/rotation-policies", label: "Rotation policies", icon: "rotation", permission: "dashboard:read" },
  { href: "/audit", label: "Audit log", icon: "audit", permission: "audit:read" },
  { href: "/settings/users", label: "Users", icon: "users", permission: "user:manage", group: "admin" },
  { href: "/admin/teams", label: "Teams", icon: "teams", permission: "user:manage", group: "admin" },
  { href: "/settings/webhooks", label: "Webhooks", icon: "webhooks", permission: "webhook:manage", group: "admin" },
  { href: "/admin/jobs", label: "Jobs", icon: "jobs", permission: "settings:manage", group: "admin" },
  { href: "/admin/outbox", label: "Outbox", icon: "outbox", permission: "settings:manage", group: "admin" },
  { href: "/settings", label: "Settings", icon: "settings", permission: "token:manage-own", group: "admin" },
  { href: "/api-docs", label: "API reference", icon: "api", permission: "identity:read", group: "admin" },
];
