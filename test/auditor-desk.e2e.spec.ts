// The auditor's desk (/audit/) in a real browser: Debian's Chromium driven by playwright-core.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePublicKeys, verifyExportAt } from '@uehub/audit-verify';
import { eventually } from '@uehub/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Checkpointer } from '../apps/audit/src/checkpoints/checkpointer.service';
import { AUDIT_DESK_CSP } from '../apps/gateway/src/http/audit-desk';
import { loadBrowserSettings, requireChromium } from './support/browser-settings';
import { apiClient, login, type Api } from './support/http-client';
import { createOnePerRole, PASSWORD, type Person } from './support/people';
import { startSystem, type RunningSystem } from './support/system';
import type { Role } from '@uehub/contracts';

const settings = loadBrowserSettings();

describe("the auditor's desk in Chromium", () => {
  let system: RunningSystem;
  let api: Api;
  let people: Record<Role, Person>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: requireChromium(settings.chromiumPath), headless: true, args: ['--no-sandbox'] });
    system = await startSystem('e2e_auditor_desk');
    api = apiClient(system.baseUrl);
    people = await createOnePerRole(api, await login(api, system.admin.email, system.admin.password), 'desk');
    page = await (await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 1400 } })).newPage();
    // a CSP violation or a script error shows up here
    page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('should serve the page, its module and the vendored Pico CSS under a strict content security policy', async () => {
    const html = await fetch(`${system.baseUrl}/audit/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toBe(AUDIT_DESK_CSP);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await html.text();
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    expect(text).not.toMatch(/https?:\/\//); // nothing from another origin
    const pico = await fetch(`${system.baseUrl}/audit/vendor/pico/pico.classless.min.css`);
    expect(pico.status).toBe(200);
    expect(await pico.text()).toContain('Pico CSS');
    const moved = await fetch(`${system.baseUrl}/audit`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/audit/');
  });

  it('should refuse a wrong password on the page with the API error', async () => {
    await page.goto(`${system.baseUrl}/audit/`);
    await page.getByLabel('Email').fill(people.auditor.user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: '401' }).waitFor();
    expect(await page.locator('#desk').isHidden()).toBe(true);
  });

  it('should sign in, follow a correlation id and show a record with its before/after and its place in the chain', async () => {
    const correlationId = 'desk-e2e-rename-1';
    const renamed = await api('PATCH', `/api/v1/users/${people.worker.user.id}`, {
      token: people.admin.token,
      headers: { 'x-request-id': correlationId },
      body: { name: 'Renamed Worker' },
    });
    expect(renamed.status).toBe(200);
    const record = await eventually(async () => {
      const found = await api('GET', `/api/v1/audit/events?correlationId=${correlationId}`, { token: people.auditor.token });
      return found.body.items.find((item) => item.type === 'auth.user.updated');
    }, 15_000, 'the rename in the audit log');
    const related = await api('GET', `/api/v1/audit/events?correlationId=${correlationId}`, { token: people.auditor.token });
    // (not waitForFunction: the page's CSP forbids the eval it polls with)
    const rowsShown = (count: number) => eventually(async () => (await page.locator('#results tbody tr').count()) === count || undefined, 5_000, `${count} row(s) shown`);

    pageErrors.length = 0; // the refused login above logged its 401
    await page.goto(`${system.baseUrl}/audit/`);
    await page.getByLabel('Email').fill(people.auditor.user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#desk').waitFor();
    expect(await page.evaluate('[location.href, sessionStorage.length, localStorage.length, document.cookie]')).toEqual([`${system.baseUrl}/audit/`, 0, 0, '']);

    await page.getByLabel('Correlation id').fill(correlationId);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row', { name: `Record ${record.chain.seq}: auth.user.updated` });
    await rowsShown(related.body.items.length);
    expect(await row.count()).toBe(1);

    // keyboard: focus the row and open it with Enter
    await row.focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: 'Record', exact: true });
    await detail.waitFor();
    const changes = await page.locator('#changes tbody tr').allTextContents();
    expect(changes).toEqual([`name"worker desk""Renamed Worker"`]);
    const chain = await page.locator('#record-chain dd').allTextContents();
    expect(chain).toEqual([String(record.chain.seq), record.chain.prevHash, record.chain.hash]);
    expect(chain[2]).toMatch(/^[0-9a-f]{64}$/);

    // a wider search, then following the record's correlation id narrows it to that request's records
    await page.getByLabel('Correlation id').fill('');
    await page.locator('#f-type').fill('auth');
    await page.getByRole('button', { name: 'Search' }).click();
    await eventually(async () => (await page.locator('#results tbody tr').count()) > related.body.items.length || undefined, 5_000, 'the wider search');
    await page.getByRole('button', { name: 'Follow this correlation id across services' }).click();
    await rowsShown(related.body.items.length);
    expect(await page.getByLabel('Correlation id').inputValue()).toBe(correlationId);
    expect(await page.locator('#f-type').inputValue()).toBe('');
    const seqs = await page.locator('#results tbody tr td:first-child').allTextContents();
    expect(seqs).toEqual(related.body.items.map((item) => String(item.chain.seq)));

    if (settings.saveScreenshot) await page.screenshot({ path: join(__dirname, '..', 'docs', 'auditor-desk.png'), fullPage: true });
    const shot = await page.screenshot();
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(pageErrors).toEqual([]);
  });

  it('should run the verification and show ok', async () => {
    await system.service('audit').get(Checkpointer).checkpointNow();
    await page.getByRole('button', { name: 'Run verification' }).click();
    const result = page.locator('#verify-result');
    await result.filter({ hasText: /^(ok|FAILED)/ }).waitFor();
    expect(await result.textContent()).toMatch(/^ok: \d+ record\(s\), [1-9]\d* checkpoint\(s\)/);
  });

  it('should download a signed export that verifies offline', async () => {
    await page.getByLabel('Records format').selectOption('csv');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download signed export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-export-[0-9a-f-]{36}\.tar$/);
    const path = await download.path();
    expect((await readFile(path)).length).toBeGreaterThan(1024);
    const keys = await api('GET', '/api/v1/audit/keys');
    expect(await verifyExportAt(path, parsePublicKeys(JSON.stringify(keys.body)))).toMatchObject({ ok: true });
    expect(pageErrors).toEqual([]);
  });
});
