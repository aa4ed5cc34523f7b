// The frame around every page: top bar (search, notifications, company, language, user) and
// the navigation by area, showing only what the user's permissions open.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { Link, NavGroup, useLocation } from '../router';
import { can, loadSession, Me, sessionStore } from '../session';
import { LangSwitch } from './LangSwitch';
import { Notifications } from './Notifications';
import { Search } from './Search';

function CompanySwitch(props: { me: Me }) {
  const { me } = props;
  if (me.companies.length < 2) return <span class="company">{me.company.name}</span>;
  const change = async (id: number) => {
    await api.post('auth/company', { company_id: id });
    await loadSession();
    history.replaceState(null, '', '/');
    location.reload();
  };
  return (
    <select aria-label={t('shell.company')} value={me.company.id} data-testid="company"
            onChange={(e) => void change(Number(e.currentTarget.value))}>
      {me.companies.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
    </select>
  );
}

function Nav(props: { groups: NavGroup[]; onNavigate: () => void }) {
  const { path } = useLocation();
  // The current item is the one whose path matches most of the address ("/orders/board"
  // rather than "/orders" on the board).
  const matches = (p: string) => path === p || (p !== '/' && path.startsWith(`${p}/`));
  const current = props.groups.flatMap((g) => g.items).map((i) => i.path).filter(matches)
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label={t('shell.menu')} class="sidenav">
      {props.groups.map((g) => {
        const items = g.items.filter((i) => can(i.permission));
        if (items.length === 0) return null;
        return (
          <div key={g.label} class="nav-group">
            <h2>{t(g.label)}</h2>
            <ul class="plain">
              {items.map((i) => {
                return (
                  <li key={i.path}>
                    <Link href={i.path} aria-current={current === i.path ? 'page' : undefined}
                          onClick={props.onNavigate}>{t(i.label)}</Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

export function Shell(props: { me: Me; nav: NavGroup[]; children: ComponentChildren }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const logout = async () => {
    await api.post('auth/logout').catch(() => undefined);
    sessionStorage.clear();
    sessionStore.set(null);
  };
  return (
    <div class={`shell${menuOpen ? ' menu-open' : ''}`}>
      <a class="skip" href="#main">{t('app.skip')}</a>
      <header class="topbar">
        <button type="button" class="icon menu-toggle" aria-label={t('shell.menu')}
                aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)}>☰</button>
        <Link href="/" class="brand">{t('app.name')}</Link>
        <Search />
        <div class="topbar-right">
          <Notifications />
          <CompanySwitch me={props.me} />
          <LangSwitch />
          <span class="user" data-testid="user">{props.me.user.display_name}</span>
          <button type="button" onClick={() => void logout()}>{t('shell.logout')}</button>
        </div>
      </header>
      <Nav groups={props.nav} onNavigate={() => setMenuOpen(false)} />
      <main id="main" class="content">{props.children}</main>
    </div>
  );
}
