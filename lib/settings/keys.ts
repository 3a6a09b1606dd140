// Setting keys, shared by the web app and the CLI.
export const DEMO_SETTING_KEY = "demo-estate";
