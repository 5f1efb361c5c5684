import { readFileSync } from 'node:fs';

/** scenic's version, read once from package.json so the label and --version never disagree. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const SOFTWARE_AGENT = `scenic ${VERSION}`;
