// Accounting, service, approvals and administration pages: a ticket from creation to
// resolution with its deadline, a discount approval decided in the inbox, a payment registered
// from an invoice, the pages in Chinese, and a screenshot of every main page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD, closeSuite, openSuite, shot, signedInPage } from './harness.mjs';

let server;
let browser;
before(async () => ({ server, browser } = await openSuite()));
after(() => closeSuite(server, browser));

/** A small API client signed in as `login` (bearer token: no CSRF header needed). */
async function apiAs(login, password = DEMO_PASSWORD) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  assert.equal(res.status, 200, `login ${login}`);
  const { token } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${server.url}/api/v1/${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

test('a ticket shows its deadline, takes a progress entry and is resolved', async () => {
  const page = await signedInPage(browser, server, 'bob', DEMO_PASSWORD);
  await page.goto(`${server.url}/tickets/new?party_id=1`);
  await page.getByRole('heading', { name: 'New ticket' }).waitFor();
  await page.getByTestId('f-party_id-value').waitFor();
  // A category with a maximum processing time of one business day (8 h).
  const option = page.locator('#f-category_id option', { hasText: 'Product question' });
  await page.getByLabel('Category').selectOption(await option.getAttribute('value'));
  await page.getByText('Maximum processing time: 8 h of business time.').waitFor();
  await page.getByLabel('Subject').fill('Which water temperature for Longjing green tea?');
  await page.getByLabel('Description').fill('The customer asks how to brew the Longjing tea of the last order.');
  await page.getByRole('button', { name: 'Open ticket' }).click();

  await page.getByRole('heading', { name: /Which water temperature for Longjing/ }).waitFor();
  const card = page.getByTestId('deadline-card');
  await card.getByText('Resolution deadline').waitFor();
  assert.match(await card.getByTestId('deadline').innerText(), /^Due in /);
  await card.getByText('8 h', { exact: true }).waitFor();
  // The knowledge base suggested answers when the ticket was opened; one gets a vote.
  const suggestions = page.getByTestId('suggestions');
  await suggestions.getByRole('link', { name: /Brewing guide/ }).waitFor();
  assert.ok(await suggestions.locator('mark').count() > 0, 'highlighted passage');
  await suggestions.getByRole('button', { name: 'Yes' }).first().click();
  await suggestions.getByText('Thank you for the feedback.').waitFor();

  await page.getByLabel('New progress entry').fill('Called the customer: 80 °C water, 2 minutes.');
  await page.getByLabel('Customer', { exact: true }).check();
  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByTestId('entries').getByText('Called the customer: 80 °C water, 2 minutes.').waitFor();

  await page.getByRole('button', { name: 'Start work' }).click();
  await page.locator('.page-header .badge', { hasText: 'In progress' }).waitFor();
  await page.getByRole('button', { name: 'Resolve' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Resolution').fill('Brewing guide sent to the customer.');
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await page.getByTestId('resolution').getByText('Brewing guide sent to the customer.').waitFor();
  await page.locator('.page-header .badge', { hasText: 'Resolved' }).waitFor();
  assert.equal(await card.getByTestId('deadline').innerText(), 'Resolved in time');
  await shot(page, 'ops-ticket');
  await page.context().close();
});

test('a discount approval waits in the manager\'s inbox; approving it lets the quote be sent', async () => {
  const alice = await apiAs('alice');
  const [product] = (await alice('GET', 'products?limit=1')).items;
  const quote = await alice('POST', 'quotes', {
    party_id: 1, lines: [{ product_id: product.id, quantity: '2', unit_price: '168.00', discount_percent: '20' }],
  });
  assert.equal(quote.needs_approval, true);
  await alice('POST', `quotes/${quote.id}/request-approval`);

  // Bob (Sales Manager: sales.quote.approve) decides the first step of discount_approval.
  const page = await signedInPage(browser, server, 'bob', DEMO_PASSWORD);
  await page.getByRole('navigation').getByRole('link', { name: 'Approvals' }).click();
  await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
  const row = page.getByTestId('inbox').getByRole('row').filter({ hasText: quote.number });
  await row.getByRole('link', { name: `Quote ${quote.number}` }).waitFor();
  await row.getByText('discount up to 20 %').waitFor();
  await row.getByRole('button', { name: 'History' }).click();
  await page.getByTestId('history').getByText('Task opened').waitFor();
  await shot(page, 'ops-inbox');
  await row.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Comment').fill('Long-standing customer, approved.');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('status').filter({ hasText: 'Approved: Sales manager approves the discount' }).waitFor();
  await page.getByRole('row').filter({ hasText: quote.number }).waitFor({ state: 'detached' });

  const sent = await alice('POST', `quotes/${quote.id}/send`);
  assert.equal(sent.state, 'sent');
  await page.context().close();
});

test('a payment registered from an invoice settles it', async () => {
  const carol = await apiAs('carol');
  const open = (await carol('GET', 'invoices?state=posted&kind=invoice&limit=100')).items
    .find((i) => Number(i.residual) > 0);
  assert.ok(open, 'an open demo invoice');
  const page = await signedInPage(browser, server, 'carol', DEMO_PASSWORD);
  await page.goto(`${server.url}/invoices/${open.id}`);
  await page.getByRole('heading', { name: `Invoice ${open.number}` }).waitFor();
  await page.getByRole('button', { name: 'Register payment' }).click();
  const dialog = page.getByRole('dialog');
  assert.equal(await dialog.getByLabel(/^Amount/).inputValue(), open.residual);
  await dialog.getByRole('button', { name: 'Register payment' }).click();
  await page.locator('.page-header .badge', { hasText: 'Paid' }).waitFor();
  assert.match(await page.getByTestId('residual').innerText(), /0\.00/);
  await page.getByTestId('allocations').getByRole('link', { name: /^PAY-/ }).last().waitFor();
  await shot(page, 'ops-invoice-paid');
  await page.context().close();
});

test('dragging a ticket to Resolved on the board asks for the resolution and resolves it', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.setViewportSize({ width: 1920, height: 1000 });
  await page.goto(`${server.url}/tickets/board`);
  const column = (key) => page.locator(`section.board-col[data-column="${key}"]`);
  const count = (key) => column(key).getByTestId('count');
  await column('in_progress').locator('li.board-card').first().waitFor();
  const inProgress = Number(await count('in_progress').innerText());
  const resolved = Number(await count('resolved').innerText());
  await column('in_progress').locator('li.board-card').first().dragTo(column('resolved'));
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Resolution').fill('Replaced the damaged item with the next shipment.');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await count('resolved').filter({ hasText: new RegExp(`^${resolved + 1}$`) }).waitFor();
  await count('in_progress').filter({ hasText: new RegExp(`^${inProgress - 1}$`) }).waitFor();
  await shot(page, 'ops-ticket-board-resolved');
  await page.context().close();
});

test('switching to Chinese translates the invoices and tickets pages', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  await page.goto(`${server.url}/invoices`);
  await page.getByRole('heading', { name: 'Invoices' }).waitFor();
  await page.getByTestId('lang').selectOption('zh');
  await page.getByRole('heading', { name: '发票' }).waitFor();
  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: '收付款' }).waitFor();
  await nav.getByRole('link', { name: '财务报表' }).waitFor();
  await page.getByRole('columnheader', { name: '未结金额' }).waitFor();
  await page.getByRole('columnheader', { name: '类型' }).waitFor();
  await page.getByRole('cell', { name: '已付清' }).first().waitFor();
  await shot(page, 'ops-invoices-zh');
  await nav.getByRole('link', { name: '工单', exact: true }).click();
  await page.getByRole('heading', { name: '工单' }).waitFor();
  await page.getByRole('columnheader', { name: '截止时间' }).waitFor();
  await page.getByRole('columnheader', { name: '优先级' }).waitFor();
  await nav.getByRole('link', { name: '工单看板' }).waitFor();
  await shot(page, 'ops-tickets-zh');
  await page.getByTestId('lang').selectOption('en');
  await page.context().close();
});

