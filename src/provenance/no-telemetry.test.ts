import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * scenic sends nothing anywhere on its own: the only outbound requests go to a background backend the user
 * chose (its API host), or from the web page to scenic's own server. These checks keep it that way.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(SRC, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.(ts|js|mjs|html)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

// Namespaces (never fetched), loopback, and the APIs of remote background backends a user opts into.
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', 'local', 'cv.iptc.org', 'iptc.org', 'www.w3.org', 'purl.org', 'ns.adobe.com', 'api.openai.com', 'api.stability.ai', 'api.replicate.com']);
const TELEMETRY_PACKAGE = /(google-analytics|gtag|@segment|analytics|mixpanel|amplitude|posthog|sentry|datadog|dd-trace|newrelic|bugsnag|rollbar|plausible|matomo|telemetry|hotjar|fullstory|applicationinsights|opentelemetry)/i;
// An import or require of such a package, or a well-known tracking script.
const TELEMETRY_USE = new RegExp(`(from\\s+|import\\(|require\\()['"](?!\\.)[^'"]*${TELEMETRY_PACKAGE.source}[^'"]*['"]|googletagmanager|gtag\\(`, 'i');

describe('no telemetry', () => {
  const files = sources(SRC);

  it('names no host other than namespaces, loopback and opt-in backend APIs', () => {
    const offenders: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/https?:\/\/([a-zA-Z0-9.-]+)/g)) {
        // Single-label and example hosts ("http://gpu:8188", "api.example.com") are placeholders in help texts.
        const placeholder = !m[1].includes('.') || /(^|\.)(example\.(com|org|net)|example|local|internal|invalid|test)$/.test(m[1]);
        if (!ALLOWED_HOSTS.has(m[1]) && !placeholder) offenders.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no analytics or crash-reporting SDK, in code or dependencies', () => {
    const offenders = files.filter((f) => TELEMETRY_USE.test(readFileSync(f, 'utf8'))).map((f) => path.relative(ROOT, f));
    expect(offenders).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    expect(deps.filter((d) => TELEMETRY_PACKAGE.test(d))).toEqual([]);
  });

  it('makes outbound requests only from remote backends, the web page (to its own server) and benches', () => {
    const callers = files
      .filter((f) => /\bfetch\(|https?\.request\(|https?\.get\(|net\.connect\(|new WebSocket\(/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'));
    expect(callers.filter((f) => !/^(backends\/remote|web|bench|server)\//.test(f))).toEqual([]);
  });
});
