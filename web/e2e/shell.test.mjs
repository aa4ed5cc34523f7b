// The shell: login, dashboard, language switch to Chinese, a customer with a duplicate warning.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeSuite, openSuite, shot, signedInPage } from './harness.mjs';

let server;
let browser;
before(async () => ({ server, browser } = await openSuite()));
after(() => closeSuite(server, browser));

test('a wrong password is refused with a message, the right one opens the dashboard', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await page.getByLabel('Login', { exact: true }).fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong login or password' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await page.getByText('Sales this month').waitFor();
  await page.locator('canvas').first().waitFor();
  await shot(page, 'dashboard');
  await context.close();
});

test('switching to Chinese translates the navigation and the page', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.getByTestId('lang').selectOption('zh');
  await page.getByRole('heading', { level: 1, name: '仪表板' }).waitFor();
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: '客户', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '客户' }).waitFor();
  await page.getByRole('columnheader', { name: '生命周期' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hans');
  await shot(page, 'customers-zh');
  // The choice is remembered by the browser.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '客户' }).waitFor();
  await page.getByTestId('lang').selectOption('en');
  await page.context().close();
});

test('creating a customer warns about a likely duplicate before saving', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.getByRole('navigation').getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('button', { name: 'New customer' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Acme Shanghai Trading');
  // The e-mail of a demo customer: the server names it as a likely duplicate while typing.
  await page.getByLabel('E-mail', { exact: true }).fill('purchase@acme-sh.cn');
  const warning = page.getByTestId('duplicates');
  await warning.waitFor();
  assert.match(await warning.innerText(), /上海阿克米贸易有限公司/);
  await shot(page, 'customer-duplicate-warning');
  // Saving anyway is refused by the server until the user says it is a different customer.
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').first().waitFor();
  await page.getByLabel('It is a different customer; save it anyway').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { level: 1, name: 'Acme Shanghai Trading' }).waitFor();
  await shot(page, 'customer-360');
  await page.context().close();
});

test('the customer 360° page shows orders, invoices and receivables of a demo customer', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.goto(server.url + '/customers/1');
  await page.getByRole('heading', { level: 1, name: '上海阿克米贸易有限公司' }).waitFor();
  await page.getByTestId('revenue').waitFor();
  await page.getByRole('table', { name: 'Sales orders' }).getByRole('link').first().waitFor();
  await page.getByTestId('invoices').getByRole('link').first().waitFor();
  await page.getByText('Open receivable').waitFor();
  await shot(page, 'customer-360-demo');
  await page.context().close();
});
