import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScenicError } from '../errors.js';

const run = promisify(execFile);

/** A C2PA signing identity: the certificate chain (leaf first, then its CA) and the leaf's PKCS#8 key, as PEM. */
export interface SigningCredentials {
  certPem: string;
  keyPem: string;
  /** 'production' when configured by the operator, 'development' for the generated DEV-ONLY chain. */
  kind: 'production' | 'development';
  /** The CA that issued the development chain (a trust anchor for `scenic verify`). */
  caPem?: string;
}

/** Where the development chain lives, inside the data folder. */
export const DEV_CERT_FILES = {
  caCert: 'DEV-ONLY-c2pa-ca.pem',
  caKey: 'DEV-ONLY-c2pa-ca.key',
  chain: 'DEV-ONLY-c2pa-signer-chain.pem',
  key: 'DEV-ONLY-c2pa-signer.key',
  readme: 'DEV-ONLY-README.txt',
} as const;

/** scenic's data folder: `$SCENIC_DATA_DIR`, else `~/.scenic`. */
export function scenicDataDir(): string {
  return process.env.SCENIC_DATA_DIR || path.join(os.homedir(), '.scenic');
}

/**
 * Resolves the credentials to sign with. Explicit credentials win; then `SCENIC_C2PA_CERT` and `SCENIC_C2PA_KEY`
 * (PEM text or a path to a PEM file); then the development chain, generated on first use into
 * `<data folder>/c2pa/` with the openssl CLI. Fails with C2PA_CERT_MISSING when none is possible.
 *
 * @example const creds = await resolveSigningCredentials('dev'); // DEV-ONLY chain under ~/.scenic/c2pa
 */
export async function resolveSigningCredentials(choice: { certPem: string; keyPem: string } | 'dev' | 'auto' = 'auto', dataDir = scenicDataDir()): Promise<SigningCredentials> {
  if (typeof choice === 'object') return { certPem: choice.certPem, keyPem: choice.keyPem, kind: 'production' };
  const cert = process.env.SCENIC_C2PA_CERT;
  const key = process.env.SCENIC_C2PA_KEY;
  if (choice === 'auto' && (cert || key)) {
    if (!cert || !key) {
      throw new ScenicError('C2PA_CERT_MISSING', `Expected both SCENIC_C2PA_CERT and SCENIC_C2PA_KEY for the production C2PA certificate but received only ${cert ? 'SCENIC_C2PA_CERT' : 'SCENIC_C2PA_KEY'}`);
    }
    return { certPem: await pemFrom(cert, 'SCENIC_C2PA_CERT'), keyPem: await pemFrom(key, 'SCENIC_C2PA_KEY'), kind: 'production' };
  }
  return ensureDevCertificates(path.join(dataDir, 'c2pa'));
}

async function pemFrom(value: string, name: string): Promise<string> {
  if (value.includes('-----BEGIN')) return value;
  try {
    return await readFile(value, 'utf8');
  } catch (error) {
    throw new ScenicError('C2PA_CERT_MISSING', `Expected PEM text or a readable PEM file for ${name} but received ${JSON.stringify(value)}`, { cause: error });
  }
}

const inFlight = new Map<string, Promise<SigningCredentials>>();

/**
 * Returns the DEV-ONLY development chain in `dir`, generating it on first use: a P-256 CA (CA:TRUE, keyCertSign)
 * and a leaf (digitalSignature, EKU emailProtection) with a PKCS#8 key, valid 2 years. Safe when several
 * processes start at once: each generates into a temporary folder and the first rename wins.
 */
export async function ensureDevCertificates(dir: string): Promise<SigningCredentials> {
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = loadOrCreate(dir);
    inFlight.set(dir, pending);
    pending.catch(() => inFlight.delete(dir));
  }
  return pending;
}

async function loadOrCreate(dir: string): Promise<SigningCredentials> {
  const existing = await load(dir);
  if (existing) return existing;
  let tmp: string;
  try {
    await mkdir(path.dirname(dir), { recursive: true });
    tmp = await mkdtemp(path.join(path.dirname(dir), '.c2pa-dev-'));
  } catch (error) {
    throw new ScenicError('C2PA_CERT_MISSING', `Expected a writable data folder for the development C2PA chain (set SCENIC_DATA_DIR) but ${path.dirname(dir)} is not (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})`, { cause: error });
  }
  try {
    await generate(tmp);
    try {
      await rename(tmp, dir);
    } catch {
      // Another process won the race (or an older partial folder exists); use what is there.
    }
  } finally {
    if (existsSync(tmp)) await rm(tmp, { recursive: true, force: true });
  }
  const made = await load(dir);
  if (!made) throw new ScenicError('C2PA_CERT_MISSING', `Expected the development C2PA chain in ${dir} but it is incomplete; delete the folder to regenerate it`);
  return made;
}

async function load(dir: string): Promise<SigningCredentials | null> {
  try {
    const [certPem, keyPem, caPem] = await Promise.all([DEV_CERT_FILES.chain, DEV_CERT_FILES.key, DEV_CERT_FILES.caCert].map((f) => readFile(path.join(dir, f), 'utf8')));
    return { certPem, keyPem, caPem, kind: 'development' };
  } catch {
    return null;
  }
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 20_000 });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ScenicError(
      'C2PA_CERT_MISSING',
      missing
        ? 'Expected the openssl command (to make the development C2PA chain) or SCENIC_C2PA_CERT and SCENIC_C2PA_KEY but received neither'
        : `Expected openssl to make the development C2PA chain but it failed (${String((error as Error).message).split('\n')[0]})`,
      { cause: error },
    );
  }
}

async function generate(dir: string): Promise<void> {
  const f = DEV_CERT_FILES;
  const subject = (cn: string) => `/CN=${cn}/O=scenic development (not for production)`;
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f.caKey], dir);
  await openssl(['req', '-x509', '-new', '-key', f.caKey, '-sha256', '-days', '3650', '-subj', subject('scenic DEV-ONLY C2PA CA'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f.caCert], dir);
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f.key], dir);
  await openssl(['req', '-new', '-key', f.key, '-subj', subject('scenic DEV-ONLY C2PA signer'), '-out', 'signer.csr'], dir);
  await writeFile(path.join(dir, 'signer.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n');
  await openssl(['x509', '-req', '-in', 'signer.csr', '-CA', f.caCert, '-CAkey', f.caKey, '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '730', '-sha256', '-extfile', 'signer.ext', '-out', 'signer.pem'], dir);
  const [leaf, ca] = await Promise.all([readFile(path.join(dir, 'signer.pem'), 'utf8'), readFile(path.join(dir, f.caCert), 'utf8')]);
  await writeFile(path.join(dir, f.chain), leaf + ca);
  await Promise.all(['signer.csr', 'signer.ext', 'signer.pem'].map((n) => rm(path.join(dir, n), { force: true })));
  // Keys readable by their owner only, even for a development chain.
  await Promise.all([f.caKey, f.key].map((n) => chmod(path.join(dir, n), 0o600)));
  await writeFile(
    path.join(dir, f.readme),
    'DEVELOPMENT ONLY. scenic made this certificate chain on first use so that exports carry a valid C2PA\n' +
      'manifest out of the box. Nobody else trusts it: verifiers report "Valid" but not "Trusted" unless given\n' +
      `${f.caCert} as a trust anchor (scenic verify --trust ${f.caCert}).\n` +
      'For production set SCENIC_C2PA_CERT and SCENIC_C2PA_KEY to a certificate chain and PKCS#8 key from a CA\n' +
      'on the C2PA trust list. Delete this folder to make a new development chain.\n',
  );
}
