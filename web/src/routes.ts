// Every page of the UI: each area lists its routes and its navigation group in
// pages/<area>/index.ts; this file only puts them together in menu order.
import type { NavGroup, Route } from './router';
import * as dashboard from './pages/dashboard';
import * as customers from './pages/customers';
import * as crm from './pages/crm';
import * as sales from './pages/sales';
import * as stock from './pages/stock';
import * as accounting from './pages/accounting';
import * as service from './pages/service';
import * as workflow from './pages/workflow';
import * as admin from './pages/admin';

const areas = [dashboard, customers, crm, sales, stock, accounting, service, workflow, admin];

export const allRoutes: Route[] = areas.flatMap((a) => a.routes);
export const navGroups: NavGroup[] = areas.map((a) => a.nav);
