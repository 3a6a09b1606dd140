import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  icon: "overview" | "inventory" | "findings" | "imports" | "campaigns" | "reviews" | "remediation";
  permission: Permission;
}

// Only pages that exist; each is shown to the roles that may open it.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", icon: "overview", permission: "identity:read" },
  { href: "/inventory", label: "Inventory", icon: "inventory", permission: "identity:read" },
  { href: "/findings", label: "Findings", icon: "findings", permission: "finding:read" },
  { href: "/imports", label: "Imports", icon: "imports", permission: "import:run" },
  { href: "/campaigns", label: "Campaigns", icon: "campaigns", permission: "campaign:read" },
  { href: "/reviews", label: "Reviews", icon: "reviews", permission: "review:decide" },
  { href: "/remediation", label: "Remediation", icon: "remediation", permission: "remediation:read" },
];
