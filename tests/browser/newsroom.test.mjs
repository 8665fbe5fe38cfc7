// The newsroom in a real browser, end to end: a reporter writes a story with
// a lead image and submits it for review; an editor finds it on the
// dashboard and publishes it; a reader finds it on the public home page.
// Accounts are made with the CLI (`khabar user add`, password on stdin).
//
// The server runs on the real clock (no KHABAR_NOW): session cookies carry
// an expiry computed from the server's clock, and a fixed clock in the past
// would make the browser drop them at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addUser,
  launchBrowser,
  screenshot,
  seedDir,
  sourceDir,
  startServer,
  withEvidence,
} from './lib.mjs';

const suffix = Date.now().toString(36);
const story = {
  headline: `Harbour ferries return to Karachi after storm ${suffix}`,
  standfirst: 'Services resumed at dawn after three days of closures along the coast.',
  section: 'World',
  tags: 'Karachi, Ferries',
  bodyText: 'The first ferry left the East Wharf at six in the morning',
  caption: 'A ferry leaves the East Wharf on the first morning after the storm.',
  credit: 'Khabar Daily',
  alt: 'A ferry leaving a wharf under a grey sky',
};
story.body = `${story.bodyText}, carrying commuters and traders.

## Timetable

Operators said the **full timetable** would be back by Friday.
`;

const reporter = { login: 'rita', password: 'rita-correct-horse-1', role: 'reporter' };
const editor = { login: 'eddie', password: 'eddie-battery-staple-2', role: 'editor' };

let site;
let browser;
let imageFile;

