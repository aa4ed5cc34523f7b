import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import './accounting.css';

const REPORT = 'accounting.report.read';

export const routes: Route[] = [
  { path: '/invoices', title: 'nav.invoices', component: lazyPage(() => import('./InvoiceList'), 'InvoiceList'), permission: 'invoicing.invoice.read' },
  { path: '/invoices/:id', title: 'acc.invoice', component: lazyPage(() => import('./InvoicePage'), 'InvoicePage'), permission: 'invoicing.invoice.read' },
  { path: '/payments', title: 'nav.payments', component: lazyPage(() => import('./Payments'), 'PaymentList'), permission: 'invoicing.payment.read' },
  { path: '/payments/:id', title: 'acc.payment', component: lazyPage(() => import('./Payments'), 'PaymentPage'), permission: 'invoicing.payment.read' },
  { path: '/journal-entries/:id', title: 'acc.entry', component: lazyPage(() => import('./JournalEntry'), 'JournalEntryPage'), permission: 'accounting.entry.read' },
  { path: '/reports', title: 'nav.reports', component: lazyPage(() => import('./Reports'), 'ReportsIndex'), permission: REPORT },
  { path: '/reports/trial-balance', title: 'acc.trial_balance', component: lazyPage(() => import('./Reports'), 'TrialBalance'), permission: REPORT },
  { path: '/reports/general-ledger', title: 'acc.general_ledger', component: lazyPage(() => import('./Reports'), 'GeneralLedger'), permission: REPORT },
  { path: '/reports/profit-and-loss', title: 'acc.profit_and_loss', component: lazyPage(() => import('./Statements'), 'ProfitAndLoss'), permission: REPORT },
  { path: '/reports/balance-sheet', title: 'acc.balance_sheet', component: lazyPage(() => import('./Statements'), 'BalanceSheet'), permission: REPORT },
  { path: '/reports/ageing', title: 'acc.ageing', component: lazyPage(() => import('./Ageing'), 'Ageing'), permission: REPORT },
  { path: '/reports/budget-vs-actual', title: 'acc.budget_vs_actual', component: lazyPage(() => import('./Ageing'), 'BudgetVsActual'), permission: REPORT },
];

export const nav: NavGroup = {
  label: 'nav.accounting',
  items: [
    { path: '/invoices', label: 'nav.invoices', permission: 'invoicing.invoice.read' },
    { path: '/payments', label: 'nav.payments', permission: 'invoicing.payment.read' },
    { path: '/reports', label: 'nav.reports', permission: REPORT },
  ],
};
