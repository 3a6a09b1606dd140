// Test helper: reads fixture files written from the field lists and edge cases of FORMATS.md.
import fs from "node:fs";
import path from "node:path";
import { parseImport, toImportFile } from "../index";
import type { ImportFile, NormalizedIdentity, ParseOptions } from "../types";

export const FIXTURE_DIR = path.dirname(new URL(import.meta.url).pathname);
export const TEMPLATE_DIR = path.resolve(FIXTURE_DIR, "../../../public/templates");

export function fixture(name: string): ImportFile {
  const file = name.includes("/") ? name : path.join(FIXTURE_DIR, name);
  return toImportFile({ fileName: path.basename(file), buffer: fs.readFileSync(file) });
}

export const NOW = new Date("2024-12-01T00:00:00Z");

export function parseFixtures(format: string, names: string[], options: ParseOptions = {}) {
  return parseImport(format, names.map(fixture), { now: NOW, ...options }).result;
}

export function byId(identities: NormalizedIdentity[], externalId: string): NormalizedIdentity {
  const found = identities.find((i) => i.externalId === externalId);
  if (!found) throw new Error(`no identity ${externalId} in ${identities.map((i) => i.externalId).join(", ")}`);
  return found;
}
