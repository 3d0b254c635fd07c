import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { TRAY_STATES } from '../../app/desktop/tray-state.js';
import { APP_ICON_SIZE, renderIcons, TRAY_ICON_SIZE } from '../../build/generate-icons.js';
import { crc32, encodePng } from '../../build/png-encoder.js';

interface DecodedPng {
  width: number;
  height: number;
  rgba: Buffer;
}

/** A strict reader for what encodePng writes: checks the signature, every CRC and the filters. */
function decodePng(png: Buffer): DecodedPng {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.equal(png.readUInt32BE(offset + 8 + length), crc32(png.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`);
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 6, 0, 0, 0], '8-bit RGBA, no interlace');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, (width * 4 + 1) * height);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 4 + 1)], 0, 'filter type 0');
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

const opaquePixels = (rgba: Buffer): number => {
  let n = 0;
  for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] ?? 0) > 200) n++;
  return n;
};

describe('generated icons', () => {
  it('the PNG encoder round-trips pixels (CRC-32 as in PNG)', () => {
    assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = decodePng(encodePng(2, 2, rgba));
    assert.deepEqual([png.width, png.height, [...png.rgba]], [2, 2, [...rgba]]);
    assert.throws(() => encodePng(2, 2, new Uint8Array(3)), /expected 16 RGBA bytes/);
  });

  it('an app icon and one tray icon per tray state (plus @2x), all distinct', () => {
    const icons = renderIcons();
    const expected = ['app.png', ...TRAY_STATES.flatMap((s) => [`tray-${s}.png`, `tray-${s}@2x.png`])];
    assert.deepEqual([...icons.keys()].sort(), expected.sort());
    const app = decodePng(icons.get('app.png') ?? Buffer.alloc(0));
    assert.deepEqual([app.width, app.height], [APP_ICON_SIZE, APP_ICON_SIZE]);
    assert.ok(opaquePixels(app.rgba) > APP_ICON_SIZE * APP_ICON_SIZE * 0.6);
    const trays = TRAY_STATES.map((state) => {
      const base = decodePng(icons.get(`tray-${state}.png`) ?? Buffer.alloc(0));
      const hi = decodePng(icons.get(`tray-${state}@2x.png`) ?? Buffer.alloc(0));
      assert.deepEqual([base.width, hi.width], [TRAY_ICON_SIZE, TRAY_ICON_SIZE * 2], state);
      assert.ok(opaquePixels(base.rgba) > 40, `${state} draws something`);
      assert.equal(base.rgba[3], 0, `${state}: transparent corner`);
      return base.rgba.toString('base64');
    });
    assert.equal(new Set(trays).size, TRAY_STATES.length);
  });

  it('npm run build wrote them to dist/icons/', async () => {
    const icons = renderIcons();
    for (const [name, bytes] of icons) assert.ok((await readFile(new URL(`../../icons/${name}`, import.meta.url))).equals(bytes), name);
  });
});
