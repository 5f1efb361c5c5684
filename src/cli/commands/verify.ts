import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEV_CERT_FILES, scenicDataDir } from '../../adapters/dev-certificates.js';
import { ScenicError } from '../../errors.js';
import { verifyImage, type VerifyReport } from '../../provenance/verify.js';
import { createReporter } from '../io.js';

interface VerifyFlags {
  json?: boolean;
  trust?: string;
  devTrust: boolean;
}

/**
 * `scenic verify <file> [--json] [--trust ca.pem]`: the C2PA manifest (present, valid, trusted, actions,
 * ingredients), the XMP label and the invisible watermark. The development CA in the data folder is used as a
 * trust anchor automatically when it exists (turn that off with --no-dev-trust).
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check an image's content credentials (C2PA), its XMP AI label and scenic's invisible watermark")
    .argument('<file>', 'the image (JPEG, PNG, WebP, …)')
    .option('--trust <ca.pem>', 'a PEM file of trust anchors: a C2PA chain ending there is reported as Trusted')
    .option('--no-dev-trust', "do not trust scenic's DEV-ONLY development CA from the data folder")
    .option('--json', 'print a machine-readable report on stdout')
    .action(async (file: string, flags: VerifyFlags) => {
      const report = createReporter(Boolean(flags.json));
      const bytes = await readInput(file);
      const anchors: string[] = [];
      if (flags.trust) anchors.push(await readInput(flags.trust, '--trust').then((b) => b.toString('utf8')));
      const devCa = path.join(scenicDataDir(), 'c2pa', DEV_CERT_FILES.caCert);
      if (flags.devTrust && existsSync(devCa)) anchors.push(await readFile(devCa, 'utf8'));
      const result = await verifyImage(bytes, { trustAnchorsPem: anchors.length ? anchors.join('\n') : undefined });
      if (report.json) report.result(result);
      else process.stdout.write(formatReport(file, result));
    });
}

async function readInput(file: string, name = '<file>'): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ScenicError('FILE_NOT_FOUND', `Expected an existing file for ${name} but received ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { cause: error });
  }
}

function formatReport(file: string, r: VerifyReport): string {
  const c = r.c2pa;
  const c2paLine = !c.present ? 'none' : `${c.trusted ? 'Trusted' : c.valid ? 'Valid (signer not trusted)' : 'INVALID'}${c.signer?.commonName ? `, signed by "${c.signer.commonName}"` : ''}`;
  const lines = [
    `${file}: ${r.format.toUpperCase()} ${r.width}×${r.height}`,
    `  labelled as AI-edited: ${r.labelledAiEdited ? 'yes' : 'no'}`,
    `  C2PA:      ${c2paLine}`,
  ];
  if (c.present) {
    for (const a of c.actions) lines.push(`             ${a.action}${a.digitalSourceType ? ` (${a.digitalSourceType.split('/').pop()})` : ''}${a.softwareAgent ? ` by ${a.softwareAgent}` : ''}`);
    for (const i of c.ingredients) lines.push(`             ingredient ${i.relationship ?? '?'}: ${i.title ?? ''} ${i.instanceId ?? ''}`.trimEnd());
    if (c.failures.length) lines.push(`             failures: ${c.failures.join(', ')}`);
  }
  lines.push(`  XMP:       ${r.xmp.digitalSourceType ? r.xmp.digitalSourceType.split('/').pop() : r.xmp.present ? 'no digital source type' : 'none'}${r.xmp.aiSystem ? `, ${r.xmp.aiSystem}` : ''}`);
  if (r.xmp.prompt) lines.push(`             prompt: ${r.xmp.prompt}`);
  const w = r.watermark;
  lines.push(`  watermark: ${w.found ? `found, payload ${w.payload}, confidence ${w.confidence.toFixed(6)} (false-positive rate ${w.falsePositiveRate.toExponential(1)})` : 'not found'}`);
  return `${lines.join('\n')}\n`;
}
