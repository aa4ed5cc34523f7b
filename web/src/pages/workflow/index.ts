import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import '../accounting/accounting.css';

// Every user has an inbox (the API shows each the tasks they may decide).
export const routes: Route[] = [{ path: '/inbox', title: 'nav.inbox', component: lazyPage(() => import('./Inbox'), 'Inbox') }];
export const nav: NavGroup = { label: 'nav.inbox', items: [{ path: '/inbox', label: 'nav.inbox' }] };
