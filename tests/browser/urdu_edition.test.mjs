// The Urdu edition in a real browser: the demo site's Urdu home page, a
// click on its first story, and the article page as a reader sees it:
// right to left, in Noto Nastaliq Urdu (checked through document.fonts:
// the face is really loaded from /static/fonts), laid out mirrored. A
// screenshot of the page is saved for a person to look at
// (KHABAR_BROWSER_ARTIFACTS, which ctest sets to the build's
// tests/browser-artifacts). Then the newsroom's editor, whose text fields
// follow the edition chosen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addUser,
  isPng,
  launchBrowser,
  screenshot,
  sourceDir,
  startServer,
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

// mastheadSide says where the site's name sits across the page: the
// fraction of the viewport's width left of its centre.
async function mastheadSide(page) {
  return page.evaluate(() => {
    const r = document.querySelector('header .site-name').getBoundingClientRect();
    return (r.left + r.right) / 2 / window.innerWidth;
  });
}

test('a reader opens an Urdu story: right to left, in Nastaliq', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const blocked = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
  });
  await withEvidence(page, site, 'urdu-article', async () => {
    const res = await page.goto(`${site.url}/urdu/`);
    assert.equal(res.status(), 200);
    const link = page.locator('main .card-headline a').first();
    const headline = (await link.innerText()).trim();
    const href = await link.getAttribute('href');
    assert.match(href, /^\/urdu\/news\/\d+\//);
    await Promise.all([page.waitForURL(/\/urdu\/news\/\d+\//), link.click()]);
    await page.waitForLoadState('load');
    assert.equal((await page.locator('main h1').innerText()).trim(), headline);

    // The document is Urdu, right to left, and its text lays out so.
    const html = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      h1: getComputedStyle(document.querySelector('main h1')).direction,
      p: getComputedStyle(document.querySelector('main article p')).direction,
    }));
    assert.deepEqual(html, { lang: 'ur', dir: 'rtl', h1: 'rtl', p: 'rtl' });

    // The Nastaliq face is loaded (not merely declared) and is what the
    // headline and the body ask for first.
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].map((f) => ({ family: f.family, status: f.status }));
      return {
        faces,
        h1: getComputedStyle(document.querySelector('main h1')).fontFamily,
        p: getComputedStyle(document.querySelector('main article p')).fontFamily,
        check: document.fonts.check('16px "Noto Nastaliq Urdu"', 'خبر'),
      };
    });
    const nastaliq = fonts.faces.filter((f) => /Noto Nastaliq Urdu/.test(f.family));
    assert.ok(nastaliq.length > 0, `no Nastaliq @font-face: ${JSON.stringify(fonts.faces)}`);
    assert.ok(
      nastaliq.some((f) => f.status === 'loaded'),
      `the Nastaliq face did not load: ${JSON.stringify(nastaliq)}`,
    );
    assert.ok(fonts.check, 'document.fonts.check says Nastaliq is not ready');
    assert.match(fonts.p, /^"?Noto Nastaliq Urdu"?/);
    assert.match(fonts.h1, /Noto Nastaliq Urdu/);

    // Mirrored: the masthead's name sits right of centre here, left of it
    // on the English edition's page.
    const urduSide = await mastheadSide(page);
    assert.ok(urduSide > 0.5, `Urdu masthead centre at ${urduSide} of the width`);

    // The translation link goes to the English story, which is left to right.
    const english = page.locator('a[hreflang="en"]');
    assert.equal(await english.count(), 1, 'the page links its English version');

    const file = await screenshot(page, 'urdu-article');
    const png = await readFile(file);
    assert.ok(isPng(png), 'the screenshot is a PNG');
    assert.ok(png.length > 1000, `the screenshot is not empty (${png.length} bytes)`);
    console.log(`screenshot of the Urdu article page: ${file}`);

    await Promise.all([page.waitForURL(/\/news\/\d+\//), english.click()]);
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    const englishSide = await mastheadSide(page);
    assert.ok(englishSide < 0.5, `English masthead centre at ${englishSide} of the width`);
    assert.deepEqual(blocked, [], 'the browser blocked part of the page');
  });
  await context.close();
});

test("the editor's fields and preview follow the story's edition", async () => {
  await addUser(site, 'urdu-editor', 'editor', 'urdu-editor-password');
  const context = await browser.newContext();
  const page = await context.newPage();
  await withEvidence(page, site, 'urdu-editor', async () => {
    await page.goto(`${site.url}/admin/login`);
    const form = page.locator('form#login-form');
    await form.locator('input[name=login]').fill('urdu-editor');
    await form.locator('input[name=password]').fill('urdu-editor-password');
    await Promise.all([
      page.waitForURL(`${site.url}/admin`),
      form.locator('button[type=submit]').click(),
    ]);
    await page.goto(`${site.url}/admin/stories/new`);
    const dirs = () =>
      page.evaluate(() =>
        ['headline', 'body', 'tags', 'preview'].map((id) => document.getElementById(id).dir),
      );
    assert.deepEqual(await dirs(), ['ltr', 'ltr', 'ltr', 'ltr']);
    await page.selectOption('#edition', 'ur');
    assert.deepEqual(await dirs(), ['rtl', 'rtl', 'rtl', 'rtl']);
    // The Markdown preview renders right to left.
    await page.fill('#body', '## ذیلی سرخی\n\nپہلا پیراگراف، 2024 میں۔');
    await page.locator('#preview h2').waitFor();
    const previewDir = await page.evaluate(
      () => getComputedStyle(document.querySelector('#preview p')).direction,
    );
    assert.equal(previewDir, 'rtl');
    await page.selectOption('#edition', '');
    assert.deepEqual(await dirs(), ['ltr', 'ltr', 'ltr', 'ltr']);
  });
  await context.close();
});
