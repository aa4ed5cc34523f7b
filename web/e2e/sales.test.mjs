// CRM, sales and warehouse pages: quote → order → delivery → invoice → payment through the UI,
// the pipeline board (drag and drop, a lost stage asking for its reason, live updates in a
// second browser), and a screenshot of every main page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeSuite, openSuite, shot, signedInPage } from './harness.mjs';

let server;
let browser;
before(async () => ({ server, browser } = await openSuite()));
after(() => closeSuite(server, browser));

const count = (page, column) => page.locator(`section.board-col[aria-label="${column}"] [data-testid="count"]`);

test('a quote becomes an order that is delivered, invoiced and paid', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.goto(server.url + '/quotes/new');
  await page.getByRole('heading', { name: 'New quote' }).waitFor();

  // The customer, searched as one types.
  await page.getByRole('combobox', { name: 'Customer' }).fill('华光');
  await page.getByRole('option', { name: '北京华光电子科技有限公司' }).click();
  await page.getByTestId('credit').getByText('北京华光电子科技有限公司').waitFor();

  // One line: the product searched by SKU, a quantity; the live price and its explanation.
  await page.getByLabel('Product of line 1').fill('TEA-BLC');
  await page.getByRole('option', { name: /Biluochun/ }).click();
  await page.getByLabel('Quantity of line 1').fill('3');
  const line = page.getByTestId('quote-line').first();
  await line.getByTestId('unit-price').filter({ hasText: '88.20' }).waitFor();
  await line.getByTestId('line-amount').filter({ hasText: '264.60' }).waitFor();
  await line.getByTestId('availability').waitFor();
  await line.getByText('How this price was made').click();
  await line.getByText(/promotion .*Tea of the month/).waitFor();
  await shot(page, 'sales-quote-editor');

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/quotes\/\d+$/);
  await page.getByRole('heading', { name: /^Quote QT-\d+/ }).waitFor();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.locator('.page-header .badge[data-state="sent"]').waitFor();
  await page.getByRole('button', { name: 'Accepted by customer' }).click();

  // Accepting creates the sales order and opens it.
  await page.waitForURL(/\/orders\/\d+$/);
  const orderUrl = page.url();
  await page.getByRole('heading', { name: /^Sales order SO-\d+/ }).waitFor();
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.locator('.page-header .badge[data-state="confirmed"]').waitFor();
  const delivery = page.getByTestId('deliveries').getByRole('link', { name: /^WH\/OUT\// });
  await delivery.waitFor();
  await shot(page, 'sales-order-confirmed');

  // The warehouse validates the delivery (all picked).
  await delivery.click();
  await page.getByRole('heading', { name: /^WH\/OUT\// }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Done quantity of TEA-BLC100' }).inputValue(), '3');
  await shot(page, 'stock-transfer');
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.locator('.page-header .badge[data-state="done"]').waitFor();

  // Back on the order: invoice what was delivered.
  await page.goto(orderUrl);
  await page.getByRole('button', { name: 'Create invoice' }).click();
  const invoice = page.getByTestId('order-invoices').getByRole('link', { name: /^INV-/ });
  await invoice.waitFor();
  await page.getByTestId('order-invoices').locator('.badge[data-state="posted"]').waitFor();

  // The payment, registered on the invoice page of the accounting area.
  await invoice.click();
  await page.waitForURL(/\/invoices\/\d+$/);
  await page.getByRole('button', { name: 'Register payment' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Register payment' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await page.goto(orderUrl);
  await page.getByTestId('order-invoices').locator('.badge[data-state="paid"]').waitFor();
  await page.getByTestId('order-invoices').getByRole('link', { name: /^PAY-/ }).waitFor();
  assert.match(await page.locator('.page-header').innerText(), /Delivered:\s*All[\s\S]*Invoiced:\s*All/);
  await shot(page, 'sales-order-paid');
  await page.context().close();
});

test('moving an opportunity on the pipeline board updates a second browser live', async () => {
  const a = await signedInPage(browser, server, 'admin', server.adminPassword);
  const b = await signedInPage(browser, server, 'alice', 'concord-demo-2026');
  // Wide enough for every stage: a drag that has to scroll the board is not a user's drag.
  await a.setViewportSize({ width: 1920, height: 900 });
  for (const p of [a, b]) {
    await p.goto(server.url + '/pipeline');
    await p.locator('p.live[data-live="on"]').waitFor();
  }
  const before = Number(await count(a, 'Qualification').innerText());
  const beforeNext = Number(await count(a, 'Needs analysis').innerText());
  assert.ok(before > 0, 'the demo pipeline has opportunities in its first stage');
  await shot(a, 'crm-pipeline');

  const card = a.locator('section.board-col[aria-label="Qualification"] li.board-card').first();
  await card.dragTo(a.locator('section.board-col[aria-label="Needs analysis"]'));
  for (const p of [a, b]) {
    await count(p, 'Qualification').filter({ hasText: new RegExp(`^${before - 1}$`) }).waitFor();
    await count(p, 'Needs analysis').filter({ hasText: new RegExp(`^${beforeNext + 1}$`) }).waitFor();
  }

  // A lost stage needs its reason: the board asks before moving the card.
  const lost = Number(await count(a, 'Lost').innerText());
  await a.locator('section.board-col[aria-label="Needs analysis"] li.board-card').first()
    .dragTo(a.locator('section.board-col[aria-label="Lost"]'));
  const dialog = a.getByRole('dialog');
  await dialog.getByLabel('Lost reason').fill('Budget frozen until next year');
  await shot(a, 'crm-pipeline-lost-reason');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await count(b, 'Lost').filter({ hasText: new RegExp(`^${lost + 1}$`) }).waitFor();
  await count(b, 'Needs analysis').filter({ hasText: new RegExp(`^${beforeNext}$`) }).waitFor();
  await a.context().close();
  await b.context().close();
});

async function visit(page, path, heading, name) {
  await page.goto(server.url + path);
  if (heading) await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  else await page.locator('#page-title').waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
  assert.equal(await page.locator('.alert.error').count(), 0, `no error on ${path}`);
  await shot(page, name);
}

test('every CRM, sales and warehouse page opens on the demo data', async () => {
  const pages = [
    ['/leads', 'Leads', 'crm-leads'], ['/leads/1', null, 'crm-lead'], ['/agenda', 'Activities', 'crm-agenda'],
    ['/campaigns', 'Campaigns', 'crm-campaigns'], ['/opportunities/1', null, 'crm-opportunity'],
    ['/products', 'Products', 'sales-products'], ['/products/1', null, 'sales-product'],
    ['/price-lists', 'Price lists', 'sales-price-lists'], ['/price-lists/2', null, 'sales-price-list'],
    ['/quotes', 'Quotes', 'sales-quotes'], ['/quotes/2', null, 'sales-quote-approval'],
    ['/orders', 'Sales orders', 'sales-orders'], ['/orders/board', 'Order board', 'sales-order-board'],
    ['/transfers', 'Deliveries and receipts', 'stock-transfers'], ['/stock', 'Stock on hand', 'stock-on-hand'],
    ['/counts', 'Inventory counts', 'stock-counts'],
  ];
  // Two browsers share the pages to keep the file quick.
  const tabs = [await signedInPage(browser, server, 'admin', server.adminPassword),
                await signedInPage(browser, server, 'admin', server.adminPassword)];
  await Promise.all(tabs.map(async (tab, i) => {
    for (const [path, heading, name] of pages.filter((_, j) => j % 2 === i)) await visit(tab, path, heading, name);
  }));
  const page = tabs[0];
  // The quote waiting for a discount approval says so.
  await page.goto(server.url + '/quotes/2');
  await page.getByTestId('needs-approval').waitFor();
  await page.getByTestId('workflow').first().waitFor();
  // A count started from the stock of a location shows what is expected there.
  await page.goto(server.url + '/counts');
  await page.getByRole('button', { name: 'New count' }).click();
  await page.getByRole('dialog').getByLabel('Location').selectOption({ label: 'WH/Stock' });
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: /^CNT-/ }).waitFor();
  assert.ok(await page.getByTestId('count-line').count() > 0);
  await shot(page, 'stock-count');
  for (const tab of tabs) await tab.context().close();
});

test('clicking a list header sorts on the server: ascending, descending, then back', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.goto(server.url + '/products');
  const table = page.getByRole('table', { name: 'Products' });
  const skus = () => table.locator('tbody tr td:first-child').allInnerTexts();
  // Waits until the first column reads `want` (the list is re-read from the server).
  const until = async (want) => {
    for (let i = 0; i < 100 && JSON.stringify(await skus()) !== JSON.stringify(want); i++) {
      await page.waitForTimeout(50);
    }
    assert.deepEqual(await skus(), want);
  };
  await table.locator('tbody tr').first().waitFor();
  const byId = await skus();
  const ascending = [...byId].sort();
  assert.notDeepEqual(ascending, byId, 'the demo products are not created in SKU order');
  const header = table.getByRole('columnheader', { name: /SKU/ });
  await header.getByRole('button').click();
  await until(ascending);
  assert.equal(await header.getAttribute('aria-sort'), 'ascending');
  await header.getByRole('button').click();
  await until([...ascending].reverse());
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  assert.match(await header.innerText(), /▼/);
  await header.getByRole('button').click();
  await until(byId);
  assert.equal(await header.getAttribute('aria-sort'), null);
  await page.context().close();
});
