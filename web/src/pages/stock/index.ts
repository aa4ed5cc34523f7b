import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import './stock.css';

export const routes: Route[] = [
  { path: '/transfers', title: 'nav.transfers', component: lazyPage(() => import('./TransferList'), 'TransferList'), permission: 'inventory.transfer.read' },
  { path: '/transfers/:id', title: 'stock.transfer', component: lazyPage(() => import('./TransferPage'), 'TransferPage'), permission: 'inventory.transfer.read' },
  { path: '/stock', title: 'nav.stock', component: lazyPage(() => import('./StockList'), 'StockList'), permission: 'inventory.warehouse.read' },
  { path: '/counts', title: 'nav.counts', component: lazyPage(() => import('./CountList'), 'CountList'), permission: 'inventory.count.read' },
  { path: '/counts/:id', title: 'stock.count', component: lazyPage(() => import('./CountPage'), 'CountPage'), permission: 'inventory.count.read' },
];

export const nav: NavGroup = {
  label: 'nav.warehouse',
  items: [
    { path: '/transfers', label: 'nav.transfers', permission: 'inventory.transfer.read' },
    { path: '/stock', label: 'nav.stock', permission: 'inventory.warehouse.read' },
    { path: '/counts', label: 'nav.counts', permission: 'inventory.count.read' },
  ],
};
