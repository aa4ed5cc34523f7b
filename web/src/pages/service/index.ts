import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';
import '../accounting/accounting.css';

const READ = 'service.ticket.read';

export const routes: Route[] = [
  { path: '/tickets', title: 'nav.tickets', component: lazyPage(() => import('./TicketList'), 'TicketList'), permission: READ },
  { path: '/tickets/new', title: 'svc.new_ticket', component: lazyPage(() => import('./TicketForm'), 'TicketForm'), permission: 'service.ticket.create' },
  { path: '/tickets/board', title: 'nav.ticket_board', component: lazyPage(() => import('./TicketBoard'), 'TicketBoard'), permission: READ },
  { path: '/tickets/:id', title: 'svc.ticket', component: lazyPage(() => import('./TicketPage'), 'TicketPage'), permission: READ },
  { path: '/sla', title: 'nav.sla', component: lazyPage(() => import('./SlaReport'), 'SlaReport'), permission: 'service.report.read' },
  { path: '/kb', title: 'nav.kb', component: lazyPage(() => import('./Kb'), 'KnowledgeBase'), permission: 'kb.article.read' },
  { path: '/kb/new', title: 'kb.new', component: lazyPage(() => import('./KbArticle'), 'KbEditor'), permission: 'kb.article.create' },
  { path: '/kb/articles/:id', title: 'kb.article', component: lazyPage(() => import('./KbArticle'), 'KbArticle'), permission: 'kb.article.read' },
  { path: '/kb/articles/:id/edit', title: 'kb.edit', component: lazyPage(() => import('./KbArticle'), 'KbEditor'), permission: 'kb.article.update' },
];

export const nav: NavGroup = {
  label: 'nav.service',
  items: [
    { path: '/tickets', label: 'nav.tickets', permission: READ },
    { path: '/tickets/board', label: 'nav.ticket_board', permission: READ },
    { path: '/sla', label: 'nav.sla', permission: 'service.report.read' },
    { path: '/kb', label: 'nav.kb', permission: 'kb.article.read' },
  ],
};
