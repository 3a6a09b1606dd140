import { stringify } from "csv-stringify/sync";
import { logger } from "../log";

// Spreadsheet apps execute cells starting with these characters as formulas (CSV injection): prefix a quote.
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * A CSV byte stream pulled one batch at a time from `batches` (never built in memory); every cell goes through
 * safeCell. `onDone(rows)` runs after the last batch, before the stream ends (the exports audit there).
 */
export function csvStream<T>(opts: {
  header: readonly string[];
  batches: AsyncGenerator<T[]>;
  toRow: (row: T) => Array<string | number | null | undefined>;
  onDone?: (rows: number) => Promise<void>;
  label: string;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([opts.header as string[]])));
    },
    async pull(controller) {
      try {
        const { value, done } = await opts.batches.next();
        if (done) {
          // Audit first, then end the stream: a client that has the whole file can rely on the record existing.
          await opts.onDone?.(rows);
          controller.close();
          return;
        }
        rows += value.length;
        controller.enqueue(encoder.encode(stringify(value.map((r) => opts.toRow(r).map((v) => safeCell(v == null ? "" : String(v)))))));
      } catch (err) {
        logger.error(`${opts.label} export failed`, { err });
        controller.error(err);
      }
    },
    async cancel() {
      await opts.batches.return(undefined);
    },
  });
}

/** The response headers of a CSV download named `<name>-<date>.csv`. */
export function csvHeaders(name: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
    "Cache-Control": "no-store",
  };
}
