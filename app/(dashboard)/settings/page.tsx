import { redirect } from "next/navigation";

// Settings has one section so far; the nav points here so later sections can join without moving links.
export default function SettingsPage() {
  redirect("/settings/tokens");
}
