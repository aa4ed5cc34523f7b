import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import '../accounting/accounting.css';

export const routes: Route[] = [
  { path: '/admin/users', title: 'nav.users', component: lazyPage(() => import('./Users'), 'Users'), permission: 'security.user.read' },
  { path: '/admin/roles', title: 'nav.roles', component: lazyPage(() => import('./Roles'), 'Roles'), permission: 'security.role.read' },
  { path: '/admin/departments', title: 'nav.departments', component: lazyPage(() => import('./Departments'), 'Departments'), permission: 'security.department.read' },
  { path: '/admin/company', title: 'nav.company', component: lazyPage(() => import('./Company'), 'CompanySettings'), permission: 'security.company.read' },
  { path: '/audit', title: 'nav.audit', component: lazyPage(() => import('./Audit'), 'AuditTrail'), permission: 'security.audit.read' },
];

export const nav: NavGroup = {
  label: 'nav.admin',
  items: [
    { path: '/admin/users', label: 'nav.users', permission: 'security.user.read' },
    { path: '/admin/roles', label: 'nav.roles', permission: 'security.role.read' },
    { path: '/admin/departments', label: 'nav.departments', permission: 'security.department.read' },
    { path: '/admin/company', label: 'nav.company', permission: 'security.company.read' },
    { path: '/audit', label: 'nav.audit', permission: 'security.audit.read' },
  ],
};
