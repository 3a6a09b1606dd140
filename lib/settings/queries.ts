import "server-only";
import { db } from "../db";

import { DEMO_SETTING_KEY } from "./keys";

/** True in a database built by `steward seed`: the login page then shows the demo sign-ins. */
export async function isDemoEstate(): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: DEMO_SETTING_KEY }, select: { key: true } });
  return Boolean(row);
}
