import type { NavGroup, Route } from '../../router';
import { Dashboard } from './Dashboard';

export const routes: Route[] = [{ path: '/', title: 'nav.dashboard', component: Dashboard }];
export const nav: NavGroup = { label: 'nav.dashboard', items: [{ path: '/', label: 'nav.dashboard' }] };
