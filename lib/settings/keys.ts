// Setting keys, shared by the web app and the CLI.
export const DEMO_SETTING_KEY = "demo-estate";
/** Risk-exception policy: expiry caps and whether SECURITY_VIEWER may approve (lib/settings/exception-policy.ts). */
export const EXCEPTION_POLICY_SETTING_KEY = "exceptions.policy";
