/**
 * Times C2PA signing of a 1080×1920 story in each output format (the README's numbers):
 *   npm run build && node dist/eval/c2pa-sign-bench.js [photo] [runs]
 * Uses (and on first use creates) the DEV-ONLY chain in the data folder. Prints the first run and the median.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { signExport } from '../adapters/c2pa.js';
import { sha256Hex } from '../adapters/sha256.js';
import { encodeImage, type OutputFormat } from '../adapters/codec.js';
import { resolveSigningCredentials } from '../adapters/dev-certificates.js';
import { buildXmp } from '../provenance/xmp.js';

async function run(): Promise<void> {
  const photo = process.argv[2] ?? new URL('../../examples/chelsea.png', import.meta.url).pathname;
  const runs = Number(process.argv[3] ?? 15);
  const raw = await sharp(await readFile(photo)).resize(1080, 1920, { fit: 'cover' }).ensureAlpha().raw().toBuffer();
  const image = { data: new Uint8Array(raw.buffer, raw.byteOffset, raw.length), width: 1080, height: 1920 };
  const credentials = await resolveSigningCredentials();
  const xmp = buildXmp({ digitalSourceType: 'compositeSynthetic', softwareAgent: 'scenic bench', softwareVersion: '0', backgroundBy: 'procedural', prompt: 'bench' });
  process.stdout.write(`C2PA signing, 1080×1920, ${credentials.kind} certificate, ${runs} runs\nformat  bytes      added   first ms  median ms\n`);
  for (const format of ['jpeg', 'webp', 'png'] as OutputFormat[]) {
    const encoded = await encodeImage(image, { format, quality: 90, xmp });
    const times: number[] = [];
    let signed = encoded;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      signed = await signExport(encoded, { format, digitalSourceType: 'compositeSynthetic', softwareName: 'scenic', softwareVersion: '0', backgroundBy: 'procedural', photoSha256: sha256Hex(encoded), backgroundSha256: sha256Hex(image.data) }, credentials);
      times.push(performance.now() - t);
    }
    const first = times[0];
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    process.stdout.write(`${format.padEnd(8)}${String(encoded.length).padEnd(11)}${String(signed.length - encoded.length).padEnd(8)}${first.toFixed(1).padStart(8)}${median.toFixed(1).padStart(11)}\n`);
  }
}

await run();
