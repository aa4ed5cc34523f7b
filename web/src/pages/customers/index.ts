import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';

export const routes: Route[] = [
  { path: '/customers', title: 'nav.customers', component: lazyPage(() => import('./CustomerList'), 'CustomerList'), permission: 'party.party.read' },
  { path: '/customers/new', title: 'cust.new', component: lazyPage(() => import('./CustomerForm'), 'CustomerForm'), permission: 'party.party.create' },
  { path: '/customers/import', title: 'imp.title', component: lazyPage(() => import('./ImportPage'), 'ImportPage') },
  { path: '/customers/:id/edit', title: 'cust.edit', component: lazyPage(() => import('./CustomerForm'), 'CustomerForm'), permission: 'party.party.update' },
  { path: '/customers/:id', title: 'cust.overview', component: lazyPage(() => import('./Customer360'), 'Customer360'), permission: 'party.party.read' },
];
export const nav: NavGroup = {
  label: 'nav.customers',
  items: [
    { path: '/customers', label: 'nav.customers', permission: 'party.party.read' },
    { path: '/customers/import', label: 'nav.import', permission: 'party.party.create' },
  ],
};
