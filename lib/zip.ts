// A streaming ZIP writer (deflate, data descriptors), so an evidence pack of 100,000 items is never held in memory.
// Each entry's content is an async iterable of chunks; sizes and CRC-32 follow the data (general-purpose flag bit 3).
// Classic ZIP limits apply (entries and archive under 4 GiB, fewer than 65,535 entries): plenty for evidence packs.
import zlib from "node:zlib";

export interface ZipEntry {
  name: string;
  content: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}

const encoder = new TextEncoder();
const u8 = (c: string | Uint8Array) => (typeof c === "string" ? encoder.encode(c) : c);

function header(size: number, write: (v: DataView) => void): Uint8Array {
  const buf = new Uint8Array(size);
  write(new DataView(buf.buffer));
  return buf;
}

/** MS-DOS date and time of `d` (local fields of UTC: archives carry no zone). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/** Deflates a stream of chunks, yielding compressed chunks as they come (bounded memory). */
async function* deflate(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const z = zlib.createDeflateRaw({ level: 6 });
  const out: Uint8Array[] = [];
  z.on("data", (c: Buffer) => out.push(new Uint8Array(c)));
  const write = (c: Uint8Array) => new Promise<void>((resolve, reject) => z.write(c, (err) => (err ? reject(err) : resolve())));
  for await (const c of chunks) {
    await write(c);
    while (out.length) yield out.shift()!;
  }
  // 'end' (not the end() callback) comes after the last compressed bytes were emitted.
  await new Promise<void>((resolve, reject) => {
    z.once("end", resolve);
    z.once("error", reject);
    z.end();
  });
  while (out.length) yield out.shift()!;
}

export async function* zipStream(entries: ZipEntry[], now = new Date()): AsyncGenerator<Uint8Array> {
  const { time, date } = dosTime(now);
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    // Bit 3: sizes and CRC in a data descriptor after the data; bit 11: UTF-8 names.
    const flags = 0x0008 | 0x0800;
    const local = header(30 + name.length, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, flags, true);
      v.setUint16(8, 8, true);
      v.setUint16(10, time, true);
      v.setUint16(12, date, true);
      v.setUint16(26, name.length, true);
    });
    local.set(name, 30);
    yield local;
    let crc = 0;
    let size = 0;
    let compressed = 0;
    async function* raw() {
      for await (const c of entry.content) {
        const b = u8(c);
        crc = zlib.crc32(b, crc);
        size += b.length;
        yield b;
      }
    }
    for await (const c of deflate(raw())) {
      compressed += c.length;
      yield c;
    }
    yield header(16, (v) => {
      v.setUint32(0, 0x08074b50, true);
      v.setUint32(4, crc >>> 0, true);
      v.setUint32(8, compressed, true);
      v.setUint32(12, size, true);
    });
    const cd = header(46 + name.length, (v) => {
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true);
      v.setUint16(6, 20, true);
      v.setUint16(8, flags, true);
      v.setUint16(10, 8, true);
      v.setUint16(12, time, true);
      v.setUint16(14, date, true);
      v.setUint32(16, crc >>> 0, true);
      v.setUint32(20, compressed, true);
      v.setUint32(24, size, true);
      v.setUint16(28, name.length, true);
      v.setUint32(42, offset, true);
    });
    cd.set(name, 46);
    central.push(cd);
    offset += local.length + compressed + 16;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  for (const c of central) yield c;
  yield header(22, (v) => {
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, central.length, true);
    v.setUint16(10, central.length, true);
    v.setUint32(12, cdSize, true);
    v.setUint32(16, offset, true);
  });
}

/** The zip as a web stream for a Response; pulling drives the generator, so the client's pace sets the memory. */
export function zipResponseStream(entries: ZipEntry[]): ReadableStream<Uint8Array> {
  const it = zipStream(entries);
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        console.error("zip stream failed", err);
        controller.error(err);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
