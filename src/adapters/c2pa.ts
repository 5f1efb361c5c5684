import { Builder, LocalSigner, Reader, createTrustSettings, createVerifySettings, mergeSettings, settingsToJson } from '@contentauth/c2pa-node';
import { ScenicError } from '../errors.js';
import { buildManifest, type ManifestInput } from '../provenance/c2pa-manifest.js';
import type { SigningCredentials } from './dev-certificates.js';
import type { OutputFormat } from './codec.js';

/**
 * C2PA content credentials with @contentauth/c2pa-node 0.8.0: sign an encoded export, read a file's manifest.
 * Signing must be the last write: any later metadata change breaks the data hash.
 */

export const MIME_TYPES: Record<OutputFormat, ManifestInput['format']> = { jpeg: 'image/jpeg', webp: 'image/webp', png: 'image/png' };

// Nothing is fetched from the network (no OCSP, no remote manifests) and no thumbnail of anything is embedded.
const OFFLINE = { ocspFetch: false, remoteManifestFetch: false };
const SIGN_SETTINGS = settingsToJson(mergeSettings(createVerifySettings({ ...OFFLINE, verifyAfterSign: false }), { builder: { thumbnail: { enabled: false } } }));

export interface SignInput extends Omit<ManifestInput, 'format'> {
  format: OutputFormat;
}

/** One signer per set of credentials: parsing the key and chain costs about as much as signing a story. */
const signers = new WeakMap<SigningCredentials, ReturnType<typeof LocalSigner.newSigner>>();

/**
 * Signs an encoded image (XMP already written) with a manifest built by `buildManifest`.
 * @example const signed = signExport(jpegBytes, { format: 'jpeg', digitalSourceType: 'compositeSynthetic', ... }, await resolveSigningCredentials());
 */
export async function signExport(data: Buffer, input: SignInput, credentials: SigningCredentials): Promise<Buffer> {
  const mimeType = MIME_TYPES[input.format];
  const { manifest, ingredients } = buildManifest({ ...input, format: mimeType });
  try {
    const builder = Builder.withJson(manifest as never, SIGN_SETTINGS);
    for (const ingredient of ingredients) await builder.addIngredient(JSON.stringify(ingredient));
    let signer = signers.get(credentials);
    if (!signer) signers.set(credentials, (signer = LocalSigner.newSigner(Buffer.from(credentials.certPem), Buffer.from(credentials.keyPem), 'es256')));
    const output: { buffer: Buffer | null } = { buffer: null };
    builder.sign(signer, { buffer: data, mimeType }, output);
    if (!output.buffer) throw new Error('the signer returned no bytes');
    return output.buffer;
  } catch (error) {
    if (error instanceof ScenicError) throw error;
    throw new ScenicError('C2PA_SIGN_FAILED', `Expected to sign the ${input.format.toUpperCase()} export with the ${credentials.kind} certificate but c2pa failed (${String((error as Error).message ?? error).split('\n')[0]})`, { cause: error });
  }
}

export interface C2paReport {
  present: boolean;
  /** The manifest's signature and hashes check out (c2pa "Valid" or "Trusted"). */
  valid: boolean;
  /** The signing chain leads to a trust anchor given (c2pa "Trusted"). */
  trusted: boolean;
  /** c2pa's own state: "Invalid", "Valid" or "Trusted"; null when there is no manifest. */
  state: string | null;
  signer: { issuer?: string; commonName?: string } | null;
  claimGenerator: string | null;
  actions: Array<{ action: string; digitalSourceType?: string; softwareAgent?: string }>;
  ingredients: Array<{ title?: string; relationship?: string; instanceId?: string; format?: string }>;
  /** Validation failures (codes), empty when valid. Untrusted-signer notes are not failures. */
  failures: string[];
}

/**
 * Reads and validates a file's C2PA manifest. `trustAnchorsPem` (one or more PEM certificates) makes a chain
 * that ends there "Trusted". Never fetches anything.
 */
export async function readC2pa(data: Buffer, mimeType: string, trustAnchorsPem?: string): Promise<C2paReport> {
  const settings = settingsToJson(
    trustAnchorsPem
      ? mergeSettings(createVerifySettings(OFFLINE), createTrustSettings({ verifyTrustList: true, trustAnchors: trustAnchorsPem }))
      : createVerifySettings(OFFLINE),
  );
  let reader: Reader | null;
  try {
    reader = await Reader.fromAsset({ buffer: data, mimeType }, settings);
  } catch (error) {
    const message = String((error as Error).message ?? error);
    // No JUMBF box at all is "no manifest", not a broken one.
    if (/jumbf|not found|no manifest|ManifestNotFound/i.test(message)) return empty();
    return { ...empty(), present: true, state: 'Invalid', failures: [message.split('\n')[0]] };
  }
  if (!reader) return empty();
  const store = reader.json() as unknown as {
    validation_state?: string;
    validation_status?: Array<{ code: string }>;
    validation_results?: { activeManifest?: { failure?: Array<{ code: string }> } };
  };
  const active = reader.getActive() as unknown as {
    claim_generator_info?: Array<{ name?: string; version?: string }>;
    signature_info?: { issuer?: string; common_name?: string };
    ingredients?: Array<{ title?: string; relationship?: string; instance_id?: string; format?: string }>;
    assertions?: Array<{ label: string; data: { actions?: Array<{ action: string; digitalSourceType?: string; softwareAgent?: string | { name?: string; version?: string } }> } }>;
  } | undefined;
  const state = store.validation_state ?? null;
  const failures = [...(store.validation_results?.activeManifest?.failure ?? []), ...(store.validation_status ?? [])]
    .map((f) => f.code)
    .filter((code) => !/untrusted/.test(code));
  const actions = (active?.assertions ?? [])
    .filter((a) => a.label.startsWith('c2pa.actions'))
    .flatMap((a) => a.data.actions ?? [])
    .map((a) => ({
      action: a.action,
      ...(a.digitalSourceType ? { digitalSourceType: a.digitalSourceType } : {}),
      ...(a.softwareAgent ? { softwareAgent: typeof a.softwareAgent === 'string' ? a.softwareAgent : [a.softwareAgent.name, a.softwareAgent.version].filter(Boolean).join(' ') } : {}),
    }));
  const generator = active?.claim_generator_info?.[0];
  return {
    present: true,
    valid: state === 'Valid' || state === 'Trusted',
    trusted: state === 'Trusted',
    state,
    signer: active?.signature_info ? { issuer: active.signature_info.issuer, commonName: active.signature_info.common_name } : null,
    claimGenerator: generator ? [generator.name, generator.version].filter(Boolean).join(' ') : null,
    actions,
    ingredients: (active?.ingredients ?? []).map((i) => ({ title: i.title, relationship: i.relationship, instanceId: i.instance_id, format: i.format })),
    failures: [...new Set(failures)],
  };
}

function empty(): C2paReport {
  return { present: false, valid: false, trusted: false, state: null, signer: null, claimGenerator: null, actions: [], ingredients: [], failures: [] };
}
