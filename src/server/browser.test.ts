import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ScenicApp } from './app.js';
import { createUser } from './auth.js';

/**
 * The web editor in real Chromium (Debian's /usr/bin/chromium), against a real server on 127.0.0.1 with the
 * real model: upload, pick a suggested prompt, choose a variation, move the subject, download, open a
 * Try-it link on a phone-sized screen. Screenshots go to test-artifacts/web/ — look at them.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = path.join(ROOT, 'test-artifacts/web');
const PHOTO = path.join(ROOT, 'examples/astronaut.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let dir: string;
let scenic: ScenicApp;
let base: string;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scenic-web-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  // Build the page from the current source, so the test never runs against a stale dist/.
  const webRoot = path.join(dir, 'web');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: webRoot, emptyOutDir: true } });
  scenic = await buildApp({ dataDir: path.join(dir, 'data'), webRoot });
  base = await scenic.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await scenic?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Fails the test on console errors, page errors and any request that leaves this server (no CDN). */
function watch(page: Page): void {
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && problems.push(`outside request: ${r.url()}`));
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

describe.skipIf(!existsSync(CHROMIUM))('web editor in Chromium', () => {
  it('makes a story from the example photo, moves the subject, downloads it and opens a Try-it link', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    watch(page);
    await page.goto(base);
    await expect.poll(() => page.locator('#chips .chip').count()).toBeGreaterThan(3);
    await shot(page, '01-empty');
    // Every control has a name a screen reader can say.
    const unnamed = await page.locator('input, select, button, a').evaluateAll((els: any[]) =>
      els.filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.textContent.trim() || e.type === 'radio')).map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.className)).toBe('skip');
    await page.evaluate(() => (globalThis as any).document.activeElement.blur());

    // Upload: the cut-out appears over the checkerboard.
    await page.setInputFiles('#file', PHOTO);
    await page.waitForSelector('#stage.has-photo', { timeout: 60_000 });
    await expect.poll(() => page.locator('#subject-img').evaluate((img: any) => img.naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#photo-info').textContent()).toMatch(/subjects? found/);
    await shot(page, '02-cutout');

    // Move the subject: drag on the preview, then a key press; the sliders follow.
    const box = (await page.locator('#stage').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.7);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height * 0.7 - 30, { steps: 5 });
    await page.mouse.up();
    await page.locator('#stage').focus();
    await page.keyboard.press('+');
    expect(Number(await page.inputValue('#move-x'))).toBeGreaterThan(5);
    expect(Number(await page.inputValue('#move-y'))).toBeLessThan(-3);
    expect(Number(await page.inputValue('#move-s'))).toBeGreaterThan(100);
    expect(await page.locator('#layer').getAttribute('style')).toContain('translate(');
    await shot(page, '03-moved');

    // Pick a suggested prompt: two variations arrive with progress shown on the way.
    const chip = page.locator('#chips .chip').first();
    const prompt = (await chip.getAttribute('data-prompt'))!;
    await chip.click();
    await expect.poll(() => page.locator('#variations .variation').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => page.locator('#understood').textContent()).toContain('Understood as');
    expect(await page.locator('#ai-badge').isVisible()).toBe(true);
    expect(await page.locator('#label-text').textContent()).toContain('AI-edited');
    expect(await page.inputValue('#prompt')).toBe(prompt);

    // Choose the second one, then "another one" adds a third.
    await page.locator('#variations .variation').nth(1).click();
    await expect.poll(() => page.locator('#variations input').nth(1).isChecked()).toBe(true);
    await expect.poll(() => page.locator('#result-img').evaluate((img: any) => img.complete)).toBe(true);
    await shot(page, '04-chosen');
    await page.click('#another');
    await expect.poll(() => page.locator('#variations .variation').count(), { timeout: 60_000 }).toBe(3);

    // Move the subject on the finished story: it is re-rendered with the same seed at the new place.
    const before = await page.getAttribute('#result-img', 'src');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.getAttribute('#result-img', 'src'), { timeout: 60_000 }).not.toBe(before);
    await expect.poll(() => page.locator('#stage').getAttribute('class')).not.toContain('adjusting');
    await expect.poll(() => page.locator('#result-img').evaluate((img: any) => img.complete)).toBe(true);
    expect(await page.locator('#variations .variation').count()).toBe(3);
    await shot(page, '04b-moved-story');

    // Download the chosen story: a 1080×1920 JPEG.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = path.join(ARTIFACTS, 'story-download.jpg');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^scenic-story-\d+\.jpg$/);
    expect(await sharp(file).metadata()).toMatchObject({ width: 1080, height: 1920, format: 'jpeg' });

    // Copy a Try-it link, then open it on a phone-sized screen.
    await page.click('#share');
    await expect.poll(() => page.inputValue('#share-url')).toMatch(/\/try\/shr_[\w-]+$/);
    const link = await page.inputValue('#share-url');
    await shot(page, '05-shared');

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const mobile = await phone.newPage();
    watch(mobile);
    await mobile.goto(link);
    await expect.poll(() => mobile.locator('#shared').textContent()).toContain(prompt);
    expect(await mobile.inputValue('#prompt')).toBe(prompt);
    await mobile.screenshot({ path: path.join(ARTIFACTS, '06-try-phone.png') });
    await mobile.setInputFiles('#file', PHOTO);
    await expect.poll(() => mobile.locator('#variations .variation').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => mobile.locator('#result-img').evaluate((img: any) => img.complete)).toBe(true);
    await mobile.screenshot({ path: path.join(ARTIFACTS, '07-phone-result.png'), fullPage: true });
    await phone.close();
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('asks for an API key when the server has keys, then works with it', async () => {
    const keyed = await buildApp({ dataDir: path.join(dir, 'keyed'), editor: scenic.context.editor, auth: 'api-keys', webRoot: path.join(dir, 'web') });
    const { key } = createUser(keyed.context.db, 'tester');
    const keyedBase = await keyed.app.listen({ host: '127.0.0.1', port: 0 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(keyedBase);
      await page.waitForSelector('#key-form:not([hidden])');
      await page.fill('#api-key', key);
      await page.click('#key-form button');
      await expect.poll(() => page.locator('#chips .chip').count()).toBeGreaterThan(3);
      expect(await page.textContent('#move-note')).toBe('');
      await page.setInputFiles('#file', PHOTO);
      await page.waitForSelector('#stage.has-photo', { timeout: 60_000 });
      await page.locator('#chips .chip').nth(1).click();
      await expect.poll(() => page.locator('#variations .variation').count(), { timeout: 60_000 }).toBe(2);
      // Images come through blob: URLs fetched with the key.
      await expect.poll(() => page.getAttribute('#result-img', 'src')).toMatch(/^blob:/);
      await expect.poll(() => page.getAttribute('#download', 'href')).toMatch(/^blob:/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toMatch(/^scenic-story-\d+\.jpg$/);
      await shot(page, '08-with-key');
    } finally {
      await context.close();
      await keyed.app.close();
    }
  }, 90_000);
});
