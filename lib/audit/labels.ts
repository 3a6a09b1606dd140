// Readable names for audit actions; an action not listed shows as its code.
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.signin.success": "Signed in",
  "auth.signin.failure": "Sign-in failed",
  "auth.signin.locked": "Sign-in refused (account locked)",
  "auth.signin.throttled": "Sign-in refused (too many failures from this address)",
  "user.create": "User created",
  "user.update": "User changed",
  "identity.update": "NHI edited",
  "import.run": "Import",
  "inventory.export": "Inventory exported",
  "rules.run": "Risk rules run",
  "token.create": "API token created",
  "token.use": "API token used",
  "token.revoke": "API token revoked",
  "audit.export": "Audit log exported",
  "demo.seed": "Demo estate seeded",
  "remediation.verified": "Remediation task verified done",
  "webhook.create": "Webhook endpoint added",
  "webhook.update": "Webhook endpoint changed",
  "webhook.delete": "Webhook endpoint deleted",
  "webhook.rotate-secret": "Webhook secret rotated",
  "webhook.test": "Webhook test event sent",
  "webhook.redeliver": "Webhook delivery repeated",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
