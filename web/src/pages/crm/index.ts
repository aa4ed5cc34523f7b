import type { NavGroup, Route } from '../../router';
import { lazyPage } from '../../ui/lazyPage';

export const routes: Route[] = [
  { path: '/leads', title: 'nav.leads', component: lazyPage(() => import('./LeadList'), 'LeadList'), permission: 'crm.lead.read' },
  { path: '/leads/new', title: 'crm.new_lead', component: lazyPage(() => import('./LeadForm'), 'LeadForm'), permission: 'crm.lead.create' },
  { path: '/leads/:id/edit', title: 'crm.edit_lead', component: lazyPage(() => import('./LeadForm'), 'LeadForm'), permission: 'crm.lead.update' },
  { path: '/leads/:id', title: 'crm.lead', component: lazyPage(() => import('./LeadPage'), 'LeadPage'), permission: 'crm.lead.read' },
  { path: '/pipeline', title: 'nav.pipeline', component: lazyPage(() => import('./Pipeline'), 'Pipeline'), permission: 'crm.opportunity.read' },
  { path: '/opportunities/:id', title: 'crm.opportunity', component: lazyPage(() => import('./OpportunityPage'), 'OpportunityPage'), permission: 'crm.opportunity.read' },
  { path: '/agenda', title: 'nav.agenda', component: lazyPage(() => import('./Agenda'), 'Agenda'), permission: 'crm.activity.read' },
  { path: '/campaigns', title: 'nav.campaigns', component: lazyPage(() => import('./CampaignList'), 'CampaignList'), permission: 'crm.campaign.read' },
  { path: '/campaigns/:id', title: 'crm.campaign', component: lazyPage(() => import('./CampaignPage'), 'CampaignPage'), permission: 'crm.campaign.read' },
];

export const nav: NavGroup = {
  label: 'nav.crm',
  items: [
    { path: '/leads', label: 'nav.leads', permission: 'crm.lead.read' },
    { path: '/pipeline', label: 'nav.pipeline', permission: 'crm.opportunity.read' },
    { path: '/agenda', label: 'nav.agenda', permission: 'crm.activity.read' },
    { path: '/campaigns', label: 'nav.campaigns', permission: 'crm.campaign.read' },
  ],
};
