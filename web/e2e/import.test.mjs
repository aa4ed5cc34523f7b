// The CSV import page: a small file of parties is imported as a background job whose progress
// reaches done, and the parties appear in the customer list; a file with a bad row shows that
// row's error and imports nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeSuite, launchBrowser, shot, signedInPage, startServer } from './harness.mjs';

let server;
let browser;
// No demo data: the imported parties are the only ones, so the list shows exactly them.
before(async () => {
  server = await startServer({ demo: false });
  browser = await launchBrowser();
});
after(() => closeSuite(server, browser));

async function chooseCsv(page, name, text) {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('three parties are imported with progress and appear in the customer list', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  // The lead list links to the page with leads chosen.
  await page.goto(`${server.url}/leads`);
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  await page.getByRole('heading', { name: 'Import from CSV' }).waitFor();
  assert.equal(await page.getByLabel('What to import').inputValue(), 'leads');
  await page.getByLabel('What to import').selectOption('parties');
  await chooseCsv(page, 'parties.csv',
    'name,email,roles\nImportia Alpha Ltd,alpha@importia.example,customer\n' +
    'Importia Beta Ltd,beta@importia.example,customer\nImportia Gamma Ltd,,prospect\n');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByTestId('import-result').getByText('3 records imported.').waitFor();
  const bar = page.locator('progress');
  assert.equal(await bar.getAttribute('value'), '3');
  assert.equal(await bar.getAttribute('max'), '3');
  await page.getByText('Finished').waitFor();
  await shot(page, 'import-done');
  await page.getByRole('link', { name: 'Open the list' }).click();
  await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
  await page.goto(`${server.url}/customers?q=Importia`);
  for (const name of ['Importia Alpha Ltd', 'Importia Beta Ltd', 'Importia Gamma Ltd']) {
    await page.getByRole('link', { name }).or(page.getByText(name)).first().waitFor();
  }
});

test('a file with a bad row shows the row error and imports nothing', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  // The customer list links to the page.
  await page.goto(`${server.url}/customers`);
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  await page.getByRole('heading', { name: 'Import from CSV', level: 1 }).waitFor();
  await chooseCsv(page, 'bad.csv', 'name,email\nRowgood Co,good@rowgood.example\nRowbad Co,not-an-email\n');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('Nothing was imported: 1 of 2 rows have errors.').waitFor();
  const errors = page.getByTestId('import-errors');
  const row = errors.locator('tbody tr');
  assert.equal(await row.count(), 1);
  const cells = await row.first().locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 3), ['2', '3', 'email']);
  await shot(page, 'import-errors');
  const res = await page.evaluate(async () => (await fetch('/api/v1/parties?q=Rowgood')).json());
  assert.equal(res.items.length, 0, 'the good row was not written either');
});
