// The application: loads the session, shows the login or the shell with the current page.
import { useEffect, useState } from 'preact/hooks';
import { onUnauthenticated } from './api';
import { t, useLang } from './i18n';
import { Login } from './Login';
import { findRoute, useLocation } from './router';
import { allRoutes, navGroups } from './routes';
import { can, loadSession, sessionStore, useSession } from './session';
import { Shell } from './shell/Shell';
import { ErrorBanner, PageHeader } from './ui/components';
import { ApiError } from './api';

export function App() {
  useLang();  // every label re-renders on a language switch
  const me = useSession();
  const { path, query } = useLocation();
  const [notice, setNotice] = useState<string | undefined>(undefined);

  useEffect(() => {
    void loadSession();
    return onUnauthenticated(() => {
      if (sessionStore.get()) setNotice(t('shell.session_expired'));
      sessionStore.set(null);
    });
  }, []);

  useEffect(() => {
    const match = findRoute(allRoutes, path);
    document.title = match ? `${t(match.route.title)} · ${t('app.name')}` : t('app.name');
    document.getElementById('page-title')?.focus({ preventScroll: true });
  }, [path, me]);

  if (me === undefined) return <p class="muted boot" role="status">{t('app.loading')}</p>;
  if (me === null) return <Login notice={notice} />;

  const match = findRoute(allRoutes, path);
  let page;
  if (!match) {
    page = <><PageHeader title={t('err.not_found')} /></>;
  } else if (!can(match.route.permission)) {
    page = <><PageHeader title={t(match.route.title)} />
      <ErrorBanner error={new ApiError(403, 'forbidden', '')} /></>;
  } else {
    const Page = match.route.component;
    page = <Page key={path} params={match.params} query={query} />;
  }
  return <Shell me={me} nav={navGroups}>{page}</Shell>;
}
