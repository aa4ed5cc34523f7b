import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import './sales.css';

export const routes: Route[] = [
  { path: '/products', title: 'nav.products', component: lazyPage(() => import('./ProductList'), 'ProductList'), permission: 'catalog.product.read' },
  { path: '/products/:id', title: 'sales.product', component: lazyPage(() => import('./ProductPage'), 'ProductPage'), permission: 'catalog.product.read' },
  { path: '/price-lists', title: 'nav.price_lists', component: lazyPage(() => import('./PriceListList'), 'PriceListList'), permission: 'catalog.price.read' },
  { path: '/price-lists/:id', title: 'sales.price_list', component: lazyPage(() => import('./PriceListPage'), 'PriceListPage'), permission: 'catalog.price.read' },
  { path: '/quotes', title: 'nav.quotes', component: lazyPage(() => import('./QuoteList'), 'QuoteList'), permission: 'sales.quote.read' },
  { path: '/quotes/new', title: 'sales.new_quote', component: lazyPage(() => import('./QuoteEditor'), 'QuoteEditor'), permission: 'sales.quote.create' },
  { path: '/quotes/:id', title: 'sales.quote', component: lazyPage(() => import('./QuoteEditor'), 'QuoteEditor'), permission: 'sales.quote.read' },
  { path: '/orders', title: 'nav.orders', component: lazyPage(() => import('./OrderList'), 'OrderList'), permission: 'sales.order.read' },
  { path: '/orders/board', title: 'nav.orders_board', component: lazyPage(() => import('./OrderBoard'), 'OrderBoard'), permission: 'sales.order.read' },
  { path: '/orders/:id', title: 'sales.order', component: lazyPage(() => import('./OrderPage'), 'OrderPage'), permission: 'sales.order.read' },
];

export const nav: NavGroup = {
  label: 'nav.sales',
  items: [
    { path: '/products', label: 'nav.products', permission: 'catalog.product.read' },
    { path: '/price-lists', label: 'nav.price_lists', permission: 'catalog.price.read' },
    { path: '/quotes', label: 'nav.quotes', permission: 'sales.quote.read' },
    { path: '/orders', label: 'nav.orders', permission: 'sales.order.read' },
    { path: '/orders/board', label: 'nav.orders_board', permission: 'sales.order.read' },
  ],
};
