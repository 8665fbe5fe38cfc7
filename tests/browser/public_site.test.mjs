// The public site in a real browser: the demo site's home page, a click on
// the first story's headline, and the article page as a reader sees it
// (headline, date line, a lead image that actually loaded), plus a screenshot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  isPng,
  launchBrowser,
  screenshot,
  sourceDir,
  startServer,
  tempDir,
  withEvidence,
} from './lib.mjs';

let site;
let browser;

before(async () => {
  site = await startServer({
    args: ['--demo', '--config', path.join(sourceDir, 'config', 'site.toml')],
    env: { KHABAR_NOW: '2026-11-28T12:00:00+05:00' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

test('a reader opens the first story from the home page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The pages work under their own Content-Security-Policy: the browser
  // reports nothing it had to block.
  const blocked = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  await withEvidence(page, site, 'public-site', async () => {
    const res = await page.goto(`${site.url}/`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'/);

    // The first story headline on the page (the lead story on the demo site).
    const link = page.locator('main .card-headline a').first();
    const headline = (await link.innerText()).trim();
    assert.ok(headline.length > 0, 'the first headline has text');
    const href = await link.getAttribute('href');
    assert.match(href, /^\/news\/\d+\//);

    await Promise.all([page.waitForURL(`**${href}`), link.click()]);
    await page.waitForLoadState('load');

    // The article page: one <h1> with the clicked text, the date line, and a
    // figure whose image the browser really decoded.
    const h1 = page.locator('main h1');
    assert.equal(await h1.count(), 1);
    assert.equal((await h1.innerText()).trim(), headline);
    const date = page.locator('.date-gregorian');
    assert.equal(await date.count(), 1);
    assert.ok((await date.innerText()).trim().length > 0, 'the date line has text');
    const img = page.locator('main figure img').first();
    await img.waitFor();
    const width = await img.evaluate(async (el) => {
      if (!el.complete) await new Promise((r) => el.addEventListener('load', r, { once: true }));
      return el.naturalWidth;
    });
    assert.ok(width > 0, `the lead image loaded (naturalWidth ${width})`);

    // A screenshot a person can look at.
    const file = await screenshot(page, 'article');
    const png = await readFile(file);
    assert.ok(isPng(png), 'the screenshot is a PNG');
    assert.ok(png.length > 1000, `the screenshot is not empty (${png.length} bytes)`);
    if (!process.env.KHABAR_BROWSER_ARTIFACTS) await rm(file);
    assert.deepEqual(blocked, [], 'the browser blocked part of the page');
  });
  await context.close();
});

test("an ad slot's own inline script runs under the policy; a script it did not list does not", async () => {
  // The demo settings plus a sidebar slot whose inline script the policy
  // allows by its hash, and a script from an origin no slot lists.
  const dir = await tempDir('khabar-browser-ads-');
  const config = path.join(dir, 'site.toml');
  const demo = await readFile(path.join(sourceDir, 'config', 'site.toml'), 'utf8');
  await writeFile(
    config,
    demo +
      '\n[[ads.slot]]\nname = "sidebar"\n' +
      "html = '<div id=\"side-ad\"></div><script>window.sideAd = 1;</script>" +
      "<script src=\"https://unlisted.ads.example/tag.js\"></script>'\n",
  );
  const ads = await startServer({
    args: ['--demo', '--config', config],
    env: { KHABAR_NOW: '2026-11-28T12:00:00+05:00' },
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  try {
    await withEvidence(page, ads, 'ad-slot-csp', async () => {
      const res = await page.goto(`${ads.url}/`);
      assert.equal(res.status(), 200);
      assert.equal(await page.locator('#side-ad').count(), 1, 'the slot is on the page');
      assert.equal(await page.evaluate(() => window.sideAd), 1, "the slot's script ran");
      await page.waitForTimeout(200);
      assert.ok(
        violations.some((v) => v.includes('unlisted.ads.example')),
        `the unlisted script was not blocked: ${JSON.stringify(violations)}`,
      );
    });
  } finally {
    await context.close();
    await ads.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
