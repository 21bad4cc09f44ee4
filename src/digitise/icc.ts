/**
 * A small but complete ICC v2 sRGB display profile, generated rather than shipped: no npm
 * package here carries one, and the PDF/A output intent needs a real profile. Matrix/TRC
 * form: D50-adapted sRGB primaries (Bradford) and the sRGB tone curve as a 1024-entry table.
 */
const D50 = [0.9642, 1.0, 0.8249];
const PRIMARIES = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
};
export const SRGB_DESCRIPTION = 'sRGB IEC61966-2.1';

class Writer {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void { this.parts.push(b); this.length += b.length; }
  align(): void { if (this.length % 4) this.push(Buffer.alloc(4 - (this.length % 4))); }
  bytes(): Buffer { return Buffer.concat(this.parts); }
}

function s15f16(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeInt32BE(Math.round(v * 65536), i * 4));
  return b;
}

function xyzTag(xyz: number[]): Buffer {
  return Buffer.concat([Buffer.from('XYZ \0\0\0\0', 'latin1'), s15f16(xyz)]);
}

function srgbCurve(): Buffer {
  const n = 1024;
  const b = Buffer.alloc(12 + n * 2);
  b.write('curv', 0, 'latin1');
  b.writeUInt32BE(n, 8);
  for (let i = 0; i < n; i++) {
    const v = i / (n - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    b.writeUInt16BE(Math.round(linear * 65535), 12 + i * 2);
  }
  return b;
}

function descTag(text: string): Buffer {
  const ascii = Buffer.from(`${text}\0`, 'latin1');
  const head = Buffer.alloc(12);
  head.write('desc', 0, 'latin1');
  head.writeUInt32BE(ascii.length, 8);
  // Unicode (lang + count) and ScriptCode (code + count + 67 bytes) parts, all empty.
  return Buffer.concat([head, ascii, Buffer.alloc(8 + 2 + 1 + 67)]);
}

function textTag(text: string): Buffer {
  return Buffer.concat([Buffer.from('text\0\0\0\0', 'latin1'), Buffer.from(`${text}\0`, 'latin1')]);
}

function header(size: number): Buffer {
  const h = Buffer.alloc(128);
  h.writeUInt32BE(size, 0);
  h.writeUInt32BE(0x02100000, 8); // version 2.1
  h.write('mntrRGB XYZ ', 12, 'latin1');
  [2024, 1, 1, 0, 0, 0].forEach((v, i) => h.writeUInt16BE(v, 24 + i * 2));
  h.write('acsp', 36, 'latin1');
  s15f16(D50).copy(h, 68);
  return h;
}

let cached: Uint8Array | undefined;

export function srgbProfile(): Uint8Array {
  if (cached) return cached;
  const curve = srgbCurve();
  const tags: Array<[string, Buffer]> = [
    ['desc', descTag(SRGB_DESCRIPTION)],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(D50)],
    ['rXYZ', xyzTag(PRIMARIES.rXYZ)],
    ['gXYZ', xyzTag(PRIMARIES.gXYZ)],
    ['bXYZ', xyzTag(PRIMARIES.bXYZ)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const tableSize = 4 + tags.length * 12;
  const data = new Writer();
  const entries: Array<[string, number, number]> = [];
  const offsets = new Map<Buffer, number>();
  for (const [sig, body] of tags) {
    let offset = offsets.get(body);
    if (offset === undefined) {
      data.align();
      offset = 128 + tableSize + data.length;
      offsets.set(body, offset);
      data.push(body);
    }
    entries.push([sig, offset, body.length]);
  }
  data.align();
  const table = Buffer.alloc(tableSize);
  table.writeUInt32BE(tags.length, 0);
  entries.forEach(([sig, offset, size], i) => {
    table.write(sig, 4 + i * 12, 'latin1');
    table.writeUInt32BE(offset, 8 + i * 12);
    table.writeUInt32BE(size, 12 + i * 12);
  });
  const body = data.bytes();
  cached = new Uint8Array(Buffer.concat([header(128 + tableSize + body.length), table, body]));
  return cached;
}