test('the main pages open without errors (screenshots)', async () => {
  const page = await signedInPage(browser, server, 'admin', server.adminPassword);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const pages = [
    ['/invoices', 'Invoices', 'ops-invoices'], ['/invoices/1', 'Invoice INV-000001', 'ops-invoice'],
    ['/payments', 'Payments', 'ops-payments'], ['/reports', 'Financial reports', 'ops-reports'],
    ['/reports/trial-balance', 'Trial balance', 'ops-trial-balance'],
    ['/reports/profit-and-loss', 'Profit and loss', 'ops-profit-and-loss'],
    ['/reports/balance-sheet', 'Balance sheet', 'ops-balance-sheet'], ['/reports/ageing', 'Ageing', 'ops-ageing'],
    ['/tickets', 'Tickets', 'ops-tickets'], ['/tickets/board', 'Ticket board', 'ops-ticket-board'],
    ['/sla', 'SLA report', 'ops-sla'], ['/admin/users', 'Users', 'ops-users'], ['/admin/roles', 'Roles', 'ops-roles'],
    ['/admin/departments', 'Departments', 'ops-departments'], ['/admin/company', 'Company settings', 'ops-company'],
    ['/audit?entity=invoice&id=1', 'Audit trail', 'ops-audit'],
  ];
  for (const [path, heading, name] of pages) {
    await page.goto(server.url + path);
    await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    // Several panels of a page may be loading at once: wait until none is (a locator's waitFor
    // refuses to wait on more than one element).
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') &&
      ![...document.querySelectorAll('[role="status"]')].some((e) => /Loading/.test(e.textContent ?? '')));
    assert.equal(await page.locator('.alert.error').count(), 0, `${path} shows an error`);
    await shot(page, name);
  }
  // The knowledge base answers a question with highlighted passages (rendered as text + <mark>).
  await page.goto(`${server.url}/kb`);
  await page.getByLabel('Question', { exact: true }).fill('How long does a refund take?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  const answers = page.getByTestId('answers');
  await answers.getByRole('link', { name: /Refunds/ }).waitFor();
  assert.ok(await answers.locator('mark').count() > 0);
  await shot(page, 'ops-kb');
  assert.deepEqual(errors, []);
  await page.context().close();
});