before(async () => {
  site = await startServer({
    args: ['--demo', '--config', path.join(sourceDir, 'config', 'site.toml')],
  });
  for (const u of [reporter, editor]) await addUser(site, u.login, u.role, u.password);
  // The lead image the reporter uploads: a real JPEG (1200x675) from the seed.
  imageFile = path.join(site.dir, 'harbour-ferry.jpg');
  await copyFile(path.join(seedDir, 'lead.jpg'), imageFile);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

// newPerson gives one person their own browser context (own cookies) and a
// page that accepts "leave page?" prompts and records script errors.
async function newPerson() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('dialog', (dialog) => dialog.accept());
  return { context, page, errors };
}

// submitAndWait clicks a submit button and waits for the page it leads to.
async function submitAndWait(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

async function logIn(page, user) {
  const res = await page.goto(`${site.url}/admin/login`);
  assert.equal(res.status(), 200, 'GET /admin/login');
  const form = page.locator('form#login-form');
  await form.locator('input[name=login]').fill(user.login);
  await form.locator('input[name=password]').fill(user.password);
  await submitAndWait(page, form.locator('button[type=submit]'));
  assert.equal(new URL(page.url()).pathname, '/admin', `${user.login} lands on the dashboard`);
  assert.equal(await page.locator('body.admin').count(), 1);
}

async function logOut(page) {
  await submitAndWait(page, page.locator('form#logout-form [type=submit]'));
  assert.notEqual(new URL(page.url()).pathname, '/admin', 'logged out');
}

function statusButton(page, to) {
  return page.locator(`form#status-form button[name=to][value=${to}]`);
}

async function storyStatus(page) {
  return (await page.locator('#story-status').innerText()).trim().toLowerCase();
}

// fillField fills an input or textarea, or picks an option of a select.
async function fillField(page, selector, value) {
  const field = page.locator(selector);
  const tag = await field.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await field.selectOption({ label: value });
  else await field.fill(value);
}

test('reporter writes and submits, editor publishes, reader reads', async () => {
  let storyPath;

  // --- The reporter -------------------------------------------------------
  const rita = await newPerson();
  await withEvidence(rita.page, site, 'newsroom-reporter', async () => {
    const page = rita.page;
    await logIn(page, reporter);

    // The header's navigation.
    for (const href of ['/admin', '/admin/stories', '/admin/stories/new', '/admin/media']) {
      assert.equal(await page.locator(`header a[href="${href}"]`).count() > 0, true, `nav ${href}`);
    }

    await page.goto(`${site.url}/admin/stories/new`);
    const form = page.locator('form#story-form');
    assert.equal(await form.count(), 1);
    await page.locator('#headline').fill(story.headline);
    await page.locator('#standfirst').fill(story.standfirst);
    await fillField(page, '#section', story.section);
    await page.locator('#tags').fill(story.tags);
    await page.locator('#body').fill(story.body);

    // admin.js renders the Markdown into the preview as the reporter types.
    await page.waitForFunction(
      () => document.querySelector('#preview h2')?.textContent.includes('Timetable'),
      null,
      { timeout: 10000 },
    );
    assert.match(await page.locator('#preview strong').first().innerText(), /full timetable/);

    await page.locator('#image_upload').setInputFiles(imageFile);
    await page.locator('#image_caption').fill(story.caption);
    await page.locator('#image_credit').fill(story.credit);
    await page.locator('#image_alt').fill(story.alt);

    await submitAndWait(page, page.locator('button#save'));
    const match = new URL(page.url()).pathname.match(/^\/admin\/stories\/(\d+)$/);
    assert.ok(match, `saving leads to the story's page, not ${page.url()}`);
    storyPath = match[0];
    assert.match(await page.locator('p.flash').innerText(), /Saved/);
    assert.equal(await page.locator('#headline').inputValue(), story.headline);
    assert.match(await storyStatus(page), /draft/);

    // A reporter may submit but never publish.
    assert.equal(await statusButton(page, 'published').count(), 0, 'no Publish for a reporter');
    const submit = statusButton(page, 'submitted');
    assert.match(await submit.innerText(), /Submit for review/);
    await submitAndWait(page, submit);
    assert.equal(new URL(page.url()).pathname, storyPath);
    assert.match(await storyStatus(page), /submitted|review/);
    assert.equal(await statusButton(page, 'published').count(), 0, 'still no Publish');

    await logOut(page);
    assert.deepEqual(rita.errors, [], 'no script errors on the reporter pages');
  });
  await rita.context.close();

  // --- The editor ---------------------------------------------------------
  const eddie = await newPerson();
  await withEvidence(eddie.page, site, 'newsroom-editor', async () => {
    const page = eddie.page;
    await logIn(page, editor);
    const link = page.locator('section#awaiting-review a.story-link', { hasText: story.headline });
    assert.equal(await link.count(), 1, 'the story is awaiting review');
    assert.equal(await link.getAttribute('href'), storyPath);
    await submitAndWait(page, link);
    assert.equal(new URL(page.url()).pathname, storyPath);
    assert.match(await storyStatus(page), /submitted|review/);

    const publish = statusButton(page, 'published');
    assert.equal(await publish.count(), 1, 'an editor may publish');
    assert.match(await publish.innerText(), /Publish/);
    await submitAndWait(page, publish);
    assert.match(await storyStatus(page), /published/);
    await logOut(page);
    assert.deepEqual(eddie.errors, [], 'no script errors on the editor pages');
  });
  await eddie.context.close();

  // --- A reader -----------------------------------------------------------
  const reader = await newPerson();
  await withEvidence(reader.page, site, 'newsroom-reader', async () => {
    const page = reader.page;
    const res = await page.goto(`${site.url}/`);
    assert.equal(res.status(), 200);
    const link = page.locator('main .card-headline a', { hasText: story.headline }).first();
    assert.equal(await link.count(), 1, 'the story is on the home page');
    await submitAndWait(page, link);

    assert.equal((await page.locator('main h1').innerText()).trim(), story.headline);
    assert.match(await page.locator('main').innerText(), new RegExp(escapeRe(story.standfirst)));
    const body = await page.locator('main .story-body').innerText();
    assert.match(body, new RegExp(escapeRe(story.bodyText)));
    assert.match(body, /Timetable/);
    assert.match(await page.locator('main figure figcaption').innerText(), /first morning/);
    const img = page.locator('main figure img').first();
    assert.equal(await img.getAttribute('alt'), story.alt);
    const width = await img.evaluate(async (el) => {
      if (!el.complete) await new Promise((r) => el.addEventListener('load', r, { once: true }));
      return el.naturalWidth;
    });
    assert.ok(width > 0, `the uploaded image loaded (naturalWidth ${width})`);
    if (process.env.KHABAR_BROWSER_ARTIFACTS) await screenshot(page, 'newsroom-article');
  });
  await reader.context.close();
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
