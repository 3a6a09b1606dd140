import { ValidationError } from "../errors";

const MAX_JSON_BYTES = 1024 * 1024;

/** The request's JSON body; malformed, missing or oversized bodies become a 400 with a clear message, never a 500. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) throw new ValidationError(`The JSON body is larger than ${MAX_JSON_BYTES / 1024} KB.`);
  if (!text.trim()) throw new ValidationError("Send a JSON body.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
}
